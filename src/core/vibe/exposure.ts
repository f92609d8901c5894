import type { CatalogDatabase } from '../db/open-database.js';
import { createTopKEngine, rowOfItem, rowsRewritten, type TopKEngine, type VectorMatrix } from '../engine/index.js';
import { reweightQuery } from './encode.js';
import type { VibeModel } from './model.js';
import { meanProfile } from './profile.js';
import { intentWeights, type Direction } from './ranker.js';
import type { Intent } from '../../shared/recommend-schemas.js';
import { FAME_ORDER_SQL } from '../catalog/fame.js';

/**
 * Exposure: the share of first pages an item would be on. Measured once per full build on fixed
 * samples of well-known queries (see sampleVectors), ranked exactly as each intent ranks them
 * without the variety block: the other kind's lists under each intent, and lists of the item's own
 * kind under "feels the same"; an item's exposure is the largest of its shares (one value, so the
 * layout keeps its width). Items store minus their exposure in the variety block, so a query
 * subtracts it, scaled by the intent's variety weight: a song whose era and genres fit most films,
 * and so would sit on a large share of all films' first pages, gives way a little to songs that fit
 * this film in particular.
 * It stays a dot product, so the engine's top-k stays exact.
 */

/** Queries sampled per direction: enough to find the hubs (an item in 5 % of lists shows in ~10 of them). */
const EXPOSURE_QUERIES = 200;
/**
 * Length of the sampled lists: the first page, whose repetition across queries is what a person
 * notices (and what the evaluation's guard counts). Counting the first 50 places instead spreads
 * the penalty over songs that never reach a first page: on the DEV pairs (when this was chosen) the
 * most recommended song stayed on 12.5 % of movie → song first pages, against 11.9 % with the first 10.
 */
const EXPOSURE_TOP = 10;

/**
 * The intents measured, each on its sample of queries: "on its soundtrack" on every n-th of the
 * 2,000 best-known items, "feels the same" on the 200 best-known themselves. Feel lists lean on
 * mood, tags and poster look, which the best-known films share far more than films in general
 * (blockbusters: energetic, action, science fiction): with its exposure measured on the 2,000-film
 * sample, NEEDTOBREATHE's "Hang On" stayed on 14 % of the 300 best-known films' feel first pages
 * even at a variety weight of 0.25 (its share of the sample's lists was 3 %). On the evaluation
 * catalog (2026-12-07), the most repeated song on the feel first pages of the 300 best-known films
 * went from 16.7 % to 8.7 % (films 301 to 600, outside the sample: 10.7 % to 9.3 %). Measuring "on
 * its soundtrack" on the 200 best-known too left its most recommended song on 10.1 % of the DEV
 * pairs' movie → song lists and cost song → movie Recall@50 one hit (4.0 % → 3.5 %).
 * Also tried and not kept (2026-12-07): "on its soundtrack" measured on all 2,000 best-known, each
 * item's exposure the largest of its shares of the lists of each decade's films (decades with 30 or
 * more of them), since the DEV films crowd into the 1990s and a 1990s hub's share of all sampled
 * lists was 2 %. Another 1990s song took its place, on 11.3 % of the DEV movie → song lists (Monica's
 * "Like This And Like That" on 10.1 % before); movie → song Recall@10 fell from 3.0 % to 1.8 % and
 * AUC from 0.914 to 0.912.
 */
const EXPOSURE_SAMPLES: readonly { readonly intent: Intent; readonly sample: 'spread' | 'best-known' }[] = [
  { intent: 'soundtrack', sample: 'spread' },
  { intent: 'feel', sample: 'best-known' },
];

