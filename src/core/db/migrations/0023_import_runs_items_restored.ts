import type { Migration } from '../migration.js';

/**
 * How many items undoing a run changed back to how they were before it (NULL: not undone, or
 * undone before this was recorded). A vibe build tells from it whether an undo changed items it
 * cannot name (the run's journal goes with the undo) or only took items away, or put back items
 * the run had merged into without changing them: only the first needs a full build.
 * `items_merged` cannot tell: it also counts those merges, and rows that repeat an item the same
 * run added.
 */
export const importRunsItemsRestored: Migration = {
  version: 23,
  name: 'import-runs-items-restored',
  up(db) {
    db.exec(`ALTER TABLE import_runs ADD COLUMN items_restored INTEGER CHECK (items_restored IS NULL OR items_restored >= 0)`);
  },
};
