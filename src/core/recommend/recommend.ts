import type { CatalogDatabase } from '../db/open-database.js';
import type { TopKHit } from '../engine/index.js';
import { reweightQuery } from '../vibe/encode.js';
import { explainMatch, type Explanation, type PhraseBook } from '../vibe/explain.js';
import { interleaveByPick, meanProfile } from '../vibe/profile.js';
import { normaliseWeights, type BlockWeights } from '../vibe/weights.js';
import { allowedRows, type RecommendFilters } from './filters.js';
import type { ItemKind, VibeIndex } from './vibe-index.js';
import { UserError } from '../../shared/errors.js';

export interface Pick {
  readonly kind: ItemKind;
  readonly id: number;
}

export interface RecommendRequest {
  readonly picks: readonly Pick[];
  readonly target: ItemKind;
  readonly k?: number;
  /** 'mean': one profile from all picks. 'blend': results of each pick interleaved, so every pick is represented. */
  readonly mode?: 'mean' | 'blend';
  /** Block weights for this query (default: the model's); re-weights the query, not the catalog. */
  readonly weights?: Partial<BlockWeights>;
  readonly filters?: RecommendFilters;
  /** 0 = pure relevance … 1 = most diverse (maximal marginal relevance). */
  readonly diversity?: number;
}

export interface Recommendation extends Explanation {
  readonly kind: ItemKind;
  readonly itemId: number;
  /** Σ weight × block cosine: the sum of `blocks`. */
  readonly score: number;
  /** Blend mode: the index of the pick this result came from. */
  readonly viaPick: number | null;
  /** Raw mood axes (0..1) for the vibe map. */
  readonly mood: readonly number[] | null;
}

export interface RecommendResponse {
  readonly results: readonly Recommendation[];
  readonly weights: BlockWeights;
  /** The mean raw mood axes of the picks, for the radar. */
  readonly profileMood: readonly number[] | null;
  readonly pickMoods: readonly { readonly kind: ItemKind; readonly id: number; readonly mood: readonly number[] | null }[];
  /** Rows the filters allowed (null when unfiltered). */
  readonly allowed: number | null;
  readonly elapsedMs: number;
}

export class RecommendError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'RecommendError';
  }
}

export const MAX_K = 500;

export async function recommend(db: CatalogDatabase, index: VibeIndex, phrases: PhraseBook, request: RecommendRequest): Promise<RecommendResponse> {
  const started = performance.now();
  if (request.picks.length === 0) throw new RecommendError('Pick at least one song or movie.');
  const k = Math.max(1, Math.min(MAX_K, Math.floor(request.k ?? 20)));
  const { model } = index;
  const weights = normaliseWeights({ ...model.weights, ...request.weights });
  const target = index.of(request.target);
  const pickVectors = request.picks.map((pick) => pickVector(db, index, pick));
  const exclude = new Set(request.picks.filter((pick) => pick.kind === request.target).map((pick) => target.rowOf(pick.id)).filter((row) => row >= 0));
  const allow = allowedRows(db, target, request.filters);
  const diversity = Math.max(0, Math.min(1, request.diversity ?? 0));
  const search = (vector: Float32Array): Promise<TopKHit[]> =>
    target.engine.search({ vector, k, ...(allow ? { allow } : {}), exclude, ...(diversity > 0 ? { mmrLambda: 1 - 0.6 * diversity } : {}) });

  let ranked: { hit: TopKHit; query: Float32Array; viaPick: number | null }[];
  if ((request.mode ?? 'mean') === 'blend' && pickVectors.length > 1) {
    const queries = pickVectors.map((vector) => reweightQuery(meanProfile([vector], model), model, weights));
    const perPick = await Promise.all(queries.map(async (query, pick) => (await search(query)).map((hit) => ({ hit, query, viaPick: pick }))));
    ranked = interleaveByPick(perPick, (entry) => entry.hit.itemId, k);
  } else {
    const query = reweightQuery(meanProfile(pickVectors, model), model, weights);
    ranked = (await search(query)).map((hit) => ({ hit, query, viaPick: null }));
  }

  const moods = index.moods(db, request.target, ranked.map((entry) => entry.hit.itemId));
  // Between a song and a movie the visual block compares a poster with the colours the song's mood predicts.
  const posterToPoster = request.target === 'movie' && request.picks.every((pick) => pick.kind === 'movie');
  const phraseBook: PhraseBook = { concept: (id) => phrases.concept(id), region: (id) => phrases.region(id), visual: posterToPoster ? 'a similar poster look' : 'poster colours that match the mood' };
  const results = ranked.map(({ hit, query, viaPick }): Recommendation => {
    const explanation = explainMatch(query, target.vectorOf(hit.row), model, phraseBook);
    const score = Object.values(explanation.blocks).reduce((sum, value) => sum + value, 0);
    return { ...explanation, kind: request.target, itemId: hit.itemId, score, viaPick, mood: arrayOrNull(moods.get(hit.itemId)) };
  });
  // One lookup per kind, not per pick.
  const moodsOfPicks = { song: index.moods(db, 'song', idsOfKind(request.picks, 'song')), movie: index.moods(db, 'movie', idsOfKind(request.picks, 'movie')) };
  const pickMoods = request.picks.map((pick) => ({ ...pick, mood: arrayOrNull(moodsOfPicks[pick.kind].get(pick.id)) }));
  return {
    results,
    weights,
    profileMood: meanOf(pickMoods.map((pick) => pick.mood).filter((mood): mood is number[] => mood !== null)),
    pickMoods,
    allowed: allow ? allow.count() : null,
    elapsedMs: performance.now() - started,
  };
}

function pickVector(db: CatalogDatabase, index: VibeIndex, pick: Pick): Float32Array {
  const kindIndex = index.of(pick.kind);
  const row = kindIndex.rowOf(pick.id);
  if (row >= 0) return kindIndex.vectorOf(row);
  const table = pick.kind === 'song' ? 'songs' : 'movies';
  const title = db.prepare(`SELECT title FROM ${table} WHERE id = ?`).pluck().get(pick.id) as string | undefined;
  if (title === undefined) throw new RecommendError(`There is no ${pick.kind} with id ${pick.id} in the catalog.`);
  throw new RecommendError(`"${title}" (${pick.kind} ${pick.id}) was imported after the vibe space was built: rebuild it (Library › Vibe space, or crossfade build-vibe).`);
}

function idsOfKind(picks: readonly Pick[], kind: ItemKind): number[] {
  return picks.filter((pick) => pick.kind === kind).map((pick) => pick.id);
}

function arrayOrNull(values: Float32Array | undefined): number[] | null {
  return values ? Array.from(values) : null;
}

function meanOf(rows: readonly (readonly number[])[]): number[] | null {
  if (rows.length === 0) return null;
  return rows[0]!.map((_, axis) => rows.reduce((sum, row) => sum + row[axis]!, 0) / rows.length);
}
