import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database.js';
import { createTopKEngine } from './engine.js';
import { exactTopK } from './exact.js';
import { featureVectorRows, loadMatrixFromBlobs, loadMatrixFromDatabase, loadMatrixSnapshot, writeMatrixSnapshot } from './load.js';
import { loadedStorages, Storage } from './storage.js';
import { randomMatrix, randomVector, rng } from './test-helpers.js';
import type { VectorMatrix } from './types.js';

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

/** `source` written as a snapshot file named `name` in a fresh temporary folder. */
function writtenSnapshot(source: VectorMatrix, tag: string, name: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-snapshot-')), name);
  writeMatrixSnapshot(file, source, tag);
  return file;
}

describe('matrix snapshots', () => {
  it('round-trip exactly, and a wrong tag, a truncated or a missing file load nothing', async () => {
    const dims = 24;
    const source = randomMatrix(3_000, dims, 5);
    const file = writtenSnapshot(source, 'model 7', 'vibe-movie.vectors');
    const loaded = loadMatrixSnapshot(file, 'model 7')!;
    expect(loaded.count).toBe(source.count);
    expect(Array.from(loaded.itemIds)).toEqual(Array.from(source.itemIds));
    expect(Array.from(loaded.data)).toEqual(Array.from(source.data));
    const vector = randomVector(dims, rng(9));
    expect(await createTopKEngine(loaded, { threads: 0 }).search({ vector, k: 5 })).toEqual(exactTopK(source, { vector, k: 5 }));
    expect(loadMatrixSnapshot(file, 'model 8')).toBeNull();
    expect(loadMatrixSnapshot(path.join(path.dirname(file), 'absent.vectors'), 'model 7')).toBeNull();
    fs.truncateSync(file, fs.statSync(file).size - 4);
    expect(loadMatrixSnapshot(file, 'model 7')).toBeNull();
  });

  it('carry the int8 rows, identical to quantising the floats again, so an engine adopts them as they are', async () => {
    for (const dims of [32, 24]) {
      const source = randomMatrix(2_000, dims, 6);
      const file = writtenSnapshot(source, 'model 1', 'vibe-song.vectors');
      const loaded = loadMatrixSnapshot(file, 'model 1')!;
      const storage = loadedStorages.get(loaded.data)!;
      expect(storage.quantizedRows).toBe(2_000);
      const reference = Storage.allocate(dims, 2_000);
      reference.views.floats.set(source.data);
      reference.count = 2_000;
      reference.quantizeRows(0, 2_000);
      const { stride } = reference.layout;
      expect(Array.from(storage.views.int8.subarray(0, 2_000 * stride))).toEqual(Array.from(reference.views.int8.subarray(0, 2_000 * stride)));
      for (const region of ['scales', 'l1s', 'exs'] as const)
        expect(Array.from(storage.views[region].subarray(0, 2_000))).toEqual(Array.from(reference.views[region].subarray(0, 2_000)));
      const engine = createTopKEngine(loaded, { threads: 0, directScanBelow: 0 });
      for (const k of [1, 10, 100]) {
        const vector = randomVector(dims, rng(k));
        expect(await engine.search({ vector, k })).toEqual(exactTopK(source, { vector, k }));
      }
      await engine.close();
    }
  });

  it('written in the older format (floats only) load nothing, so the caller reloads from SQLite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-snapshot-'));
    const file = path.join(dir, 'vibe-movie.vectors');
    const count = 10;
    const dims = 16;
    const header = Buffer.alloc(4096, 0x20);
    header.write(JSON.stringify({ magic: 'crossfade-vectors-1', tag: 'model 1', count, dims }));
    fs.writeFileSync(file, Buffer.concat([header, Buffer.alloc(count * 4 * (1 + dims))]));
    expect(loadMatrixSnapshot(file, 'model 1')).toBeNull();
  });
});

describe('matrix snapshots with lazy float rows', () => {
  it('answer every search exactly as the whole matrix does, before, during and after the background read', async () => {
    const dims = 32;
    const source = randomMatrix(20_000, dims, 12);
    const file = writtenSnapshot(source, 'model 3', 'vibe-song.vectors');
    const eager = createTopKEngine(loadMatrixSnapshot(file, 'model 3')!, { threads: 0 });
    const lazyMatrix = loadMatrixSnapshot(file, 'model 3', { lazyFloats: true })!;
    const storage = loadedStorages.get(lazyMatrix.data)!;
    expect(storage.pendingFloats).not.toBeNull();
    const lazy = createTopKEngine(lazyMatrix, { threads: 2, minRowsForThreads: 1_000, directScanBelow: 500, answerWhileThreadsStart: true });
    const random = rng(31);
    const queries = Array.from({ length: 6 }, () => randomVector(dims, random));
    const few = new Set(Array.from({ length: 300 }, (_, i) => i * 61));
    const searches = (vector: Float32Array) => [
      { vector, k: 10 },
      { vector, k: 25, mmrLambda: 0.7 },
      { vector, k: 10, allow: few }, // a direct scan of the allowed rows
      { vector, k: 10, exclude: new Set([0, 1, 2]) },
    ];
    // The first search runs before any float row is read: only its candidates' rows are.
    const first = await lazy.search({ vector: queries[0]!, k: 10 });
    expect(first).toEqual(await eager.search({ vector: queries[0]!, k: 10 }));
    for (const vector of queries) for (const query of searches(vector)) expect(await lazy.search(query)).toEqual(await eager.search(query));
    expect(Array.from(lazy.vectorOf(777))).toEqual(Array.from(source.data.subarray(777 * dims, 778 * dims)));
    // An upsert waits for the background read, then applies in order.
    const replacement = randomVector(dims, random);
    lazy.upsert(source.itemIds[5]!, replacement);
    eager.upsert(source.itemIds[5]!, replacement);
    await storage.pendingFloats?.whenLoaded();
    expect(storage.pendingFloats).toBeNull();
    // Every row in: the worker threads scan (when they can start here).
    const threads = await lazy.warmUp();
    for (const vector of [...queries, replacement]) for (const query of searches(vector)) expect(await lazy.search(query)).toEqual(await eager.search(query));
    await lazy.search({ vector: replacement, k: 10 });
    expect(lazy.lastStats?.path).toBe(threads > 0 ? 'threads' : 'single');
    expect(Array.from(lazy.matrix.data)).toEqual(Array.from(eager.matrix.data));
    await Promise.all([lazy.close(), eager.close()]);
  });

  it('read every row at once when the whole matrix is asked for, and load the same data as an eager read', async () => {
    const dims = 24;
    const source = randomMatrix(5_000, dims, 13);
    const file = writtenSnapshot(source, 'model 4', 'vibe-movie.vectors');
    const lazy = createTopKEngine(loadMatrixSnapshot(file, 'model 4', { lazyFloats: true })!, { threads: 0 });
    expect(Array.from(lazy.matrix.data)).toEqual(Array.from(source.data));
    await lazy.close();
  });
});
