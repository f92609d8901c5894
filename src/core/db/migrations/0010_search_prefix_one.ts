import type { Migration } from '../migration.js';

/**
 * Search-as-you-type starts at the first keystroke: the FTS5 indexes get a one-character prefix
 * index too (prefix = '1 2 3'), so "l" is answered from the prefix index instead of walking every
 * token that starts with l. FTS5 cannot change prefix sizes in place: the tables and their triggers
 * are recreated and rebuilt from the content tables (songs, movies), which hold all the text.
 */
const FTS = {
  songs: { columns: ['title', 'artists', 'album'] },
  movies: { columns: ['title', 'original_title'] },
} as const;

export const searchPrefixOne: Migration = {
  version: 10,
  name: 'search-prefix-one',
  up(db) {
    for (const [table, { columns }] of Object.entries(FTS)) {
      const fts = `${table}_fts`;
      const list = columns.join(', ');
      const values = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
      db.exec(`
        DROP TRIGGER ${fts}_insert;
        DROP TRIGGER ${fts}_delete;
        DROP TRIGGER ${fts}_update;
        DROP TABLE ${fts};
        CREATE VIRTUAL TABLE ${fts} USING fts5(
          ${list},
          content = '${table}', content_rowid = 'id',
          tokenize = "unicode61 remove_diacritics 2", prefix = '1 2 3'
        );
        CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} BEGIN
          INSERT INTO ${fts}(rowid, ${list}) VALUES (new.id, ${values('new')});
        END;
        CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} BEGIN
          INSERT INTO ${fts}(${fts}, rowid, ${list}) VALUES ('delete', old.id, ${values('old')});
        END;
        CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${list} ON ${table} BEGIN
          INSERT INTO ${fts}(${fts}, rowid, ${list}) VALUES ('delete', old.id, ${values('old')});
          INSERT INTO ${fts}(rowid, ${list}) VALUES (new.id, ${values('new')});
        END;
        INSERT INTO ${fts}(${fts}) VALUES ('rebuild');
      `);
    }
  },
};
