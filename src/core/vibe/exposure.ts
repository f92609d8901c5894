import type { CatalogDatabase } from '../db/open-database.js';
import { createTopKEngine, loadMatrixFromDatabase } from '../engine/index.js';
import { reweightQuery } from './encode.js';
import { blobOfVector, vectorOfBlob, vibeSpace } from './index-store.js';
import type { VibeModel } from './model.js';
import { meanProfile } from './profile.js';
import { intentWeights, type Direction } from './ranker.js';

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

interface ExposureSummary {
  /** Items of each kind with a non-zero exposure, and the largest exposure. */
  readonly song: { readonly exposed: number; readonly largest: number };
  readonly movie: { readonly exposed: number; readonly largest: number };
}

/** Measures every item's exposure and writes it into its stored vector's variety block. */
export async function writeExposure(db: CatalogDatabase, modelId: number, model: VibeModel, signal?: AbortSignal): Promise<ExposureSummary | null> {
  const variety = model.layout.blocks.variety;
  if (!model.ranker || variety.dims === 0 || !(model.weights.variety > 0)) return null;
  const summary = { song: { exposed: 0, largest: 0 }, movie: { exposed: 0, largest: 0 } };
  for (const target of ['movie', 'song'] as const) {
    if (signal?.aborted) return null;
    const source = target === 'movie' ? 'song' : 'movie';
    const exposure = await measure(db, modelId, model, source, target);
    const read = db.prepare(`SELECT vector FROM feature_vectors WHERE item_kind = ? AND item_id = ? AND space = ?`).pluck();
    const write = db.prepare(`UPDATE feature_vectors SET vector = ? WHERE item_kind = ? AND item_id = ? AND space = ?`);
    db.transaction(() => {
      for (const [itemId, share] of exposure) {
        const blob = read.get(target, itemId, vibeSpace(modelId)) as Buffer | undefined;
        if (!blob) continue;
        const vector = vectorOfBlob(blob);
        vector[variety.offset] = -share * Math.sqrt(model.weights.variety);
        write.run(blobOfVector(vector), target, itemId, vibeSpace(modelId));
      }
    }).immediate();
    summary[target] = { exposed: exposure.size, largest: Math.max(0, ...exposure.values()) };
  }
  return summary;
}

/** For each item of `target` in any sampled list: the share of the sampled lists it is in. */
async function measure(
  db: CatalogDatabase,
  modelId: number,
  model: VibeModel,
  source: 'song' | 'movie',
  target: 'song' | 'movie',
): Promise<Map<number, number>> {
  const queries = sampleVectors(db, modelId, source);
  const exposure = new Map<number, number>();
  if (queries.length === 0) return exposure;
  const direction: Direction = source === 'song' ? 'song-to-movie' : 'movie-to-song';
  const weights = { ...intentWeights(model.ranker!, 'soundtrack', direction), variety: 0 };
  const engine = createTopKEngine(loadMatrixFromDatabase(db, vibeSpace(modelId), target));
  try {
    for (const vector of queries) {
      const query = reweightQuery(meanProfile([vector], model, { eraFrom: [true], centreKinds: [source] }), model, weights);
      for (const hit of await engine.search({ vector: query, k: EXPOSURE_TOP })) exposure.set(hit.itemId, (exposure.get(hit.itemId) ?? 0) + 1 / queries.length);
    }
  } finally {
    await engine.close();
  }
  return exposure;
}

/** How well known an item is, for choosing the queries people are likely to pick. */
const FAME = { song: 'COALESCE(x.popularity, 0)', movie: 'COALESCE(x.vote_count, 0)' } as const;
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
function sampleVectors(db: CatalogDatabase, modelId: number, kind: 'song' | 'movie'): Float32Array[] {
  // Ids first, from the item table (no vector blobs read; SQLite keeps only the best `LIMIT` rows
  // while sorting), then the vectors of the sampled items only.
  const best = db
    .prepare(
      `SELECT x.id FROM ${ITEM_TABLE[kind]} x
       WHERE EXISTS (SELECT 1 FROM feature_vectors v WHERE v.space = ? AND v.item_kind = ? AND v.item_id = x.id)
       ORDER BY ${FAME[kind]} DESC, x.id LIMIT ?`,
    )
    .pluck()
    .all(vibeSpace(modelId), kind, EXPOSURE_QUERIES * POOL_PER_QUERY) as number[];
  const stride = Math.max(1, Math.floor(best.length / EXPOSURE_QUERIES));
  const read = db.prepare(`SELECT vector FROM feature_vectors WHERE item_kind = ? AND item_id = ? AND space = ?`).pluck();
  return best.filter((_, position) => position % stride === 0).map((itemId) => vectorOfBlob(read.get(kind, itemId, vibeSpace(modelId)) as Buffer));
}
