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
  return extendMatrixSnapshot(file, tags.from, tags.to, (snapshotIds, dims) => {
    const changes = unchangedButEncoded(db, table, model.id, snapshotIds, encoded) ?? changesSinceSnapshot(db, table, model.id, snapshotIds, encoded);
    if (changes.newIds.length > MAX_NEW_SHARE * Math.max(1, changes.modelRows)) return null;
    const added = loadMatrixFromDatabase(
      db,
      { table, where: 'model_id = ? AND item_id IN (SELECT value FROM json_each(?))', params: [model.id, JSON.stringify(changes.newIds)] },
      { dims, headroom: 0 },
    );
    return { keep: changes.keep, added };
  });
}

/** The rows to read anew (ids ascending) and the snapshot rows to keep. */
interface KindChanges {
  readonly newIds: readonly number[];
  readonly keep: (itemId: number) => boolean;
  /** The model's rows of the kind. */
  readonly modelRows: number;
}

/**
 * The usual case, found by counting the model's rows instead of reading their ids (0.4 s a kind at
 * a million rows, a kind the build did not touch included). Since the snapshot, rows were only
 * added by this build (`encoded`) and removed by undone imports. With as many rows as the
 * snapshot's plus the encoded ids it lacks, every removed id was one the build encoded again (an id
 * an undone import freed and a new item took): the model's rows are the snapshot's with the
 * encoded ones in place. Null otherwise.
 */
function unchangedButEncoded(db: CatalogDatabase, table: string, modelId: number, snapshotIds: Int32Array, encoded: readonly number[]): KindChanges | null {
  const modelRows = db.prepare(`SELECT count(*) FROM ${table} WHERE model_id = ?`).pluck().get(modelId) as number;
  const newIds = [...new Set(encoded)].sort((a, b) => a - b);
  const lacking = newIds.filter((itemId) => rowOfItem(snapshotIds, itemId) < 0).length;
  return modelRows === snapshotIds.length + lacking ? { newIds, keep: () => true, modelRows } : null;
}

/** The changes read from the model's ids (every one of them): rows removed since the snapshot are dropped. */
function changesSinceSnapshot(db: CatalogDatabase, table: string, modelId: number, snapshotIds: Int32Array, encoded: readonly number[]): KindChanges {
  const rebuilt = new Set(encoded);
  const current = Int32Array.from(db.prepare(`SELECT item_id FROM ${table} WHERE model_id = ? ORDER BY item_id`).pluck().all(modelId) as number[]);
  // Both id lists ascend: one walk finds the model's ids the snapshot lacks (a binary search per
  // id took 0.6 s at a million songs, and as long again for keep).
  const newIds: number[] = [];
  let inSnapshot = 0;
  for (const itemId of current) {
    while (inSnapshot < snapshotIds.length && snapshotIds[inSnapshot]! < itemId) inSnapshot++;
    if (rebuilt.has(itemId) || snapshotIds[inSnapshot] !== itemId) newIds.push(itemId);
  }
  // keep is asked in ascending id order: a cursor over the model's ids.
  let inModel = 0;
  const keep = (itemId: number) => {
    while (inModel < current.length && current[inModel]! < itemId) inModel++;
    return current[inModel] === itemId;
  };
  return { newIds, keep, modelRows: current.length };
}
