import type { CatalogDatabase } from '../core/db/open-database.js';
import { loadBridges, type Bridges } from '../core/features/bridges.js';
import { movieCards, songCards } from '../core/recommend/hydrate.js';
import { loadRecommendContext } from '../core/recommend/context.js';
import { recommend, RecommendError, type RecommendContext, type RecommendRequest } from '../core/recommend/recommend.js';
import { VibeIndex } from '../core/recommend/vibe-index.js';
import { withTastePicks } from '../core/taste/taste-picks.js';
import { TasteError } from '../core/taste/taste-store.js';
import { readyModelVersion, vibeIndexStatus } from '../core/vibe/index-store.js';
import { intentWeights } from '../core/vibe/ranker.js';
import { matchPercent, type RecommendResponseData, type SoundtrackLinkRelation } from '../shared/recommend-schemas';
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
    const model = this.index && this.index.modelId === status.modelId ? this.index.model : null;
    const ranker = model?.ranker ?? null;
    // The sliders start from the song → movie weights; every response carries the weights it really used.
    const soundtrack = ranker ? intentWeights(ranker, 'soundtrack', 'song-to-movie') : null;
    return {
      ...status,
      staleReasons: [...status.staleReasons],
      defaultWeights: ranker ? { ...intentWeights(ranker, ranker.defaultIntent, 'song-to-movie') } : model ? { ...model.weights } : null,
      intentWeights: soundtrack ? { soundtrack: { ...soundtrack }, feel: { ...intentWeights(ranker!, 'feel', 'song-to-movie') } } : null,
      defaultIntent: ranker?.defaultIntent ?? null,
    };
  }

  async query(query: RecommendRequest & { readonly taste?: number | undefined }): Promise<RecommendResponseData> {
    const index = await this.current();
    if (!index) throw new ServiceError(vibeIndexStatus(this.db()).staleReasons[0] ?? 'Build the vibe space first (Library › Vibe space).');
    const db = this.db();
    let request: RecommendRequest = query;
    try {
      if (query.taste !== undefined) request = withTastePicks(db, index, query, query.taste);
      const response = await recommend(db, index, (this.bridges ??= loadBridges()).phrases, request, this.context(db));
      // Once this answer is out: the other kind's matrix, and both kinds' remaining rows off this thread.
      // A failure here must not take the server down: the request that needs that kind reports it.
      setImmediate(() => {
        try {
          index.loadRemainingRows();
        } catch {
          // reported by the next request of that kind
        }
      });
      const items = [...response.results, ...response.pickMoods, ...response.links];
      const songs = songCards(db, items.filter((item) => item.kind === 'song').map(idOf));
      const movies = movieCards(db, items.filter((item) => item.kind === 'movie').map(idOf));
      const cards = (kind: 'song' | 'movie', id: number) => {
        const song = kind === 'song' ? songs.get(id) : undefined;
        const movie = kind === 'movie' ? movies.get(id) : undefined;
        return { song: song ? songCardData(song) : null, movie: movie ? movieCardData(movie) : null };
      };
      return {
        modelId: index.modelId,
        intent: response.intent,
        links: response.links
          .filter((link) => (link.kind === 'song' ? songs.has(link.itemId) : movies.has(link.itemId)))
          .map((link) => {
            const linked = cards(link.kind, link.itemId);
            const label = linkLabel(link.relation, linked.movie?.title ?? null);
            return { ...link, label, ...linked };
          }),
        // An item removed since the build (an undone import) has no card: leave it out until the next build.
        results: response.results
          .filter((result) => (result.kind === 'song' ? songs.has(result.itemId) : movies.has(result.itemId)))
          .map((result) => ({
            ...result,
            match: matchPercent(result.score),
            otherVersions: [...result.otherVersions],
            blocks: { ...result.blocks },
            axes: [...result.axes],
            reasons: [...result.reasons],
            mood: result.mood ? [...result.mood] : null,
            ...cards(result.kind, result.itemId),
          })),
        weights: { ...response.weights },
        profileMood: response.profileMood ? [...response.profileMood] : null,
        picks: response.pickMoods.map((pick) => ({ kind: pick.kind, id: pick.id, mood: pick.mood ? [...pick.mood] : null, ...cards(pick.kind, pick.id) })),
        allowed: response.allowed,
        familyFilm: response.familyFilm,
        elapsedMs: response.elapsedMs,
      };
    } catch (error) {
      if (error instanceof RecommendError || error instanceof TasteError) throw new ServiceError(error.message);
      throw error;
    }
  }

  private contextCache: { key: string; context: RecommendContext } | null = null;
  /**
   * Recording groups, reloaded when an import or a build changed them (the soundtrack links, which
   * imports and builds rebuild, are read per pick and need no reload).
   */
  private context(db: CatalogDatabase): RecommendContext {
    const key = JSON.stringify(db.prepare(`SELECT (SELECT max(id) FROM import_runs), (SELECT max(id) FROM vibe_models)`).raw().get());
    if (this.contextCache?.key !== key) this.contextCache = { key, context: loadRecommendContext(db, { snapshotDir: this.options.snapshotDir() }) };
    return this.contextCache.context;
  }

  /** Resolves once the current index is loaded with all its rows (nothing to wait for without one). */
  async whenLoaded(): Promise<void> {
    await (await this.current())?.whenRowsLoaded();
  }

  /** Starts loading the index in the background (e.g. at start-up and after a build). */
  preload(): void {
    void this.current()
      .then((index) => index?.loadRemainingRows())
      .catch(() => undefined);
  }

  private async current(): Promise<VibeIndex | null> {
    const ready = readyModelVersion(this.db());
    if (ready === null) return null;
    if (this.index?.modelId === ready.id && JSON.stringify(ready) === this.loadedVersion) return this.index;
    this.loading ??= (async () => {
      const previous = this.index;
      this.index = null;
      await previous?.close();
      this.index = VibeIndex.load(this.db(), { engine: { threads: this.options.threads() }, snapshotDir: this.options.snapshotDir(), lazyKinds: true });
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

/** A link group's heading (the evidence of each link names the artist: "the film is about Queen"). */
function linkLabel(relation: SoundtrackLinkRelation, movieTitle: string | null): string {
  switch (relation) {
    case 'soundtrack':
      return "From the film's soundtrack";
    case 'used-in':
      return `Used in ${movieTitle ?? 'a film'}`;
    case 'by-artist':
      return 'By the artist the film is about';
    case 'about-artist':
      return "Films about the song's artist";
  }
}
