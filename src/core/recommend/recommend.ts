import type { Intent } from '../../shared/recommend-schemas.js';
import type { CatalogDatabase } from '../db/open-database.js';
import type { TopKHit } from '../engine/index.js';
import { explainMatch, type Explanation, type PhraseBook, type QueryConcepts } from '../vibe/explain.js';
import { interleaveByPick, queryWithConcepts } from '../vibe/profile.js';
import { directionOf, intentWeights } from '../vibe/ranker.js';
import { normaliseWeights, type BlockWeights } from '../vibe/weights.js';
import { mainArtistsOf, separateArtists } from './artist-separation.js';
import { matchFacts } from './facts.js';
import { allowedRows, familyFilmAmongPicks, notForFamilies, type RecommendFilters } from './filters.js';
import { soundtrackLinksOf, type SoundtrackLink, type SoundtrackLinkLookup } from './links.js';
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
  /** Block weights for this query (default: the intent's); re-weights the query, not the catalog. */
  readonly weights?: Partial<BlockWeights>;
  readonly filters?: RecommendFilters;
  /** 0 = pure relevance … 1 = most diverse (maximal marginal relevance). */
  readonly diversity?: number;
  /** Which intent's weights to start from (default: the model's default intent). */
  readonly intent?: Intent;
  /**
   * How much each pick counts in 'mean' mode (same order as `picks`, default all equal): a taste
   * profile's items pull the profile in proportion to their rating or play time.
   */
  readonly pickWeights?: readonly number[];
}

/** What the catalog knows beyond the vectors: the same recording under several ids, and explicit soundtrack links. */
export interface RecommendContext {
  /** Song id → the canonical id of its recording (songs alone in their group may be absent). */
  readonly recordings?: ReadonlyMap<number, number>;
  readonly links?: SoundtrackLinkLookup;
}

export interface Recommendation extends Explanation {
  readonly kind: ItemKind;
  readonly itemId: number;
  /** Σ weight × block similarity: the sum of `blocks`. */
  readonly score: number;
  /** Blend mode: the index of the pick this result came from. */
  readonly viaPick: number | null;
  /** Raw mood axes (0..1) for the vibe map. */
  readonly mood: readonly number[] | null;
  /** Other ids of the same recording, folded into this one. */
  readonly otherVersions: readonly number[];
}

export interface RecommendResponse {
  readonly intent: Intent;
  readonly links: readonly SoundtrackLink[];
  readonly results: readonly Recommendation[];
  readonly weights: BlockWeights;
  /** The mean raw mood axes of the picks, for the radar. */
  readonly profileMood: readonly number[] | null;
  readonly pickMoods: readonly { readonly kind: ItemKind; readonly id: number; readonly mood: readonly number[] | null }[];
  /** Rows the filters allowed (null when unfiltered). */
  readonly allowed: number | null;
  /** The family film among the picks for which explicit songs and aggressive music were left out (filters.ts familyFilmAmongPicks), or null. */
  readonly familyFilm: string | null;
  readonly elapsedMs: number;
}

export class RecommendError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'RecommendError';
  }
}

export const MAX_K = 500;

