import type { CatalogDatabase } from '../db/open-database.js';
import { createTopKEngine, rowOfItem, rowsRewritten, type VectorMatrix } from '../engine/index.js';
import { reweightQuery } from './encode.js';
import type { VibeModel } from './model.js';
import { meanProfile } from './profile.js';
import { intentWeights, type Direction } from './ranker.js';
import { FAME_ORDER_SQL } from '../catalog/fame.js';

/**
 * Exposure: the share of the other kind's first pages an item would be on. Measured once per full
 * build on a fixed sample of well-known queries (see sampleVectors), ranked exactly as the
 * soundtrack intent ranks them without the variety block. Items store minus their exposure in the
 * variety block, so a query across kinds subtracts it, scaled by the variety weight: a song whose
 * era and genres fit most films, and so would sit on a large share of all films' first pages,
 * gives way a little to songs that fit this film in particular.
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

type Kind = 'song' | 'movie';

/**
 * Measures every item's exposure to the other kind's first pages, on the build's own matrices
 * (their variety blocks still empty): for each kind, item id → the share of sampled lists it is in.
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
  for (const target of ['movie', 'song'] as const) {
    if (signal?.aborted) return null;
    const source = target === 'movie' ? 'song' : 'movie';
    result[target] = await measure(db, model, matrices[source], source, matrices[target]);
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

/** For each item of the target matrix in any sampled list: the share of the sampled lists it is in. */
async function measure(db: CatalogDatabase, model: VibeModel, sources: VectorMatrix, source: Kind, targets: VectorMatrix): Promise<Map<number, number>> {
  const queries = sampleVectors(db, sources, source);
  const target: Kind = source === 'song' ? 'movie' : 'song';
  const exposure = new Map<number, number>();
  if (queries.length === 0 || targets.count === 0) return exposure;
  const direction: Direction = source === 'song' ? 'song-to-movie' : 'movie-to-song';
  const weights = { ...intentWeights(model.ranker!, 'soundtrack', direction), variety: 0 };
  const engine = createTopKEngine(targets);
  try {
    for (const vector of queries) {
      const query = reweightQuery(meanProfile([vector], model, { eraFrom: [true], centreKinds: [source], targetKind: target }), model, weights);
      for (const hit of await engine.search({ vector: query, k: EXPOSURE_TOP })) exposure.set(hit.itemId, (exposure.get(hit.itemId) ?? 0) + 1 / queries.length);
    }
  } finally {
    await engine.close();
  }
  return exposure;
}

const ITEM_TABLE = { song: 'songs', movie: 'movies' } as const;
/** The sample is drawn from the n × EXPOSURE_QUERIES (2,000) best-known items: every n-th of them. */
const POOL_PER_QUERY = 10;

/**
 * Every n-th of the best-known stored vectors of a kind (by fame, then item id): the same sample
 * for the same catalog. People pick films and songs they know, so the first pages that matter are
 * those of well-known items; a uniform sample of a large catalog is mostly titles no one picks
 * (on the DEV pairs, with the first 50 places counted, the most recommended song was on 14.9 % of
 * movie → song lists with a uniform sample and 12.5 % with this one).
 */
function sampleVectors(db: CatalogDatabase, matrix: VectorMatrix, kind: Kind): Float32Array[] {
  // Ids only, from the item table (SQLite keeps only the best `LIMIT` rows while sorting); the
  // vectors are the matrix's rows.
  const rows = (
    db
      .prepare(`SELECT x.id FROM ${ITEM_TABLE[kind]} x ORDER BY ${FAME_ORDER_SQL[kind]} DESC, x.id LIMIT ?`)
      .pluck()
      .all(EXPOSURE_QUERIES * POOL_PER_QUERY) as number[]
  )
    .map((itemId) => rowOfItem(matrix.itemIds, itemId, matrix.count))
    .filter((row) => row >= 0);
  const stride = Math.max(1, Math.floor(rows.length / EXPOSURE_QUERIES));
  return rows.filter((_, position) => position % stride === 0).map((row) => matrix.data.slice(row * matrix.dims, (row + 1) * matrix.dims));
}
