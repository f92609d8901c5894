import type { CatalogDatabase } from '../core/db/open-database.js';
import { loadBridges, type Bridges } from '../core/features/bridges.js';
import { movieCards, songCards } from '../core/recommend/hydrate.js';
import { recommend, type RecommendRequest } from '../core/recommend/recommend.js';
import { VibeIndex } from '../core/recommend/vibe-index.js';
import { readyModelVersion, vibeIndexStatus } from '../core/vibe/index-store.js';
import type { RecommendResponseData } from '../shared/recommend-schemas';
import { movieCardData, songCardData } from './cards';
import { ServiceError } from './dispatch';

export interface RecommendationOptions {
  /** Scan threads for the top-k engine (the worker-threads setting). */
  readonly threads: () => number;
  /** Where vector snapshots are cached (in the data folder). */
  readonly snapshotDir: () => string;
}

/**
 * Holds the vibe index in memory for the UI's queries. It loads on first use (and right after a
 * build), and notices a newer ready model with one cheap query per request, so a build finished
 * by a worker, the CLI or another window is picked up without restarting.
 */
export class RecommendationService {
  private index: VibeIndex | null = null;
  private bridges: Bridges | null = null;
  private loading: Promise<VibeIndex | null> | null = null;

  constructor(
    private readonly db: () => CatalogDatabase,
    private readonly options: RecommendationOptions,
  ) {}

  status() {
    const status = vibeIndexStatus(this.db());
    const defaults = this.index && this.index.modelId === status.modelId ? this.index.model.weights : null;
    return { ...status, staleReasons: [...status.staleReasons], defaultWeights: defaults ? { ...defaults } : null };
  }

  async query(request: RecommendRequest): Promise<RecommendResponseData> {
    const index = await this.current();
    if (!index) throw new ServiceError(vibeIndexStatus(this.db()).staleReasons[0] ?? 'Build the vibe space first (Library › Vibe space).');
    const db = this.db();
    const response = await recommend(db, index, (this.bridges ??= loadBridges()).phrases, request);
    const songs = songCards(db, [...response.results, ...response.pickMoods].filter((item) => item.kind === 'song').map(idOf));
    const movies = movieCards(db, [...response.results, ...response.pickMoods].filter((item) => item.kind === 'movie').map(idOf));
    const cards = (kind: 'song' | 'movie', id: number) => {
      const song = kind === 'song' ? songs.get(id) : undefined;
      const movie = kind === 'movie' ? movies.get(id) : undefined;
      return { song: song ? songCardData(song) : null, movie: movie ? movieCardData(movie) : null };
    };
    return {
      modelId: index.modelId,
      results: response.results.map((result) => ({ ...result, blocks: { ...result.blocks }, axes: [...result.axes], reasons: [...result.reasons], mood: result.mood ? [...result.mood] : null, ...cards(result.kind, result.itemId) })),
      weights: { ...response.weights },
      profileMood: response.profileMood ? [...response.profileMood] : null,
      picks: response.pickMoods.map((pick) => ({ kind: pick.kind, id: pick.id, mood: pick.mood ? [...pick.mood] : null, ...cards(pick.kind, pick.id) })),
      allowed: response.allowed,
      elapsedMs: response.elapsedMs,
    };
  }

  /** Starts loading the index in the background (e.g. at start-up and after a build). */
  preload(): void {
    void this.current().catch(() => undefined);
  }

  private async current(): Promise<VibeIndex | null> {
    const ready = readyModelVersion(this.db());
    if (ready === null) return null;
    if (this.index?.modelId === ready.id && JSON.stringify(ready) === this.loadedVersion) return this.index;
    this.loading ??= (async () => {
      const previous = this.index;
      this.index = null;
      await previous?.close();
      this.index = VibeIndex.load(this.db(), { engine: { threads: this.options.threads() }, snapshotDir: this.options.snapshotDir() });
      this.loadedVersion = JSON.stringify(readyModelVersion(this.db()));
      return this.index;
    })().finally(() => (this.loading = null));
    return this.loading;
  }

  /** The ready model's version when the index was loaded: an incremental build changes its counts, so it reloads. */
  private loadedVersion = '';

  async close(): Promise<void> {
    await this.loading?.catch(() => undefined);
    await this.index?.close();
    this.index = null;
  }
}

const idOf = (item: { itemId: number } | { id: number }): number => ('itemId' in item ? item.itemId : item.id);
