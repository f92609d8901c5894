import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 19: movie browse indexes', () => {
  it('indexes movies by release year and lower-cased original language, which the picker’s filters then read alone', () => {
    const db = databaseAt(18);
    const add = db.prepare(`INSERT INTO movies(id, title, release_year, original_language) VALUES (?, ?, ?, ?)`);
    add.run(1, 'A', 1994, 'EN');
    add.run(2, 'B', 2001, 'ko');
    add.run(3, 'C', null, null);
    migrate(db, undefined, 19);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('\n');
    expect(plan(`SELECT id FROM movies WHERE release_year >= 1990 AND release_year <= 1999`)).toMatch(/COVERING INDEX movies_by_year/);
    expect(plan(`SELECT id FROM movies WHERE lower(original_language) IN ('en', 'ko')`)).toMatch(/COVERING INDEX movies_by_language/);
    expect(db.prepare(`SELECT id FROM movies WHERE lower(original_language) = 'en'`).pluck().all()).toEqual([1]);
    expect(db.prepare(`SELECT id FROM movies WHERE release_year BETWEEN 2000 AND 2010`).pluck().all()).toEqual([2]);
  });
});
