import type { CatalogDatabase } from '../db/open-database.js';
import { vibeVectorTable, type VibeSlot } from '../db/vibe-vector-tables.js';
import { extendMatrixSnapshot, loadMatrixFromDatabase, rowOfItem } from '../engine/index.js';
import type { ItemKind } from '../../shared/recommend-schemas.js';

/**
 * An incremental build adds rows to the current model (it never changes one it keeps): its kind's
 * snapshot is brought up to date from the snapshot itself plus the rows that are new to it, read
 * from SQLite by id, instead of every row (engine/snapshot.ts extendMatrixSnapshot).
 *
 * Exact when the snapshot was current before the build (`from` is the tag it was written with):
 * rows added since are the model's ids the snapshot lacks; rows the build encoded (`encoded`) are
 * taken anew even when the snapshot holds the id (an undone import whose id a new item reused);
 * rows of items removed since (an undone import) are dropped. Anything else, a snapshot of
 * another build included, is left to the caller's full write.
 */

/** Past this share of new rows reading the whole kind from SQLite costs about the same. */
const MAX_NEW_SHARE = 0.25;

/** The kind's snapshot ids after extending it from `from` to `to`, or null when it could not be extended. */
export function extendKindSnapshot(
  db: CatalogDatabase,
  model: { readonly id: number; readonly slot: VibeSlot },
  kind: ItemKind,
  file: string,
  tags: { readonly from: string; readonly to: string },
  encoded: readonly number[],
): Int32Array | null {
  const table = vibeVectorTable(kind, model.slot);
  const rebuilt = new Set(encoded);
  return extendMatrixSnapshot(file, tags.from, tags.to, (snapshotIds, dims) => {
    // The model's ids, read only once there is a snapshot to extend.
    const current = Int32Array.from(db.prepare(`SELECT item_id FROM ${table} WHERE model_id = ? ORDER BY item_id`).pluck().all(model.id) as number[]);
    const newIds: number[] = [];
    for (const itemId of current) if (rebuilt.has(itemId) || rowOfItem(snapshotIds, itemId) < 0) newIds.push(itemId);
    if (newIds.length > MAX_NEW_SHARE * Math.max(1, current.length)) return null;
    const added = loadMatrixFromDatabase(
      db,
      { table, where: 'model_id = ? AND item_id IN (SELECT value FROM json_each(?))', params: [model.id, JSON.stringify(newIds)] },
      { dims, headroom: 0 },
    );
    return { keep: (itemId) => rowOfItem(current, itemId) >= 0, added };
  });
}
