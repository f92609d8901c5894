import type { Migration } from '../migration.js';

/**
 * FTS5 indexes for search-as-you-type. External-content tables keep one copy of the text;
 * triggers keep them in step inside the same transaction as the row change, so a crash
 * can never leave the index out of date. remove_diacritics lets "nezet" find "Nézet".
 */
export const search: Migration = {
  version: 3,
  name: 'search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE songs_fts USING fts5(
        title, artists, album,
        content = 'songs', content_rowid = 'id',
        tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
      );
      CREATE TRIGGER songs_fts_insert AFTER INSERT ON songs BEGIN
        INSERT INTO songs_fts(rowid, title, artists, album) VALUES (new.id, new.title, new.artists, new.album);
      END;
      CREATE TRIGGER songs_fts_delete AFTER DELETE ON songs BEGIN
        INSERT INTO songs_fts(songs_fts, rowid, title, artists, album) VALUES ('delete', old.id, old.title, old.artists, old.album);
      END;
      CREATE TRIGGER songs_fts_update AFTER UPDATE OF title, artists, album ON songs BEGIN
        INSERT INTO songs_fts(songs_fts, rowid, title, artists, album) VALUES ('delete', old.id, old.title, old.artists, old.album);
        INSERT INTO songs_fts(rowid, title, artists, album) VALUES (new.id, new.title, new.artists, new.album);
      END;

      CREATE VIRTUAL TABLE movies_fts USING fts5(
        title, original_title,
        content = 'movies', content_rowid = 'id',
        tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
      );
      CREATE TRIGGER movies_fts_insert AFTER INSERT ON movies BEGIN
        INSERT INTO movies_fts(rowid, title, original_title) VALUES (new.id, new.title, new.original_title);
      END;
      CREATE TRIGGER movies_fts_delete AFTER DELETE ON movies BEGIN
        INSERT INTO movies_fts(movies_fts, rowid, title, original_title) VALUES ('delete', old.id, old.title, old.original_title);
      END;
      CREATE TRIGGER movies_fts_update AFTER UPDATE OF title, original_title ON movies BEGIN
        INSERT INTO movies_fts(movies_fts, rowid, title, original_title) VALUES ('delete', old.id, old.title, old.original_title);
        INSERT INTO movies_fts(rowid, title, original_title) VALUES (new.id, new.title, new.original_title);
      END;

      -- Index rows that existed before this migration.
      INSERT INTO songs_fts(songs_fts) VALUES ('rebuild');
      INSERT INTO movies_fts(movies_fts) VALUES ('rebuild');
    `);
  },
};
