import { describe, expect, it } from 'vitest';
import { databaseAt, tableNames } from '../../testing/migrations.js';

describe('migration 1: catalog', () => {
  it('creates songs, movies, genres, keywords and their links', () => {
    const db = databaseAt(1);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['songs', 'movies', 'genres', 'keywords', 'song_genres', 'movie_genres', 'movie_keywords']));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('keeps one song per song_key and checks audio-feature domains', () => {
    const db = databaseAt(1);
    const insert = db.prepare(`INSERT INTO songs(song_key, title, artists, mode) VALUES (?, 'T', 'A', ?)`);
    insert.run('abc', 1);
    expect(() => insert.run('abc', 1)).toThrow(/UNIQUE/);
    expect(() => insert.run('def', 2)).toThrow(/CHECK/);
  });

  it('accepts only canonical IMDb ids and unique external ids on movies', () => {
    const db = databaseAt(1);
    const insert = db.prepare(`INSERT INTO movies(title, imdb_id, tmdb_id) VALUES ('M', ?, ?)`);
    insert.run('tt0114709', 862);
    expect(() => insert.run('0114709', 1)).toThrow(/CHECK/);
    expect(() => insert.run('tt0000001', 862)).toThrow(/UNIQUE/);
  });

  it('deletes genre links with their song', () => {
    const db = databaseAt(1);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (1, 'k', 'T', 'A')`).run();
    db.prepare(`INSERT INTO genres(id, domain, name) VALUES (1, 'music', 'jazz')`).run();
    db.prepare(`INSERT INTO song_genres VALUES (1, 1)`).run();
    db.prepare(`DELETE FROM songs WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM song_genres`).pluck().get()).toBe(0);
  });
});
