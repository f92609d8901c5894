import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../testing/migrations.js';

describe('migration 4: posters', () => {
  it('links poster files to movies, one row per path, removed with the movie', () => {
    const db = databaseAt(4);
    db.prepare(`INSERT INTO movies(id, title) VALUES (1, 'M')`).run();
    const insert = db.prepare(`INSERT INTO posters(movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (1, ?, 10, 0, ?)`);
    insert.run('/p/a.jpg', 'imdb_id');
    expect(() => insert.run('/p/a.jpg', 'imdb_id')).toThrow(/UNIQUE/);
    expect(() => insert.run('/p/b.jpg', 'guess')).toThrow(/CHECK/);
    db.prepare(`DELETE FROM movies WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM posters`).pluck().get()).toBe(0);
  });
});
