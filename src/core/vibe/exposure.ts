import type { CatalogDatabase } from '../db/open-database.js';
import { createTopKEngine, loadMatrixFromDatabase } from '../engine/index.js';
import { reweightQuery } from './encode.js';
import { blobOfVector, vectorOfBlob, vibeSpace } from './index-store.js';
import type { VibeModel } from './model.js';
import { meanProfile } from './profile.js';
import { intentWeights, type Direction } from './ranker.js';

/**
 * Exposure: the share of the other kind's lists an item would top. Measured once per full build
 * on a fixed sample of queries (every n-th song for the films' exposure, every n-th film for the
 * songs'), ranked exactly as the soundtrack intent ranks them without the variety block. Items
 * store minus their exposure in the variety block, so a query across kinds subtracts it, scaled by
 * the variety weight: a song whose era and genres fit most films, and so would sit in a large
 * share of all films' lists, gives way a little to songs that fit this film in particular.
 * It stays a dot product, so the engine's top-k stays exact.
 */

/** Queries sampled per direction: enough to find the hubs (an item in 5 % of lists shows in ~10 of them). */
const EXPOSURE_QUERIES = 200;
/** Length of the sampled lists: a page of results and a bit more. */
const EXPOSURE_TOP = 50;

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

/** Every n-th stored vector of a kind, by item id: the same sample for the same catalog. */
function sampleVectors(db: CatalogDatabase, modelId: number, kind: 'song' | 'movie'): Float32Array[] {
  const count = Number(db.prepare(`SELECT count(*) FROM feature_vectors WHERE item_kind = ? AND space = ?`).pluck().get(kind, vibeSpace(modelId)));
  if (count === 0) return [];
  const stride = Math.max(1, Math.floor(count / EXPOSURE_QUERIES));
  const rows = db
    .prepare(
      `SELECT vector FROM (SELECT vector, row_number() OVER (ORDER BY item_id) - 1 AS position FROM feature_vectors WHERE item_kind = ? AND space = ?)
       WHERE position % ? = 0 LIMIT ?`,
    )
    .pluck()
    .all(kind, vibeSpace(modelId), stride, EXPOSURE_QUERIES) as Buffer[];
  return rows.map(vectorOfBlob);
}
