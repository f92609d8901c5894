import Database from 'better-sqlite3';
import { migrate } from '../db/migrate.js';

/** An in-memory database migrated up to (and including) `version`. */
export function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, undefined, version);
  return db;
}

export function tableNames(db: Database.Database): string[] {
  return db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name`).pluck().all() as string[];
}

/** The rowids a full-text index finds for `query`, in rowid order. */
export function ftsMatch(db: Database.Database, table: string, query: string): unknown[] {
  return db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).pluck().all(query);
}

/** Song 7 "Clair de Lune" by Debussy and movie 3 "Amélie", for the search migrations' tests. */
export function insertSearchSamples(db: Database.Database): void {
  db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (7, 'k', 'Clair de Lune', 'Debussy')`).run();
  db.prepare(`INSERT INTO movies(id, title) VALUES (3, 'Amélie')`).run();
}
