import type Database from 'better-sqlite3';
import { VIBE_SLOTS, vibeVectorTable, type VibeSlot } from '../../src/core/db/vibe-vector-tables.js';
import { EMBEDDING_SPACE } from '../../src/core/model/image-model.js';
import { seededRandom } from '../../src/core/random.js';

const POSTER_DIMS = 1280;

/**
 * Random poster embeddings for the first `count` movies (every third with two posters), so a build
 * fits the poster PCA and the mood → poster map.
 */
export function insertPosterEmbeddings(db: Database.Database, count: number, seed = 5): void {
  const next = seededRandom(seed);
  const movieIds = db.prepare(`SELECT id FROM movies ORDER BY id LIMIT ?`).pluck().all(count) as number[];
  const poster = db.prepare(`INSERT INTO posters(movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (?, ?, 1, 1, 'mapping')`);
  const vector = db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('poster', ?, ?, ?, ?)`);
  movieIds.forEach((movieId, index) => {
    for (let copy = 0; copy < (index % 3 === 0 ? 2 : 1); copy++) {
      const posterId = Number(poster.run(movieId, `/p${movieId}-${copy}.jpg`).lastInsertRowid);
      const embedding = Float32Array.from({ length: POSTER_DIMS }, () => next() * 2);
      vector.run(posterId, EMBEDDING_SPACE, POSTER_DIMS, Buffer.from(embedding.buffer));
    }
  });
}

/** A model's stored vibe vectors (or mood axes) by "kind:id", read from its slot's tables. */
export function storedModelRows(db: Database.Database, modelId: number, column: 'vector' | 'mood' = 'vector'): Map<string, Float32Array> {
  const slot = db.prepare(`SELECT slot FROM vibe_models WHERE id = ?`).pluck().get(modelId) as VibeSlot;
  const rows = new Map<string, Float32Array>();
  for (const kind of ['song', 'movie'] as const) {
    const found = db
      .prepare(`SELECT item_id, ${column} FROM ${vibeVectorTable(kind, slot)} WHERE model_id = ? ORDER BY item_id`)
      .raw()
      .all(modelId) as [number, Buffer][];
    for (const [id, blob] of found) rows.set(`${kind}:${id}`, new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)));
  }
  return rows;
}

/** Rows in every slot's tables, whichever model wrote them. */
export function vibeRowCount(db: Database.Database): number {
  let count = 0;
  for (const kind of ['song', 'movie'] as const)
    for (const slot of VIBE_SLOTS)
      count += db
        .prepare(`SELECT count(*) FROM ${vibeVectorTable(kind, slot)}`)
        .pluck()
        .get() as number;
  return count;
}
