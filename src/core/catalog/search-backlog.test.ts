import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { databaseAt } from '../testing/migrations.js';
import { tempDir } from '../testing/temp.js';
import { openDatabase, type CatalogDatabase } from '../db/open-database.js';
import { SearchBacklog } from './search-backlog.js';

const insertSong = (db: CatalogDatabase, key: string, title: string) =>
  db.prepare(`INSERT INTO songs(song_key, title, artists) VALUES (?, ?, 'Artist')`).run(key, title);
const backlogRows = (db: CatalogDatabase) => db.prepare(`SELECT COUNT(*) FROM search_backlog`).pluck().get();
const insertTrigger = (db: CatalogDatabase) => db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'songs_fts_insert'`).pluck().get();

describe('SearchBacklog', () => {
  it('indexes the rows written between open and close with one statement', () => {
    const db = databaseAt(12) as unknown as CatalogDatabase;
    insertSong(db, 'a', 'Before The Batch');
    const backlog = new SearchBacklog(db, 'songs');
    db.transaction(() => {
      backlog.open();
      insertSong(db, 'b', 'Inside The Batch');
      expect(db.prepare(`SELECT COUNT(*) FROM songs_fts WHERE songs_fts MATCH 'inside'`).pluck().get()).toBe(0);
      backlog.close();
    })();
    expect(backlogRows(db)).toBe(0);
    expect(db.prepare(`SELECT COUNT(*) FROM songs_fts WHERE songs_fts MATCH 'batch'`).pluck().get()).toBe(2);
  });

  it('drops the insert trigger while open and puts the same trigger back on close', () => {
    const db = databaseAt(12) as unknown as CatalogDatabase;
    const original = insertTrigger(db);
    expect(original).toMatch(/^CREATE TRIGGER songs_fts_insert AFTER INSERT ON songs/);
    const backlog = new SearchBacklog(db, 'songs');
    db.transaction(() => {
      backlog.open();
      expect(insertTrigger(db)).toBeUndefined();
      expect(db.prepare(`SELECT insert_trigger FROM search_backlog`).pluck().get()).toBe(original);
      insertSong(db, 'a', 'Batch Row');
      backlog.close();
      expect(insertTrigger(db)).toBe(original);
    })();
    insertSong(db, 'b', 'Single Row');
    expect(db.prepare(`SELECT rowid FROM songs_fts WHERE songs_fts MATCH 'row' ORDER BY rowid`).pluck().all()).toEqual([1, 2]);
    db.prepare(`INSERT INTO songs_fts(songs_fts, rank) VALUES ('integrity-check', 1)`).run();
  });

  it('rolls back with its transaction, so a failed batch leaves no backlog and no half index', () => {
    const db = databaseAt(12) as unknown as CatalogDatabase;
    const backlog = new SearchBacklog(db, 'songs');
    expect(() =>
      db.transaction(() => {
        backlog.open();
        insertSong(db, 'b', 'Lost Row');
        throw new Error('crash');
      })(),
    ).toThrow('crash');
    expect(backlogRows(db)).toBe(0);
    expect(insertTrigger(db)).toMatch(/^CREATE TRIGGER/);
    insertSong(db, 'c', 'Later Row');
    expect(db.prepare(`SELECT COUNT(*) FROM songs_fts WHERE songs_fts MATCH 'later'`).pluck().get()).toBe(1);
  });

  it('settles a backlog that a caller left open before starting a new one, trigger included', () => {
    const db = databaseAt(12) as unknown as CatalogDatabase;
    const backlog = new SearchBacklog(db, 'songs');
    backlog.open();
    insertSong(db, 'a', 'Forgotten Row');
    backlog.open();
    insertSong(db, 'b', 'Next Row');
    backlog.close();
    backlog.close();
    expect(insertTrigger(db)).toMatch(/^CREATE TRIGGER/);
    expect(db.prepare(`SELECT COUNT(*) FROM songs_fts WHERE songs_fts MATCH 'row'`).pluck().get()).toBe(2);
    db.prepare(`INSERT INTO songs_fts(songs_fts, rank) VALUES ('integrity-check', 1)`).run();
  });

  it('never shows another connection a catalog without the trigger, and that connection indexes its own inserts again after the commit', () => {
    const file = path.join(tempDir(), 'catalog.db');
    const writer = openDatabase(file);
    const other = openDatabase(file);
    const otherInsert = other.prepare(`INSERT INTO songs(song_key, title, artists) VALUES (?, ?, 'Other')`);
    const otherSearch = other.prepare(`SELECT COUNT(*) FROM songs_fts WHERE songs_fts MATCH ?`).pluck();
    const backlog = new SearchBacklog(writer, 'songs');
    writer
      .transaction(() => {
        backlog.open();
        insertSong(writer, 'w', 'Writer Row');
        expect(insertTrigger(writer)).toBeUndefined();
        // WAL: the other connection reads the last committed catalog, triggers included.
        expect(insertTrigger(other)).toMatch(/^CREATE TRIGGER/);
        expect(otherSearch.get('writer')).toBe(0);
        backlog.close();
      })
      .immediate();
    expect(otherSearch.get('writer')).toBe(1);
    // Prepared before the writer changed the schema: SQLite re-prepares it, with the trigger.
    otherInsert.run('o', 'Other Row');
    expect(otherSearch.get('row')).toBe(2);
    other.prepare(`INSERT INTO songs_fts(songs_fts, rank) VALUES ('integrity-check', 1)`).run();
    other.close();
    writer.close();
  });
});
