import type { Migration } from '../migration.js';

/**
 * Lets a bulk writer drop a table's FTS insert trigger for the length of its backlog (see
 * migration 11 and catalog/search-backlog.ts) and keeps the trigger's SQL in the backlog row, so
 * that whoever closes the backlog can put back exactly the trigger that was there.
 *
 * Why drop it at all: while an INSERT statement can fire a trigger that writes to a virtual table,
 * SQLite gives every such statement a statement journal and a savepoint, whether or not the
 * trigger's WHEN clause lets it run. During an import that doubled the cost of adding a song. The
 * drop and the re-creation happen inside the writer's transaction, so a committed database always
 * has its triggers, and a crash rolls both back together.
 */
export const backlogInsertTrigger: Migration = {
  version: 12,
  name: 'backlog-insert-trigger',
  up(db) {
    db.exec(`ALTER TABLE search_backlog ADD COLUMN insert_trigger TEXT`);
  },
};