export async function recommend(
  db: CatalogDatabase,
  index: VibeIndex,
  phrases: PhraseBook,
  request: RecommendRequest,
  context: RecommendContext = {},
): Promise<RecommendResponse> {
  const started = performance.now();
  if (request.picks.length === 0) throw new RecommendError('Pick at least one song or movie.');
  const k = Math.max(1, Math.min(MAX_K, Math.floor(request.k ?? 20)));
  const { model } = index;
  const intent: Intent = model.ranker ? (request.intent ?? model.ranker.defaultIntent) : 'feel';
  const direction = directionOf(
    request.picks.map((pick) => pick.kind),
    request.target,
  );
  const base = model.ranker ? intentWeights(model.ranker, intent, direction) : model.weights;
  const weights = request.weights ? normaliseWeights({ ...base, ...request.weights }) : base;
  const target = index.of(request.target);
  const pickVectors = request.picks.map((pick) => pickVector(db, index, pick));
  const eraFrom = request.picks.map((pick) => pick.kind !== request.target);
  const centreKinds = request.picks.map((pick) => pick.kind);
  const exclude = new Set(
    request.picks
      .filter((pick) => pick.kind === request.target)
      .map((pick) => target.rowOf(pick.id))
      .filter((row) => row >= 0),
  );
  const familyFilm = familyFilmAmongPicks(db, request.picks, request.target, request.filters, request.pickWeights);
  // For a family film, no explicit songs (flagged) and none that notForFamilies finds in their
  // vectors (likely explicit, aggressive music): both are left out of the rows the engine ranks.
  // Finding the latter reads every song's float row. Just after opening a large catalog, while
  // those are still being read in the background, the hits are checked instead and the scan goes
  // deeper to make up for it (reading every row on this thread took 1.9 s at a million songs, and
  // held up every other request).
  const unfitHit = familyFilm !== null && !target.engine.rowsLoaded ? notForFamilies(target, model.layout) : null;
  const allow =
    familyFilm === null
      ? allowedRows(db, target, request.filters)
      : allowedRows(db, target, { ...request.filters, includeExplicit: false }, unfitHit ? undefined : model.layout);
  const diversity = Math.max(0, Math.min(1, request.diversity ?? 0));
  // The same recording under several ids is shown once, and one artist's songs are spread out
  // (artist-separation.ts): ask for more, fold duplicates, separate artists, keep k.
  const recordings = request.target === 'song' ? context.recordings : undefined;
  const songsFetched = Math.min(MAX_K, k * 2 + 8);
  const fetch = request.target === 'song' ? (unfitHit ? Math.min(MAX_K, k * 4 + 8) : songsFetched) : k;
  // With the hits checked, the first songsFetched that pass are those the engine gives when it
  // leaves the songs out itself (with more diverse results, MMR has picked among them first, so
  // the two can differ there).
  const songHits = (hits: readonly TopKHit[]) => (unfitHit ? hits.filter((hit) => !unfitHit(hit.row)).slice(0, songsFetched) : hits);
  const shown = (hits: readonly TopKHit[]) => (request.target === 'song' ? songsAsShown(db, songHits(hits), recordings) : foldVersions(hits, undefined));
  const searchOptions = { k: fetch, ...(allow ? { allow } : {}), exclude, ...(diversity > 0 ? { mmrLambda: 1 - 0.6 * diversity } : {}) };

  const queryOf = (vectors: readonly Float32Array[], options: { eraFrom: readonly boolean[]; centreKinds: readonly ItemKind[] }) =>
    queryWithConcepts(vectors, model, { ...options, targetKind: request.target }, weights);
  let ranked: { hit: TopKHit; query: Float32Array; concepts: QueryConcepts | null; viaPick: number | null; others: number[] }[];
  if ((request.mode ?? 'mean') === 'blend' && pickVectors.length > 1) {
    const queries = pickVectors.map((vector, pick) => queryOf([vector], { eraFrom: [eraFrom[pick]!], centreKinds: [centreKinds[pick]!] }));
    // One scan for every pick's query (the engine reads the rows once for them all).
    const hitsPerPick = await target.engine.searchEach(
      queries.map(({ query }) => query),
      searchOptions,
    );
    const perPick = queries.map(({ query, concepts }, pick) => shown(hitsPerPick[pick]!).map((entry) => ({ ...entry, query, concepts, viaPick: pick })));
    ranked = interleaveByPick(perPick, (entry) => canonical(entry.hit.itemId, recordings), k);
  } else {
    const { query, concepts } = queryOf(weightedPicks(pickVectors, request.pickWeights), { eraFrom, centreKinds });
    ranked = shown(await target.engine.search({ vector: query, ...searchOptions }))
      .slice(0, k)
      .map((entry) => ({ ...entry, query, concepts, viaPick: null }));
  }

  const moods = index.moods(
    db,
    request.target,
    ranked.map((entry) => entry.hit.itemId),
  );
  const moodsOfPicks = { song: index.moods(db, 'song', idsOfKind(request.picks, 'song')), movie: index.moods(db, 'movie', idsOfKind(request.picks, 'movie')) };
  const pickMoods = request.picks.map((pick) => ({ ...pick, mood: arrayOrNull(moodsOfPicks[pick.kind].get(pick.id)) }));
  const facts = matchFacts(
    db,
    request,
    ranked.map((entry) => entry.hit.itemId),
    pickMoods,
    moods,
  );
  const results = ranked.map(({ hit, query, concepts, viaPick, others }): Recommendation => {
    const explanation = explainMatch(query, target.vectorOf(hit.row), model, phrases, facts.of(hit.itemId, viaPick), concepts);
    const score = Object.values(explanation.blocks).reduce((sum, value) => sum + value, 0);
    return { ...explanation, kind: request.target, itemId: hit.itemId, score, viaPick, mood: arrayOrNull(moods.get(hit.itemId)), otherVersions: others };
  });
  return {
    intent,
    links: context.links ? soundtrackLinksOf(context.links, request.picks, request.target) : [],
    results,
    weights,
    profileMood: meanOf(pickMoods.map((pick) => pick.mood).filter((mood): mood is number[] => mood !== null)),
    pickMoods,
    // Not counted while the hits are checked: the songs left out are not known until then.
    allowed: allow && !unfitHit ? allow.size : null,
    familyFilm,
    elapsedMs: performance.now() - started,
  };
}

