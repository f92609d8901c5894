import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTopKEngine } from './engine.js';
import { exactTopK } from './exact.js';
import { loadMatrixFromBlobs } from './load.js';
import { extendMatrixSnapshot, loadMatrixSnapshot, readSnapshotVector, writeMatrixSnapshot } from './snapshot.js';
import { loadedStorages, Storage, type ChunkReader } from './storage.js';
import { snapshotHeader } from './snapshot-layout.js';
import { randomMatrix, randomVector, rng } from './test-helpers.js';
import type { VectorMatrix } from './types.js';

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

  it("read one item's row alone: every stored item's, none for an id it lacks or another build's tag", () => {
    const dims = 12;
    // Ids with gaps (every third left out), so absent ids fall between, before and after stored ones.
    const source = rowsOf(randomMatrix(1_000, dims, 16), (itemId) => itemId % 3 !== 0);
    const file = writtenSnapshot(source, 'model 7', 'vibe-song.vectors');
    const stored = new Map(Array.from(source.itemIds, (itemId, row) => [itemId, source.data.slice(row * dims, (row + 1) * dims)] as const));
    for (let itemId = 990; itemId <= 2_010; itemId++) {
      const vector = readSnapshotVector(file, 'model 7', itemId);
      if (stored.has(itemId)) expect(vector).toEqual(stored.get(itemId));
      else expect(vector).toBeNull();
    }
    expect(readSnapshotVector(file, 'model 8', source.itemIds[0]!)).toBeNull();
    expect(readSnapshotVector(path.join(path.dirname(file), 'missing.vectors'), 'model 7', source.itemIds[0]!)).toBeNull();
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

describe('a format-3 snapshot', () => {
  /** `source`'s snapshot as format 3 wrote it: the same sections up to the errors, no segment norms. */
  function format3(source: VectorMatrix, tag: string): string {
    const file = writtenSnapshot(source, tag, 'vibe-song.vectors');
    const capacity = (JSON.parse(fs.readFileSync(file).subarray(0, 4096).toString('utf8').trimEnd()) as { capacity: number }).capacity;
    const stride = Math.ceil(source.dims / 16) * 16;
    fs.truncateSync(file, 4096 + capacity * (4 + source.dims * 4 + stride + 12));
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, snapshotHeader(tag, source.count, capacity, source.dims, 'crossfade-vectors-3'), 0, 4096, 0);
    fs.closeSync(fd);
    return file;
  }

  it('is brought up to date in place, with segment norms that bound the residuals, and loads and searches exactly', async () => {
    const dims = 40;
    const source = randomMatrix(12_000, dims, 21);
    const file = format3(source, 'model 12');
    const size3 = fs.statSync(file).size;
    const lazyMatrix = loadMatrixSnapshot(file, 'model 12', { lazyRows: true })!;
    expect(lazyMatrix).not.toBeNull();
    expect(fs.statSync(file).size).toBeGreaterThan(size3);
    expect(fs.readFileSync(file).subarray(0, 100).toString()).toContain('crossfade-vectors-4');
    const eager = loadMatrixSnapshot(file, 'model 12')!;
    const storage = loadedStorages.get(eager.data)!;
    const { stride, capacity, segments } = storage.layout;
    for (let row = 0; row < source.count; row += 97)
      for (let segment = 0; segment < segments; segment++) {
        let squares = 0;
        for (let j = segment * 16; j < Math.min(dims, segment * 16 + 16); j++)
          squares += (storage.views.floats[row * dims + j]! - storage.views.scales[row]! * storage.views.int8[row * stride + j]!) ** 2;
        expect(storage.views.segs[segment * capacity + row]!).toBeGreaterThanOrEqual(Math.sqrt(squares));
      }
    const random = rng(22);
    for (const matrix of [lazyMatrix, eager]) {
      const engine = createTopKEngine(matrix, { threads: 0 });
      for (let i = 0; i < 3; i++) {
        const vector = randomVector(dims, random);
        expect(await engine.search({ vector, k: 15 })).toEqual(exactTopK(source, { vector, k: 15 }));
      }
      await engine.close();
    }
  });

  it('of another build is left as it is and not loaded', () => {
    const file = format3(randomMatrix(2_000, 24, 23), 'model 13');
    const before = fs.readFileSync(file);
    expect(loadMatrixSnapshot(file, 'model 14')).toBeNull();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('matrix snapshots with lazy float rows', () => {
  it('answer every search exactly as the whole matrix does, before, during and after the background read', async () => {
    const dims = 32;
    const source = randomMatrix(20_000, dims, 12);
    const file = writtenSnapshot(source, 'model 3', 'vibe-song.vectors');
    const eager = createTopKEngine(loadMatrixSnapshot(file, 'model 3')!, { threads: 0 });
    const lazyMatrix = loadMatrixSnapshot(file, 'model 3', { lazyRows: true })!;
    const storage = loadedStorages.get(lazyMatrix.data)!;
    expect(storage.pendingRows).not.toBeNull();
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
    await storage.pendingRows?.whenLoaded();
    expect(storage.pendingRows).toBeNull();
    // Every row in: the worker threads scan (when they can start here).
    const threads = await lazy.warmUp();
    for (const vector of [...queries, replacement]) for (const query of searches(vector)) expect(await lazy.search(query)).toEqual(await eager.search(query));
    await lazy.search({ vector: replacement, k: 10 });
    expect(lazy.lastStats?.path).toBe(threads > 0 ? 'threads' : 'single');
    expect(Array.from(lazy.matrix.data)).toEqual(Array.from(eager.matrix.data));
    await Promise.all([lazy.close(), eager.close()]);
  });

  it('have the scan threads read the remaining rows once they run, through their bounce buffers, to the same bytes', async () => {
    const dims = 40;
    const { source, lazyMatrix, storage } = lazySnapshot(randomMatrix(30_000, dims, 14), 'model 5');
    const lazy = createTopKEngine(lazyMatrix, { threads: 2, minRowsForThreads: 1_000 });
    // The threads start before the background read, so they read every chunk of it.
    const threads = await lazy.warmUp();
    const pending = storage.pendingRows!;
    const reads: number[] = [];
    if (threads > 0) {
      const viaThreads = (pending as unknown as { reader: ChunkReader }).reader;
      expect(viaThreads).not.toBeNull();
      pending.readWith((fd, position, offset, bytes, countAt) => {
        reads.push(bytes);
        return viaThreads(fd, position, offset, bytes, countAt);
      });
    }
    await lazy.whenRowsLoaded();
    expect(storage.pendingRows).toBeNull();
    // Every float row, int8 row (at the stride of 48), scale, L1 norm, error and 3 segment norms.
    if (threads > 0) expect(reads.reduce((sum, bytes) => sum + bytes, 0)).toBe(source.count * (dims * 4 + 48 + 3 * 4 + 3 * 4));
    expect(Array.from(lazy.matrix.data)).toEqual(Array.from(source.data));
    expect(storage.quantizedRows).toBe(source.count);
    expectSameQuantized(storage, eagerStorage(source, 'model 5'), source.count);
    const vector = randomVector(dims, rng(5));
    expect(await lazy.search({ vector, k: 10 })).toEqual(exactTopK(source, { vector, k: 10 }));
    await lazy.close();
  });

  it('read a chunk again on the calling thread when the reader fails', async () => {
    const { source, lazyMatrix, storage } = lazySnapshot(randomMatrix(20_000, 16, 15), 'model 6');
    let failures = 0;
    storage.pendingRows!.readWith(() => {
      failures++;
      return Promise.reject(new Error('the scan thread stopped'));
    });
    await storage.pendingRows!.whenLoaded();
    expect(failures).toBeGreaterThan(1);
    expect(Array.from(lazyMatrix.data)).toEqual(Array.from(source.data));
  });

  it('read every row at once when the whole matrix is asked for, and load the same data as an eager read', async () => {
    const dims = 24;
    const source = randomMatrix(5_000, dims, 13);
    const file = writtenSnapshot(source, 'model 4', 'vibe-movie.vectors');
    const lazyMatrix = loadMatrixSnapshot(file, 'model 4', { lazyRows: true })!;
    const lazy = createTopKEngine(lazyMatrix, { threads: 0 });
    expect(Array.from(lazy.matrix.data)).toEqual(Array.from(source.data));
    const storage = loadedStorages.get(lazyMatrix.data)!;
    expect(storage.quantizedRows).toBe(source.count);
    expectSameQuantized(storage, eagerStorage(source, 'model 4'), source.count);
    await lazy.close();
  });

  it('scan the int8 copy from the file, block by block through the stage, before it is in place', async () => {
    const dims = 48;
    // 37,000 rows: blocks of 2,048 and 16,384 rows and a partial last one.
    const source = randomMatrix(37_000, dims, 16);
    const file = writtenSnapshot(source, 'model 7', 'vibe-song.vectors');
    const eager = createTopKEngine(loadMatrixSnapshot(file, 'model 7')!, { threads: 0 });
    const random = rng(41);
    for (let i = 0; i < 4; i++) {
      const vector = randomVector(dims, random);
      for (const query of [
        { vector, k: 10 },
        { vector, k: 40, mmrLambda: 0.5 },
        { vector, k: 10, exclude: new Set([3, 4, 5]) },
        { vector, k: 5, allow: new Set(Array.from({ length: 9_000 }, (_, row) => row * 4)) },
      ]) {
        // A fresh engine each time: only a start's first search scans from the file.
        const lazyMatrix = loadMatrixSnapshot(file, 'model 7', { lazyRows: true })!;
        const storage = loadedStorages.get(lazyMatrix.data)!;
        const lazy = createTopKEngine(lazyMatrix, { threads: 0 });
        expect(storage.quantizedRows).toBe(0);
        expect(storage.views.int8.subarray(0, source.count * 48).every((value) => value === 0)).toBe(true);
        expect(await lazy.search(query)).toEqual(await eager.search(query));
        expect(lazy.lastStats?.path).toBe('single');
        await lazy.close();
      }
    }
    // Several queries in one scan (searchEach) share each staged block.
    const vectors = Array.from({ length: 3 }, () => randomVector(dims, random));
    const lazy = createTopKEngine(loadMatrixSnapshot(file, 'model 7', { lazyRows: true })!, { threads: 0 });
    expect(await lazy.searchEach(vectors, { k: 12 })).toEqual(await eager.searchEach(vectors, { k: 12 }));
    expect(await eager.searchEach(vectors, { k: 12 })).toEqual(await Promise.all(vectors.map((vector) => eager.search({ vector, k: 12 }))));
    await lazy.close();
    await eager.close();
  });

  it('read the int8 chunks still in flight again when every row is asked for at once', async () => {
    const { source, lazyMatrix, storage } = lazySnapshot(randomMatrix(25_000, 32, 18), 'model 9');
    const pending = storage.pendingRows!;
    // A reader whose reads never land (a thread still busy): the chunks it took stay in flight.
    const taken: number[] = [];
    pending.readWith((_fd, _position, offset) => {
      taken.push(offset);
      return new Promise(() => undefined);
    });
    pending.startBackground();
    expect(taken.length).toBeGreaterThan(0);
    pending.loadAll();
    expect(storage.pendingRows).toBeNull();
    expect(storage.quantizedRows).toBe(source.count);
    expectSameQuantized(storage, eagerStorage(source, 'model 9'), source.count);
    expect(Array.from(lazyMatrix.data)).toEqual(Array.from(source.data));
  });

  it('answer a search that comes while the int8 copy is being read from the file too, and once it is in, from memory', async () => {
    const { source, lazyMatrix, storage } = lazySnapshot(randomMatrix(25_000, 32, 17), 'model 8');
    const lazy = createTopKEngine(lazyMatrix, { threads: 0 });
    const vector = randomVector(32, rng(6));
    expect(await lazy.search({ vector, k: 10 })).toEqual(exactTopK(source, { vector, k: 10 }));
    // The first answer started the background read; the int8 copy is read a chunk per turn here.
    const pending = storage.pendingRows!;
    expect(pending.backgroundStarted).toBe(true);
    expect(pending.quantizedReady).toBe(false);
    expect(await lazy.search({ vector, k: 20 })).toEqual(exactTopK(source, { vector, k: 20 }));
    await pending.whenQuantized();
    expect(storage.quantizedRows).toBe(source.count);
    expect(await lazy.search({ vector, k: 30 })).toEqual(exactTopK(source, { vector, k: 30 }));
    await lazy.close();
  });

  it('count the int8 chunks the scan threads have read in shared memory, so a search finds them in place before their replies are taken', async () => {
    const { source, lazyMatrix, storage } = lazySnapshot(randomMatrix(30_000, 32, 19), 'model 10');
    const lazy = createTopKEngine(lazyMatrix, { threads: 2, minRowsForThreads: 1_000, answerWhileThreadsStart: true });
    if ((await lazy.warmUp()) === 0) return; // no worker threads here
    const pending = storage.pendingRows!;
    const viaThreads = (pending as unknown as { reader: ChunkReader }).reader;
    // Replies held back: only the shared counter can tell the chunks landed.
    const held: (() => void)[] = [];
    pending.readWith((fd, position, offset, bytes, countAt) => {
      const read = viaThreads(fd, position, offset, bytes, countAt);
      return new Promise<void>((resolve, reject) => held.push(() => read.then(resolve, reject)));
    });
    pending.startBackground();
    const deadline = Date.now() + 20_000;
    while (!pending.quantizedReady && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pending.quantizedReady).toBe(true);
    expect(storage.quantizedRows).toBe(source.count);
    expectSameQuantized(storage, eagerStorage(source, 'model 10'), source.count);
    // The rest (the float rows) without holding anything back.
    pending.readWith(viaThreads);
    for (const release of held.splice(0)) release();
    await lazy.whenRowsLoaded();
    const vector = randomVector(32, rng(8));
    expect(await lazy.search({ vector, k: 10 })).toEqual(exactTopK(source, { vector, k: 10 }));
    await lazy.close();
  });
});

/** The int8 copy and metadata of an eagerly loaded snapshot of `source`. */
function eagerStorage(source: VectorMatrix, tag: string) {
  return loadedStorages.get(loadMatrixSnapshot(writtenSnapshot(source, tag, 'eager.vectors'), tag)!.data)!;
}

function expectSameQuantized(a: Storage, b: Storage, count: number): void {
  const { stride } = a.layout;
  expect(
    Buffer.from(a.views.int8.buffer, a.views.int8.byteOffset, count * stride).equals(Buffer.from(b.views.int8.buffer, b.views.int8.byteOffset, count * stride)),
  ).toBe(true);
  for (const part of ['scales', 'l1s', 'exs'] as const)
    expect(Array.from(a.views[part].subarray(0, count))).toEqual(Array.from(b.views[part].subarray(0, count)));
}

/** `source` written as a snapshot and loaded with its float rows still to read. */
function lazySnapshot(source: VectorMatrix, tag: string) {
  const lazyMatrix = loadMatrixSnapshot(writtenSnapshot(source, tag, 'vibe-song.vectors'), tag, { lazyRows: true })!;
  return { source, lazyMatrix, storage: loadedStorages.get(lazyMatrix.data)! };
}

/** The rows of `matrix` whose item ids `keep`, as a new matrix. */
function rowsOf(matrix: VectorMatrix, keep: (itemId: number) => boolean): VectorMatrix {
  const rows = [];
  for (let row = 0; row < matrix.count; row++)
    if (keep(matrix.itemIds[row]!))
      rows.push({ itemId: matrix.itemIds[row]!, vector: new Uint8Array(matrix.data.buffer, matrix.data.byteOffset + row * matrix.dims * 4, matrix.dims * 4) });
  return loadMatrixFromBlobs(rows, { dims: matrix.dims });
}

/** Rows `a` and `b` merged by item id (b's row wins for an id in both). */
function merged(a: VectorMatrix, b: VectorMatrix): VectorMatrix {
  const inB = new Set(b.itemIds);
  const rows: { itemId: number; vector: Uint8Array }[] = [];
  for (const matrix of [rowsOf(a, (id) => !inB.has(id)), b])
    for (let row = 0; row < matrix.count; row++)
      rows.push({ itemId: matrix.itemIds[row]!, vector: new Uint8Array(matrix.data.slice(row * matrix.dims, (row + 1) * matrix.dims).buffer) });
  rows.sort((x, y) => x.itemId - y.itemId);
  return loadMatrixFromBlobs(rows, { dims: a.dims });
}

describe('extending a matrix snapshot after an incremental build', () => {
  it('writes the same bytes as a snapshot of the merged rows: rows dropped, replaced, added before, between and after', () => {
    for (const dims of [32, 24]) {
      const before = randomMatrix(3_000, dims, 21); // item ids 1000..3999
      const file = writtenSnapshot(before, 'build 1', 'vibe-song.vectors');
      const gone = new Set([1000, 1001, 2500, 3999]);
      const fresh = randomMatrix(40, dims, 22);
      // New items below, among and above the snapshot's, and two that replace a row (a reused id).
      const newIds = [5, ...Array.from({ length: 36 }, (_, i) => 4000 + i), 1500, 2999, 4100];
      const added = loadMatrixFromBlobs(
        newIds
          .map((itemId, row) => ({ itemId, vector: new Uint8Array(fresh.data.slice(row * dims, (row + 1) * dims).buffer) }))
          .sort((x, y) => x.itemId - y.itemId),
        { dims },
      );
      let seen: number[] = [];
      expect(
        extendMatrixSnapshot(file, 'build 1', 'build 2', (ids) => {
          seen = Array.from(ids);
          return { keep: (itemId) => !gone.has(itemId), added };
        }),
      ).not.toBeNull();
      expect(seen).toEqual(Array.from(before.itemIds));
      const expected = merged(
        rowsOf(before, (id) => !gone.has(id)),
        added,
      );
      const reference = writtenSnapshot(expected, 'build 2', 'reference.vectors');
      expect(fs.readFileSync(file).equals(fs.readFileSync(reference))).toBe(true);
      expect(loadMatrixSnapshot(file, 'build 1')).toBeNull();
      const loaded = loadMatrixSnapshot(file, 'build 2')!;
      expect(loaded.count).toBe(3_000 - 4 + 38); // 40 rows, two of them replacing one
      expect(Array.from(loaded.data)).toEqual(Array.from(expected.data));
    }
  });

  it('writes new rows whose ids come after every stored one in place, header last, and streams a new file once the room is used', () => {
    const dims = 24;
    const before = randomMatrix(3_000, dims, 25); // item ids 1000..3999
    const file = writtenSnapshot(before, 'build 1', 'vibe-song.vectors');
    const oldHeader = Buffer.from(fs.readFileSync(file).subarray(0, 4096));
    const inode = fs.statSync(file).ino;
    const size = fs.statSync(file).size;
    const rowsWithIds = (ids: readonly number[], seed: number) => {
      const fresh = randomMatrix(ids.length, dims, seed);
      return loadMatrixFromBlobs(
        ids.map((itemId, row) => ({ itemId, vector: new Uint8Array(fresh.data.slice(row * dims, (row + 1) * dims).buffer) })),
        { dims },
      );
    };
    const added = rowsWithIds(
      Array.from({ length: 40 }, (_, i) => 5_000 + i * 3),
      26,
    );
    expect(extendMatrixSnapshot(file, 'build 1', 'build 2', () => ({ keep: () => true, added }))?.length).toBe(3_040);
    // The same file, the same size: the rows went into its room.
    expect([fs.statSync(file).ino, fs.statSync(file).size]).toEqual([inode, size]);
    const expected = merged(before, added);
    const reference = writtenSnapshot(expected, 'build 2', 'reference.vectors');
    expect(Array.from(loadMatrixSnapshot(file, 'build 2')!.data)).toEqual(Array.from(expected.data));
    // Its rows and int8 copy are the reference's, a snapshot of the merged rows written whole.
    const rowBytes = (snapshot: string) => {
      const bytes = fs.readFileSync(snapshot);
      const { count, capacity } = JSON.parse(bytes.subarray(0, 4096).toString().trim()) as { count: number; capacity: number };
      const perRow = [4, dims * 4, 32, 4, 4, 4];
      let at = 4096;
      return perRow.map((width) => {
        const section = bytes.subarray(at, at + count * width);
        at += capacity * width;
        return section;
      });
    };
    expect(rowBytes(file)).toEqual(rowBytes(reference));
    // A crash before the header was written leaves the old header: it still loads the old rows.
    const crashed = path.join(path.dirname(file), 'crashed.vectors');
    fs.copyFileSync(file, crashed);
    const fd = fs.openSync(crashed, 'r+');
    fs.writeSync(fd, oldHeader, 0, 4096, 0);
    fs.closeSync(fd);
    expect(Array.from(loadMatrixSnapshot(crashed, 'build 1')!.data)).toEqual(Array.from(before.data));
    // More rows than the room left: a new file, with room again.
    const many = rowsWithIds(
      Array.from({ length: 2_000 }, (_, i) => 6_000 + i),
      27,
    );
    expect(extendMatrixSnapshot(file, 'build 2', 'build 3', () => ({ keep: () => true, added: many }))?.length).toBe(5_040);
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(Array.from(loadMatrixSnapshot(file, 'build 3')!.data)).toEqual(Array.from(merged(expected, many).data));
  });

  it('only rewrites the header when nothing changed, and leaves a snapshot of another build alone', async () => {
    const dims = 32;
    const source = randomMatrix(2_000, dims, 23);
    const file = writtenSnapshot(source, 'build 1', 'vibe-movie.vectors');
    const rows = fs.readFileSync(file).subarray(4096);
    const nothing = loadMatrixFromBlobs([], { dims });
    expect(extendMatrixSnapshot(file, 'build 7', 'build 8', () => ({ keep: () => true, added: nothing }))).toBeNull();
    expect(extendMatrixSnapshot(file, 'build 1', 'build 8', () => null)).toBeNull();
    expect(loadMatrixSnapshot(file, 'build 1')).not.toBeNull();
    expect(Array.from(extendMatrixSnapshot(file, 'build 1', 'build 2', () => ({ keep: () => true, added: nothing }))!)).toEqual(Array.from(source.itemIds));
    expect(fs.readFileSync(file).subarray(4096).equals(rows)).toBe(true);
    const loaded = loadMatrixSnapshot(file, 'build 2')!;
    const vector = randomVector(dims, rng(3));
    expect(await createTopKEngine(loaded, { threads: 0 }).search({ vector, k: 7 })).toEqual(exactTopK(source, { vector, k: 7 }));
    expect(
      extendMatrixSnapshot(path.join(path.dirname(file), 'absent.vectors'), 'build 2', 'build 3', () => ({ keep: () => true, added: nothing })),
    ).toBeNull();
  });

  it('treats a torn header as no snapshot, and refuses added rows out of item id order', () => {
    const dims = 16;
    const source = randomMatrix(100, dims, 24);
    const file = writtenSnapshot(source, 'build 1', 'vibe-song.vectors');
    const unordered = loadMatrixFromBlobs(
      [7, 3].map((itemId) => ({ itemId, vector: new Uint8Array(new Float32Array(dims).fill(0.25).buffer) })),
      { dims },
    );
    expect(() => extendMatrixSnapshot(file, 'build 1', 'build 2', () => ({ keep: () => true, added: unordered }))).toThrow(/ascending/);
    expect(loadMatrixSnapshot(file, 'build 1')).not.toBeNull();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('{"magic":"crossf'), 0, 16, 0);
    fs.writeSync(fd, Buffer.from('xx'), 0, 2, 30);
    fs.closeSync(fd);
    expect(extendMatrixSnapshot(file, 'build 1', 'build 2', () => ({ keep: () => true, added: unordered }))).toBeNull();
    expect(fs.readdirSync(path.dirname(file))).toEqual(['vibe-song.vectors']);
  });
});
