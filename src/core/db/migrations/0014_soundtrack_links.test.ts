import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 14: soundtrack links', () => {
  it('links a song to a film once, with evidence, and drops the link with either side', () => {
    const db = databaseAt(13);
    migrate(db, undefined, 14);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists, album) VALUES (1, 'a', 'The Sixth Station', 'Joe Hisaishi', 'Spirited Away Soundtrack')`).run();
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (2, 'b', 'Other', 'X')`).run();
    db.prepare(`INSERT INTO movies(id, title, release_year) VALUES (10, 'Spirited Away', 2001)`).run();
    const link = db.prepare(`INSERT INTO soundtrack_links(song_id, movie_id, evidence) VALUES (?, ?, ?)`);
    link.run(1, 10, 'album "Spirited Away Soundtrack"');
    link.run(2, 10, 'title');
    expect(() => link.run(1, 10, 'again')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => link.run(2, 11, 'no such film')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO soundtrack_links VALUES (1, 10, '')`).run()).toThrow(/CHECK|UNIQUE|PRIMARY/);
    db.prepare(`DELETE FROM songs WHERE id = 2`).run();
    expect(db.prepare(`SELECT song_id AS songId, movie_id AS movieId, evidence FROM soundtrack_links`).all()).toEqual([
      { songId: 1, movieId: 10, evidence: 'album "Spirited Away Soundtrack"' },
    ]);
    db.prepare(`DELETE FROM movies WHERE id = 10`).run();
    expect(db.prepare(`SELECT count(*) FROM soundtrack_links`).pluck().get()).toBe(0);
  });
});
