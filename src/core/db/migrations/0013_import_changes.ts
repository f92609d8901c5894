import type { Migration } from '../migration.js';

/**
 * What each import changed, so an import can be undone exactly (src/core/catalog/undo-import.ts).
 *
 * One row per item an import run first wrote: 'added' when the run created the item, 'merged'
 * when it wrote into an existing one, with `before_json` holding the item as it was just before
 * the run touched it (every column, plus its genre, keyword and source links). Only the first
 * touch of an item within a run is recorded, so the snapshot is the state before the run.
 *
 * `journaled` tells runs that have this record (1, every run from now on) from runs imported
 * before this migration (0): those can only be undone when they merged nothing (see undo-import).
 * `undone_at` marks an undone run; it stays in the history.
 */
export const importChanges: Migration = {
  version: 13,
  name: 'import-changes',
  up(db) {
    db.exec(`
      CREATE TABLE import_changes (
        seq           INTEGER PRIMARY KEY,
        import_run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
        item_kind     TEXT NOT NULL CHECK (item_kind IN ('song', 'movie')),
        item_id       INTEGER NOT NULL,
        outcome       TEXT NOT NULL CHECK (outcome IN ('added', 'merged')),
        before_json   TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
        CHECK (outcome = 'added' OR before_json IS NOT NULL),
        UNIQUE (import_run_id, item_kind, item_id)
      );
      CREATE INDEX import_changes_by_item ON import_changes(item_kind, item_id, seq);

      ALTER TABLE import_runs ADD COLUMN journaled INTEGER NOT NULL DEFAULT 1 CHECK (journaled IN (0, 1));
      UPDATE import_runs SET journaled = 0;
      ALTER TABLE import_runs ADD COLUMN undone_at TEXT;
    `);
  },
};
