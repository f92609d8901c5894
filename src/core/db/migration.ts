import type Database from 'better-sqlite3';

/** One schema step. Migrations are append-only: never edit one that has shipped. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
