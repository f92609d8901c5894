import type Database from 'better-sqlite3';
import { VIBE_SLOTS, vibeVectorTable, type VibeSlot } from '../../src/core/db/vibe-vector-tables.js';

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
