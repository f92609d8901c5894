import { describe, expect, it } from 'vitest';
import { databaseAt } from '../../testing/migrations.js';

describe('migration 5: features', () => {
  it('stores float32 vectors whose byte length matches their dimension', () => {
    const db = databaseAt(5);
    const insert = db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('movie', 1, ?, ?, ?)`);
    const vector = new Float32Array([0.5, -1, 2]);
    insert.run('vibe', 3, Buffer.from(vector.buffer));
    const stored = db.prepare(`SELECT vector FROM feature_vectors WHERE space = 'vibe'`).pluck().get() as Buffer;
    expect([...new Float32Array(stored.buffer, stored.byteOffset, 3)]).toEqual([0.5, -1, 2]);
    expect(() => insert.run('other', 4, Buffer.from(vector.buffer))).toThrow(/CHECK/);
    expect(() => insert.run('vibe', 3, Buffer.from(vector.buffer))).toThrow(/UNIQUE|PRIMARY/);
  });
});