/**
 * Lists of the same kind as the pick ("more like this film") are measured under "feels the same"
 * alone, on the 200 best-known items, each query's own item left out. There the best-known films'
 * lists clustered most: Guardians of the Galaxy was on 20.7 % of the 300 best-known films' feel
 * first pages, The Empire Strikes Back on 20.0 %; with this, no film is on more than 10.0 % (films
 * 301 to 600, outside the sample: 5.7 %). On the DEV pairs it cost song → movie Recall@50 one hit
 * (4.0 % → 3.5 %: an Oscar song's film left its top 50); AUC and the vibe panel did not move. The
 * learned intent's same-kind lists ("same genres and tags") do not weigh variety by default: the
 * next films in line took the hubs' places there, and its most repeated film went from 9.7 % to
 * 12.0 % with these shares, to 14.3 % with its own same-kind shares measured too.
 */
const WITHIN_KIND_INTENT: Intent = 'feel';

type Kind = 'song' | 'movie';

/**
 * Measures every item's exposure to first pages, on the build's own matrices (their variety blocks
 * still empty): for each kind, item id → the largest share of sampled lists it is in, the other
 * kind's lists under each intent (EXPOSURE_SAMPLES) and its own kind's (WITHIN_KIND_INTENT).
 * Null when the model has no variety block, or when cancelled.
 */
export async function measureExposure(
  db: CatalogDatabase,
  model: VibeModel,
  matrices: Readonly<Record<Kind, VectorMatrix>>,
  signal?: AbortSignal,
): Promise<Record<Kind, Map<number, number>> | null> {
  const variety = model.layout.blocks.variety;
  if (!model.ranker || variety.dims === 0 || !(model.weights.variety > 0)) return null;
  const result = { song: new Map<number, number>(), movie: new Map<number, number>() };
  // One engine per kind (quantising a million rows takes a while), for the lists of both kinds that rank it.
  const engines = { song: createTopKEngine(matrices.song), movie: createTopKEngine(matrices.movie) };
  try {
    for (const target of ['movie', 'song'] as const) {
      if (signal?.aborted) return null;
      const source = target === 'movie' ? 'song' : 'movie';
      result[target] = await measure(db, model, matrices[source], source, engines[target]);
    }
    for (const kind of ['movie', 'song'] as const) {
      if (signal?.aborted) return null;
      for (const [itemId, share] of await measureWithinKind(db, model, kind, engines[kind]))
        result[kind].set(itemId, Math.max(result[kind].get(itemId) ?? 0, share));
    }
  } finally {
    await Promise.all([engines.song.close(), engines.movie.close()]);
  }
  return result;
}

/**
 * Writes minus each item's exposure into its row's variety block (the block is one value). The
 * measuring engine quantised these rows before: they are quantised again.
 */
export function writeExposure(matrix: VectorMatrix, model: VibeModel, exposure: ReadonlyMap<number, number>): void {
  const { offset } = model.layout.blocks.variety;
  const scale = Math.sqrt(model.weights.variety);
  const rewritten: number[] = [];
  for (const [itemId, share] of exposure) {
    const row = rowOfItem(matrix.itemIds, itemId, matrix.count);
    if (row < 0) continue;
    matrix.data[row * matrix.dims + offset] = -share * scale;
    rewritten.push(row);
  }
  rowsRewritten(matrix, rewritten);
}

/**
 * For each item of the target matrix in any sampled list: the larger of its shares of each intent's
 * sampled lists (EXPOSURE_SAMPLES).
 */
async function measure(
  db: CatalogDatabase,
  model: VibeModel,
  sources: VectorMatrix,
  source: Kind,
  /** The engine over the target kind's rows. */
  engine: TopKEngine,
): Promise<Map<number, number>> {
  const target: Kind = source === 'song' ? 'movie' : 'song';
  const exposure = new Map<number, number>();
  if (engine.matrix.count === 0) return exposure;
  const direction: Direction = source === 'song' ? 'song-to-movie' : 'movie-to-song';
  for (const { intent, sample } of EXPOSURE_SAMPLES) {
    const queries = sampleVectors(db, sources, source, sample);
    const weights = { ...intentWeights(model.ranker!, intent, direction), variety: 0 };
    const shares = new Map<number, number>();
    const lists = await engine.searchEach(
      queries.map((vector) => reweightQuery(meanProfile([vector], model, { eraFrom: [true], centreKinds: [source], targetKind: target }), model, weights)),
      { k: EXPOSURE_TOP },
    );
    for (const hit of lists.flat()) shares.set(hit.itemId, (shares.get(hit.itemId) ?? 0) + 1 / queries.length);
    for (const [itemId, share] of shares) exposure.set(itemId, Math.max(exposure.get(itemId) ?? 0, share));
  }
  return exposure;
}

