import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

const floats = (...values: number[]) => Buffer.from(Float32Array.from(values).buffer);

describe('migration 18: vibe vector slots', () => {
  it('moves the ready model into slot 0 with its moods, drops abandoned builds, and keeps the other feature vectors', () => {
    const db = databaseAt(17);
    const model = db.prepare(`INSERT INTO vibe_models(model_json, status) VALUES ('{}', ?)`);
    const ready = Number(model.run('ready').lastInsertRowid);
    const abandoned = Number(model.run('building').lastInsertRowid);
    const vector = db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES (?, ?, ?, ?, ?)`);
    for (const id of [2, 1]) {
      vector.run('song', id, `vibe/${ready}`, 2, floats(id, 0.5));
      vector.run('song', id, `mood/${ready}`, 1, floats(id / 10));
      vector.run('song', id, `vibe/${abandoned}`, 2, floats(9, 9));
      vector.run('song', id, `mood/${abandoned}`, 1, floats(9));
    }
    vector.run('movie', 7, `vibe/${ready}`, 2, floats(7, 7));
    vector.run('movie', 7, `mood/${ready}`, 1, floats(0.7));
    db.prepare(`INSERT INTO movies(id, title) VALUES (3, 'Amélie')`).run();
    db.prepare(`INSERT INTO posters(id, movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (5, 3, '/p.jpg', 1, 1, 'mapping')`).run();
    vector.run('poster', 5, 'mobilenetv2', 1, floats(1));

    migrate(db, undefined, 18);

    expect(db.prepare(`SELECT id, slot FROM vibe_models`).all()).toEqual([{ id: ready, slot: 0 }]);
    expect(db.prepare(`SELECT item_id AS id, model_id AS model, vector, mood FROM vibe_song_vectors_0`).all()).toEqual([
      { id: 1, model: ready, vector: floats(1, 0.5), mood: floats(0.1) },
      { id: 2, model: ready, vector: floats(2, 0.5), mood: floats(0.2) },
    ]);
    expect(db.prepare(`SELECT item_id FROM vibe_movie_vectors_0`).pluck().all()).toEqual([7]);
    for (const empty of ['vibe_song_vectors_1', 'vibe_movie_vectors_1']) expect(db.prepare(`SELECT count(*) FROM ${empty}`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT item_kind, space FROM feature_vectors`).raw().all()).toEqual([['poster', 'mobilenetv2']]);
    // The table keeps its checks and the posters' trigger still removes an embedding with its poster.
    expect(() => vector.run('poster', 6, 'mobilenetv2', 2, floats(1))).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE vibe_models SET slot = 2`).run()).toThrow(/CHECK/);
    db.prepare(`DELETE FROM posters WHERE id = 5`).run();
    expect(db.prepare(`SELECT count(*) FROM feature_vectors`).pluck().get()).toBe(0);
  });

  it('leaves no model when none was ready', () => {
    const db = databaseAt(17);
    db.prepare(`INSERT INTO vibe_models(model_json, status) VALUES ('{}', 'building')`).run();
    migrate(db, undefined, 18);
    expect(db.prepare(`SELECT count(*) FROM vibe_models`).pluck().get()).toBe(0);
  });
});
