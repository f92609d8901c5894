import type { Migration } from '../migration.js';

/**
 * Lets a bulk writer index its new rows in one statement per batch instead of one FTS5 insert per
 * row: a row-by-row FTS5 insert costs about 50 µs (FTS5 flushes its pending terms at every
 * statement's savepoint), the same rows indexed by one INSERT … SELECT cost about 10 µs each.
 *
 * While a writer's transaction holds a row in search_backlog for a table, rows of that table with
 * an id above `indexed_through` are not in the FTS index yet, and the triggers leave them alone
 * (indexing a new row, or deleting an unindexed one, would corrupt an external-content index).
 * The writer indexes them and removes its backlog row before the transaction commits, so a
 * committed database never has a backlog; a crash rolls both back together.
 * Triggers assume ids never change (no code updates an id).
 */
const FTS = {
  songs: ['title', 'artists', 'album'],
  movies: ['title', 'original_title'],
} as const;

export const searchBacklog: Migration = {
  version: 11,
  name: 'search-backlog',
  up(db) {
    db.exec(`
      CREATE TABLE search_backlog (
        table_name      TEXT PRIMARY KEY CHECK (table_name IN ('songs', 'movies')),
        indexed_through INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
    for (const [table, columns] of Object.entries(FTS)) {
      const fts = `${table}_fts`;
      const list = columns.join(', ');
      const values = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
      const indexed = (row: 'new' | 'old') =>
        `${row}.id <= COALESCE((SELECT indexed_through FROM search_backlog WHERE table_name = '${table}'), 9223372036854775807)`;
      db.exec(`
        DROP TRIGGER ${fts}_insert;
        DROP TRIGGER ${fts}_delete;
        DROP TRIGGER ${fts}_update;
        CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} WHEN ${indexed('new')} BEGIN
          INSERT INTO ${fts}(rowid, ${list}) VALUES (new.id, ${values('new')});
        END;
        CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} WHEN ${indexed('old')} BEGIN
          INSERT INTO ${fts}(${fts}, rowid, ${list}) VALUES ('delete', old.id, ${values('old')});
        END;
        CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${list} ON ${table} WHEN ${indexed('old')} BEGIN
          INSERT INTO ${fts}(${fts}, rowid, ${list}) VALUES ('delete', old.id, ${values('old')});
          INSERT INTO ${fts}(rowid, ${list}) VALUES (new.id, ${values('new')});
        END;
      `);
    }
  },
};
