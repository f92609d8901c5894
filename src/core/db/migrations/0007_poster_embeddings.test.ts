import { describe, expect, it } from 'vitest';
import { databaseAt, tableNames } from '../../testing/migrations.js';

describe('migration 7: poster embeddings', () => {
  it('keeps one state row per poster, checked, removed (with its vector) with the poster', () => {
    const db = databaseAt(7);
    expect(tableNames(db)).toContain('poster_embeddings');
    db.prepare(`INSERT INTO movies(id, title) VALUES (1, 'M')`).run();
    db.prepare(`INSERT INTO posters(id, movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (5, 1, '/p/a.jpg', 10, 0, 'imdb_id')`).run();
    const upsert = db.prepare(`INSERT INTO poster_embeddings(poster_id, status, error, model_sha256, brightness) VALUES (?, ?, ?, ?, ?)`);
    expect(() => upsert.run(6, 'pending', null, null, null)).toThrow(/FOREIGN KEY/);
    expect(() => upsert.run(5, 'queued', null, null, null)).toThrow(/CHECK/);
    expect(() => upsert.run(5, 'failed', null, null, null)).toThrow(/CHECK/);
    expect(() => upsert.run(5, 'done', null, 'abc', null)).toThrow(/CHECK/);
    expect(() => upsert.run(5, 'done', null, 'abc', 1.5)).toThrow(/CHECK/);
    upsert.run(5, 'done', null, 'abc', 0.5);
    expect(() => upsert.run(5, 'pending', null, null, null)).toThrow(/UNIQUE|PRIMARY/);
    db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('poster', 5, 'mobilenetv2', 1, ?)`).run(Buffer.alloc(4));
    db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('movie', 5, 'vibe', 1, ?)`).run(Buffer.alloc(4));
    db.prepare(`DELETE FROM movies WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM poster_embeddings`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT item_kind FROM feature_vectors`).pluck().all()).toEqual(['movie']);
  });
});