/** For each item of the matrix in any sampled list of its own kind: its share of those lists (WITHIN_KIND_INTENT). */
async function measureWithinKind(db: CatalogDatabase, model: VibeModel, kind: Kind, engine: TopKEngine): Promise<Map<number, number>> {
  const { matrix } = engine;
  const shares = new Map<number, number>();
  const rows = sampleRows(db, matrix, kind, 'best-known');
  if (rows.length === 0) return shares;
  const weights = { ...intentWeights(model.ranker!, WITHIN_KIND_INTENT, null), variety: 0 };
  const lists = await engine.searchEach(
    rows.map((row) => reweightQuery(meanProfile([rowVector(matrix, row)], model, { centreKinds: [kind], targetKind: kind }), model, weights)),
    { k: EXPOSURE_TOP + 1 },
  );
  // A pick is never its own result (recommend.ts excludes the picks): each list is the first
  // EXPOSURE_TOP hits other than the query's own row, the same as a search that excludes it.
  for (const [at, hits] of lists.entries())
    for (const hit of hits.filter((hit) => hit.row !== rows[at]).slice(0, EXPOSURE_TOP))
      shares.set(hit.itemId, (shares.get(hit.itemId) ?? 0) + 1 / rows.length);
  return shares;
}

const ITEM_TABLE = { song: 'songs', movie: 'movies' } as const;
/** The spread sample is drawn from the n × EXPOSURE_QUERIES (2,000) best-known items: every n-th of them. */
const POOL_PER_QUERY = 10;

/**
 * EXPOSURE_QUERIES stored vectors of a kind among the best-known (by fame, then item id): every n-th
 * of the 2,000 best-known ('spread'), or the best-known themselves; the same sample for the same
 * catalog. People pick films and songs they know, so the first pages that matter are those of
 * well-known items; a uniform sample of a large catalog is mostly titles no one picks (on the DEV
 * pairs, with the first 50 places counted, the most recommended song was on 14.9 % of movie → song
 * lists with a uniform sample and 12.5 % with the spread one).
 */
function sampleVectors(db: CatalogDatabase, matrix: VectorMatrix, kind: Kind, sample: 'spread' | 'best-known'): Float32Array[] {
  return sampleRows(db, matrix, kind, sample).map((row) => rowVector(matrix, row));
}

/** A copy of one row of the matrix. */
function rowVector(matrix: VectorMatrix, row: number): Float32Array {
  return matrix.data.slice(row * matrix.dims, (row + 1) * matrix.dims);
}

/** The matrix rows of sampleVectors' sample. */
function sampleRows(db: CatalogDatabase, matrix: VectorMatrix, kind: Kind, sample: 'spread' | 'best-known'): number[] {
  // Ids only, from the item table (SQLite keeps only the best `LIMIT` rows while sorting); the
  // vectors are the matrix's rows.
  const rows = (
    db
      .prepare(`SELECT x.id FROM ${ITEM_TABLE[kind]} x ORDER BY ${FAME_ORDER_SQL[kind]} DESC, x.id LIMIT ?`)
      .pluck()
      .all(sample === 'spread' ? EXPOSURE_QUERIES * POOL_PER_QUERY : EXPOSURE_QUERIES) as number[]
  )
    .map((itemId) => rowOfItem(matrix.itemIds, itemId, matrix.count))
    .filter((row) => row >= 0);
  const stride = Math.max(1, Math.floor(rows.length / EXPOSURE_QUERIES));
  return rows.filter((_, position) => position % stride === 0);
}
