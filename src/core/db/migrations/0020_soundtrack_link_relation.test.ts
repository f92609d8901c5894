import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

describe('migration 20: soundtrack link relation', () => {
  it('keeps every link as one whose album or title names the film, and takes links to the artist a film is about', () => {
    const db = databaseAt(19);
    db.prepare(
      `INSERT INTO songs(id, song_key, title, artists) VALUES (1, 'a', 'The Sixth Station', 'Joe Hisaishi'), (2, 'b', 'Bohemian Rhapsody', 'Queen')`,
    ).run();
    db.prepare(`INSERT INTO movies(id, title) VALUES (10, 'Spirited Away'), (11, 'Bohemian Rhapsody')`).run();
    db.prepare(`INSERT INTO soundtrack_links(song_id, movie_id, evidence) VALUES (1, 10, 'album "Spirited Away Soundtrack"')`).run();
    migrate(db, undefined, 20);
    expect(db.prepare(`SELECT song_id, movie_id, relation FROM soundtrack_links`).raw().all()).toEqual([[1, 10, 'named']]);
    db.prepare(`INSERT INTO soundtrack_links(song_id, movie_id, evidence, relation) VALUES (2, 11, 'the film is about Queen', 'about-artist')`).run();
    expect(() => db.prepare(`INSERT INTO soundtrack_links(song_id, movie_id, evidence, relation) VALUES (2, 10, 'x', 'rumour')`).run()).toThrow(/CHECK/);
  });
});
