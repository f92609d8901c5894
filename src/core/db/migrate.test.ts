import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

describe('migrate', () => {
  it('numbers migrations 1..n without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
  });

  it('applies every migration once and is a no-op afterwards', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(MIGRATIONS.length);
    const schema = db.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).pluck().all();
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).pluck().all()).toEqual(schema);
  });

  it('keeps data written at an older version', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS, 1);
    db.prepare(`INSERT INTO songs(song_key, title, artists) VALUES ('k', 'Old song', 'Someone')`).run();
    migrate(db);
    expect(db.prepare(`SELECT title FROM songs`).pluck().get()).toBe('Old song');
  });

  it('rolls back a failing migration and leaves the version unchanged', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: 'broken', up: (inner: Database.Database) => inner.exec('CREATE TABLE x(a); SELECT nope FROM missing;') },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'x'`).pluck().get()).toBe(0);
  });

  it('refuses a database from a newer Crossfade', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(DatabaseTooNewError);
  });
});
