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
