import { itemsChangedByRuns } from '../catalog/import-journal.js';
import { journaledRunsChangedSince } from '../catalog/import-runs.js';
import type { ImportRunState } from '../catalog/import-run-states.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { vibeVectorTable, type VibeSlot } from '../db/vibe-vector-tables.js';
import { LASTFM_TAGS_FORMAT_ID } from '../../shared/contract/imports.js';

/** Songs and movies, by id, that imports wrote since a build. */
export interface ImportedItems {
  readonly song: ReadonlySet<number>;
  readonly movie: ReadonlySet<number>;
}

/**
 * The import runs whose journals say what to encode again since a build recorded the runs' states
 * (`before`): the runs added, finished or cancelled since. Null when that cannot be traced item by
 * item, and the build must be a full one:
 * - a run recorded before is gone, or a run since is still running or kept no journal;
 * - a run since was undone that had merged into items: it put their old values back, and its
 *   journal went with it (an undo that restored nothing took the run's items and their vectors away);
 * - a Last.fm tag import ran or was undone: its tags change every song of the tagged artists, and
 *   it journals none.
 * A build that recorded no states (before 2026-12-07) gets none: the new items are still found as
 * the ones without a vector.
 */
export function runsToTrace(db: CatalogDatabase, before: readonly ImportRunState[] | undefined, now: readonly ImportRunState[]): number[] | null {
  if (!before) return [];
  const changed = journaledRunsChangedSince(db, before, now);
  if (!changed) return null;
  if (changed.length === 0) return [];
  const [untraceable] = db
    .prepare(
      `SELECT count(*) FROM import_runs r JOIN sources s ON s.id = r.source_id
        WHERE r.id IN (SELECT value FROM json_each(?))
          AND (s.format = ? OR (r.undone_at IS NOT NULL AND coalesce(r.items_restored, r.items_merged) > 0))`,
    )
    .raw()
    .get(JSON.stringify(changed.map((run) => run[0])), LASTFM_TAGS_FORMAT_ID) as [number];
  return untraceable > 0 ? null : changed.filter(([, , , undoneAt]) => undoneAt === null).map((run) => run[0]);
}

/**
 * The songs and movies imports added, or changed by merging, since a build recorded the runs'
 * states: what an incremental build encodes again, from the journals of the runs to trace (an item
 * merged with the values it had, as when a file is imported again, is left out). Null when only a
 * full build can tell (runsToTrace).
 */
export function itemsImportedSinceBuild(
  db: CatalogDatabase,
  before: readonly ImportRunState[] | undefined,
  now: readonly ImportRunState[],
): ImportedItems | null {
  const runs = runsToTrace(db, before, now);
  if (!runs) return null;
  if (runs.length === 0) return { song: new Set(), movie: new Set() };
  return { song: itemsChangedByRuns(db, 'song', runs), movie: itemsChangedByRuns(db, 'movie', runs) };
}

/**
 * The value each of these items holds at `offset` of its stored vector in the model (items without
 * a row are left out): an item encoded again keeps the exposure its full build measured, which
 * encoding alone cannot know (exposure.ts).
 */
export function storedVectorValues(
  db: CatalogDatabase,
  model: { readonly id: number; readonly slot: VibeSlot },
  kind: 'song' | 'movie',
  itemIds: readonly number[],
  offset: number,
): Map<number, number> {
  const values = new Map<number, number>();
  if (itemIds.length === 0) return values;
  const rows = db
    .prepare(`SELECT item_id, vector FROM ${vibeVectorTable(kind, model.slot)} WHERE model_id = ? AND item_id IN (SELECT value FROM json_each(?))`)
    .raw()
    .iterate(model.id, JSON.stringify(itemIds)) as IterableIterator<[number, Buffer]>;
  for (const [itemId, blob] of rows) values.set(itemId, blob.readFloatLE(offset * Float32Array.BYTES_PER_ELEMENT));
  return values;
}
