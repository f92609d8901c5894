import { describe, expect, it } from 'vitest';
import { databaseAt, ftsMatch } from '../../testing/migrations.js';
import { migrate } from '../migrate.js';

type Db = ReturnType<typeof databaseAt>;
const integrityCheck = (db: Db, fts: string) => db.prepare(`INSERT INTO ${fts}(${fts}, rank) VALUES ('integrity-check', 1)`).run();

describe('migration 11: search backlog', () => {
  it('keeps row-by-row indexing when no backlog is open', () => {
    const db = databaseAt(10);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (1, 'a', 'Clair de Lune', 'Debussy')`).run();
    migrate(db, undefined, 11);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (2, 'b', 'Lune', 'X')`).run();
    db.prepare(`UPDATE songs SET title = 'Nocturne' WHERE id = 1`).run();
    db.prepare(`INSERT INTO movies(id, title) VALUES (5, 'Amélie')`).run();
    expect(ftsMatch(db, 'songs_fts', 'lune')).toEqual([2]);
    expect(ftsMatch(db, 'songs_fts', 'nocturne')).toEqual([1]);
    expect(ftsMatch(db, 'movies_fts', 'amelie')).toEqual([5]);
    db.prepare(`DELETE FROM movies WHERE id = 5`).run();
    expect(ftsMatch(db, 'movies_fts', 'amelie')).toEqual([]);
    integrityCheck(db, 'songs_fts');
    integrityCheck(db, 'movies_fts');
  });

  it('leaves rows above indexed_through to the writer, even when they are updated or deleted before it indexes them', () => {
    const db = databaseAt(11);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (1, 'a', 'Old Title', 'A')`).run();
    db.transaction(() => {
      db.prepare(`INSERT INTO search_backlog(table_name, indexed_through) VALUES ('songs', 1)`).run();
      db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (2, 'b', 'First Name', 'B')`).run();
      db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (3, 'c', 'Gone Soon', 'C')`).run();
      expect(ftsMatch(db, 'songs_fts', 'first')).toEqual([]);
      db.prepare(`UPDATE songs SET title = 'Second Name' WHERE id = 2`).run();
      db.prepare(`DELETE FROM songs WHERE id = 3`).run();
      // Rows that were indexed before the backlog opened are still maintained row by row.
      db.prepare(`UPDATE songs SET title = 'New Title' WHERE id = 1`).run();
      db.prepare(`INSERT INTO songs_fts(rowid, title, artists, album) SELECT id, title, artists, album FROM songs WHERE id > 1`).run();
      db.prepare(`DELETE FROM search_backlog WHERE table_name = 'songs'`).run();
    })();
    expect(ftsMatch(db, 'songs_fts', 'second')).toEqual([2]);
    expect(ftsMatch(db, 'songs_fts', 'first OR gone OR old')).toEqual([]);
    expect(ftsMatch(db, 'songs_fts', 'new')).toEqual([1]);
    integrityCheck(db, 'songs_fts');
  });

  it('accepts one backlog row per searched table only', () => {
    const db = databaseAt(11);
    expect(() => db.prepare(`INSERT INTO search_backlog VALUES ('posters', 0)`).run()).toThrow(/CHECK/);
  });
});
