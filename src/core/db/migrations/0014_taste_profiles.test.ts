import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 14: taste profiles', () => {
  it('stores weighted items per profile, refuses blank names and non-positive weights, and drops items with their profile', () => {
    const db = databaseAt(13);
    migrate(db, undefined, 14);
    const profile = Number(
      db.prepare(`INSERT INTO taste_profiles(name, kind, source) VALUES ('My 5-star films', 'movie', 'Letterboxd ratings.csv')`).run().lastInsertRowid,
    );
    expect(() => db.prepare(`INSERT INTO taste_profiles(name, kind, source) VALUES ('  ', 'movie', 'x')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO taste_profiles(name, kind, source) VALUES ('x', 'poster', 'x')`).run()).toThrow(/CHECK/);
    const item = db.prepare(`INSERT INTO taste_items(profile_id, item_id, weight, detail) VALUES (?, ?, ?, ?)`);
    item.run(profile, 10, 5, '★★★★★');
    expect(() => item.run(profile, 10, 4, null)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => item.run(profile, 11, 0, null)).toThrow(/CHECK/);
    expect(() => item.run(999, 11, 1, null)).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM taste_profiles WHERE id = ?`).run(profile);
    expect(db.prepare(`SELECT count(*) FROM taste_items`).pluck().get()).toBe(0);
  });
});
