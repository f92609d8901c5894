import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 13: artist tags', () => {
  it('keeps one weighted tag per artist, tag and source, lower-case, with a weight in (0, 1]', () => {
    const db = databaseAt(12);
    migrate(db, undefined, 13);
    db.prepare(`INSERT INTO sources(id, path, kind, format) VALUES (1, '/data/lastfm', 'songs', 'lastfm-hetrec2011')`).run();
    const add = db.prepare(`INSERT INTO artist_tags(source_id, artist_key, artist_name, tag, users, weight) VALUES (1, ?, ?, ?, ?, ?)`);
    add.run('beatles', 'The Beatles', 'classic rock', 40, 1);
    add.run('beatles', 'The Beatles', '60s', 20, 0.5);
    expect(() => add.run('beatles', 'The Beatles', '60s', 3, 0.1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => add.run('abba', 'ABBA', 'Disco', 3, 1)).toThrow(/CHECK/);
    expect(() => add.run('abba', 'ABBA', 'disco', 3, 0)).toThrow(/CHECK/);
    expect(() => add.run('abba', 'ABBA', 'disco', 3, 1.5)).toThrow(/CHECK/);
    expect(() => add.run('abba', 'ABBA', 'disco', 0, 1)).toThrow(/CHECK/);
    expect(() => add.run('', 'ABBA', 'disco', 3, 1)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO artist_tags VALUES (9, 'x', 'X', 'pop', 1, 1)`).run()).toThrow(/FOREIGN KEY/);
    expect(db.prepare(`SELECT tag, weight FROM artist_tags WHERE artist_key = 'beatles' ORDER BY weight DESC`).all()).toEqual([
      { tag: 'classic rock', weight: 1 },
      { tag: '60s', weight: 0.5 },
    ]);
  });
});