function canonical(itemId: number, recordings: ReadonlyMap<number, number> | undefined): number {
  return recordings?.get(itemId) ?? itemId;
}

/**
 * A song list as the app shows it: each recording once (foldVersions), then one artist's songs
 * spread out (artist-separation.ts). The vibe panel judges song lists through it too.
 */
export function songsAsShown(
  db: CatalogDatabase,
  hits: readonly TopKHit[],
  recordings: ReadonlyMap<number, number> | undefined,
): { hit: TopKHit; others: number[] }[] {
  const folded = foldVersions(hits, recordings);
  const artists = mainArtistsOf(
    db,
    folded.map(({ hit }) => hit.itemId),
  );
  return separateArtists(folded, ({ hit }) => artists.get(hit.itemId) ?? null);
}

/**
 * Shows each recording once: its best-known version (the group's canonical id, see
 * catalog/recordings.ts) when that version is among the hits, else its best-scoring one, with the
 * other versions' ids listed. The list stays in score order of the versions shown.
 */
export function foldVersions(hits: readonly TopKHit[], recordings: ReadonlyMap<number, number> | undefined): { hit: TopKHit; others: number[] }[] {
  if (!recordings || recordings.size === 0) return hits.map((hit) => ({ hit, others: [] }));
  const kept = new Map<number, { hit: TopKHit; others: number[] }>();
  for (const hit of hits) {
    const key = canonical(hit.itemId, recordings);
    const entry = kept.get(key);
    if (!entry) kept.set(key, { hit, others: [] });
    else if (hit.itemId === key) {
      entry.others.push(entry.hit.itemId);
      entry.hit = hit;
    } else entry.others.push(hit.itemId);
  }
  return [...kept.values()].sort((a, b) => b.hit.score - a.hit.score);
}

function pickVector(db: CatalogDatabase, index: VibeIndex, pick: Pick): Float32Array {
  const vector = index.vectorOfItem(pick.kind, pick.id);
  if (vector) return vector;
  const table = pick.kind === 'song' ? 'songs' : 'movies';
  const title = db.prepare(`SELECT title FROM ${table} WHERE id = ?`).pluck().get(pick.id) as string | undefined;
  if (title === undefined) throw new RecommendError(`There is no ${pick.kind} with id ${pick.id} in the catalog.`);
  throw new RecommendError(
    `"${title}" (${pick.kind} ${pick.id}) was imported after the vibe space was built: it is being added now (or rebuild it: Library › Vibe space, or crossfade build-vibe).`,
  );
}

/**
 * Scales each pick's vector by its weight relative to the mean weight, so meanProfile's plain mean
 * becomes the weighted mean (meanProfile then renormalises each block, so only the ratios matter).
 */
function weightedPicks(vectors: readonly Float32Array[], pickWeights: readonly number[] | undefined): readonly Float32Array[] {
  if (!pickWeights || pickWeights.length !== vectors.length) return vectors;
  const mean = pickWeights.reduce((sum, weight) => sum + weight, 0) / pickWeights.length;
  if (!(mean > 0)) return vectors;
  return vectors.map((vector, index) => vector.map((value) => (value * pickWeights[index]!) / mean));
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
