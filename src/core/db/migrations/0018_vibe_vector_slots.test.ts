import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../../../tests/support/migrations.js';
import { migrate } from '../migrate.js';

const floats = (...values: number[]) => Buffer.from(Float32Array.from(values).buffer);

describe('migration 18: vibe vector slots', () => {
  it('adds a slot per model and two slots of vector tables per kind, leaving models built before where they are', () => {
    const db = databaseAt(17);
    const ready = Number(db.prepare(`INSERT INTO vibe_models(model_json, status) VALUES ('{}', 'ready')`).run().lastInsertRowid);
    db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('song', 1, ?, 2, ?)`).run(`vibe/${ready}`, floats(1, 2));
    migrate(db, undefined, 18);

    expect(db.prepare(`SELECT id, slot FROM vibe_models`).all()).toEqual([{ id: ready, slot: null }]);
    expect(db.prepare(`SELECT count(*) FROM feature_vectors WHERE space = ?`).pluck().get(`vibe/${ready}`)).toBe(1);
    expect(() => db.prepare(`UPDATE vibe_models SET slot = 2`).run()).toThrow(/CHECK/);
    for (const kind of ['song', 'movie'])
      for (const slot of [0, 1]) {
        const table = `vibe_${kind}_vectors_${slot}`;
        db.prepare(`INSERT INTO ${table}(item_id, model_id, vector, mood) VALUES (5, ?, ?, ?)`).run(ready, floats(1), floats(0.5));
        expect(() => db.prepare(`INSERT INTO ${table}(item_id, model_id, vector) VALUES (6, 1, x'00')`).run()).toThrow(/NOT NULL/);
        // The model index serves "which items does this model have" without reading the vectors.
        expect(db.prepare(`EXPLAIN QUERY PLAN SELECT item_id FROM ${table} WHERE model_id = ? ORDER BY item_id`).all(ready)).toEqual([
          expect.objectContaining({ detail: expect.stringContaining(`COVERING INDEX ${table}_by_model`) }),
        ]);
      }
  });
});
