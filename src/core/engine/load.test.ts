import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database.js';
import { createTopKEngine } from './engine.js';
import { exactTopK } from './exact.js';
import { featureVectorRows, loadMatrixFromBlobs, loadMatrixFromDatabase } from './load.js';
import { randomMatrix, randomVector, rng } from './test-helpers.js';

function blob(data: Float32Array, row: number, dims: number): Buffer {
  return Buffer.from(data.buffer, data.byteOffset + row * dims * 4, dims * 4);
}

describe('loadMatrixFromBlobs', () => {
  it('copies blobs into one matrix (array and unsized iterable)', async () => {
    const dims = 48;
    const source = randomMatrix(2_500, dims, 41);
    const rows = Array.from({ length: source.count }, (_, r) => ({ itemId: source.itemIds[r]!, vector: blob(source.data, r, dims) }));
    function* generate(): Generator<{ itemId: number; vector: Buffer }> {
      yield* rows;
    }
    for (const input of [rows, generate()]) {
      const matrix = loadMatrixFromBlobs(input);
      expect(matrix.dims).toBe(dims);
      expect(matrix.count).toBe(source.count);
      expect(Array.from(matrix.data)).toEqual(Array.from(source.data));
      expect(Array.from(matrix.itemIds)).toEqual(Array.from(source.itemIds));
      // the engine adopts the loaded memory without copying
      const engine = createTopKEngine(matrix, { threads: 0 });
      expect(engine.matrix.data.buffer).toBe(matrix.data.buffer);
      const vector = randomVector(dims, rng(1));
      expect(await engine.search({ vector, k: 10 })).toEqual(exactTopK(source, { vector, k: 10 }));
      // a second engine over the same matrix gets its own copy
      const second = createTopKEngine(matrix, { threads: 0 });
      expect(second.matrix.data.buffer).not.toBe(matrix.data.buffer);
    }
  });

  it('rejects blobs of the wrong length and needs dims for an empty matrix', () => {
    expect(() =>
      loadMatrixFromBlobs([
        { itemId: 1, vector: new Uint8Array(16) },
        { itemId: 2, vector: new Uint8Array(12) },
      ]),
    ).toThrow(/12 bytes/);
    expect(() => loadMatrixFromBlobs([])).toThrow(/dims/);
    const empty = loadMatrixFromBlobs([], { dims: 8 });
    expect(empty.count).toBe(0);
    expect(empty.dims).toBe(8);
  });
});

describe('loadMatrixFromDatabase', () => {
  const dims = 32;
  const source = randomMatrix(1_234, dims, 42);
  const db = openDatabase(':memory:');
  const insert = db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES (?, ?, ?, ?, ?)`);
  const ids = Array.from({ length: source.count }, (_, r) => 3 * r + (r % 2) + 1);
  // insert in a shuffled order: the loader returns rows by item id
  const order = Array.from({ length: source.count }, (_, r) => r).sort(() => rng(7)() - 0.5);
  db.transaction(() => {
    for (const r of order) insert.run('movie', ids[r], 'vibe', dims, blob(source.data, r, dims));
    insert.run('song', 5, 'vibe', dims, blob(source.data, 0, dims));
    insert.run('movie', 5, 'other', 4, Buffer.alloc(16));
  })();

  for (const method of ['chunks', 'rows'] as const) {
    for (const chunkRows of [7, 4096]) {
      it(`loads one space and kind ordered by item id (${method}, ${chunkRows})`, () => {
        const matrix = loadMatrixFromDatabase(db, featureVectorRows('vibe', 'movie'), { method, chunkRows });
        expect(matrix.count).toBe(source.count);
        expect(matrix.dims).toBe(dims);
        expect(Array.from(matrix.itemIds)).toEqual(ids);
        expect(Array.from(matrix.data)).toEqual(Array.from(source.data));
      });
    }
  }

  it('returns an empty matrix for a missing space when dims are given, and rejects mixed lengths', () => {
    expect(loadMatrixFromDatabase(db, featureVectorRows('nothing', 'movie'), { dims: 8 }).count).toBe(0);
    insert.run('movie', 99_999, 'other', 8, Buffer.alloc(32));
    expect(() => loadMatrixFromDatabase(db, featureVectorRows('other', 'movie'))).toThrow(/different lengths|bytes/);
    expect(() => loadMatrixFromDatabase(db, featureVectorRows('other', 'movie'), { method: 'rows' })).toThrow(/bytes/);
  });

  it('handles negative item ids', () => {
    const other = openDatabase(':memory:');
    const ins = other.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('song', ?, 'vibe', 16, ?)`);
    for (const id of [-5, -1, 0, 2_000_000_000]) ins.run(id, Buffer.from(new Float32Array(16).fill(id).buffer));
    const matrix = loadMatrixFromDatabase(other, featureVectorRows('vibe', 'song'));
    expect(Array.from(matrix.itemIds)).toEqual([-5, -1, 0, 2_000_000_000]);
    expect(matrix.data[16]).toBe(-1);
  });
});
