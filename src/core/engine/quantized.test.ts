import { describe, expect, it } from 'vitest';
import { Bitset } from './bitset.js';
import { createTopKEngine } from './engine.js';
import { exactDot, exactTopK, normalizeQuery } from './exact.js';
import { quantizeQuery, rowInterval, scanRange } from './quantized.js';
import { Storage } from './storage.js';
import { randomMatrix, randomVector, rng, type RandomMatrixOptions } from './test-helpers.js';
import type { RowSet, TopKQuery, VectorMatrix } from './types.js';

const DATASETS: Record<string, RandomMatrixOptions> = {
  isotropic: {},
  'zeros+duplicates': { zeroRows: 0.05, duplicates: 0.15 },
  'near-ties': { clusterNoise: 0.002, duplicates: 0.05 },
};

/**
 * Rows shaped like vibe vectors: a dense first segment and one-hot blocks after it (which
 * quantise without residual), so the segment bound is the tighter one for queries weighted there.
 */
function blockMatrix(count: number, dims: number, seed: number): VectorMatrix {
  const matrix = randomMatrix(count, dims, seed);
  const random = rng(seed + 1);
  for (let r = 0; r < count; r++) {
    const row = matrix.data.subarray(r * dims, (r + 1) * dims);
    for (let j = 16; j < dims; j++) row[j] = 0;
    row[16 + Math.floor(random() * (dims - 16))] = 0.9;
  }
  return matrix;
}

function storageOf(matrix: VectorMatrix): Storage {
  const storage = Storage.allocate(matrix.dims, matrix.count);
  storage.views.floats.set(matrix.data);
  storage.count = matrix.count;
  storage.quantizeRows(0, matrix.count);
  return storage;
}

describe('error bound', () => {
  for (const dims of [32, 96, 256, 40]) {
    for (const [name, options] of [...Object.entries(DATASETS), ['blocks', null] as const]) {
      it(`every exact score lies in the row's [lo, hi], with and without the segment bound (dims ${dims}, ${name})`, () => {
        const seed = dims * 7 + name.length;
        const matrix = options ? randomMatrix(2000, dims, seed, options) : blockMatrix(2000, dims, seed);
        const storage = storageOf(matrix);
        const random = rng(dims);
        const queries = [
          randomVector(dims, random),
          matrix.data.slice(5 * dims, 6 * dims),
          randomVector(dims, random).map((v, j) => (j === 0 ? v * 50 : v)),
          // weight away from the dense first segment
          randomVector(dims, random).map((v, j) => (j < 16 ? v * 0.05 : v)),
        ];
        let tighter = 0;
        for (const vector of queries) {
          const q = normalizeQuery(vector, dims);
          const query = quantizeQuery(q, dims, storage.views.queries[0]!.i16, storage.views.queries[0]!.segs);
          const l = storage.layout;
          storage.kernel.dots(l.queryI16, l.int8, l.stride, 0, matrix.count, 0, l.out);
          let widest = 0;
          for (let r = 0; r < matrix.count; r++) {
            const exact = exactDot(matrix.data, r * dims, q, dims);
            const [lo, hi] = rowInterval(storage.views, l, query, r);
            const [cheapLo, cheapHi] = rowInterval(storage.views, l, query, r, false);
            expect(lo).toBeLessThanOrEqual(exact);
            expect(hi).toBeGreaterThanOrEqual(exact);
            expect(cheapLo).toBeLessThanOrEqual(exact);
            expect(cheapHi).toBeGreaterThanOrEqual(exact);
            expect(hi - lo).toBeLessThanOrEqual(cheapHi - cheapLo);
            if (hi - lo < (cheapHi - cheapLo) / 4) tighter++;
            widest = Math.max(widest, hi - lo);
          }
          // the bound is useful: well below the spread of cosines
          expect(widest).toBeLessThan(0.1);
        }
        // Block-shaped rows: for a quarter of all (row, query) pairs or more, the segment bound is several times tighter.
        if (!options) expect(tighter).toBeGreaterThanOrEqual(matrix.count);
      });
    }
  }
});

function filtersFor(matrix: VectorMatrix, seed: number): { name: string; allow?: RowSet; exclude?: ReadonlySet<number> }[] {
  const random = rng(seed);
  const n = matrix.count;
  const half = Bitset.fromPredicate(n, () => random() < 0.5);
  const sparse = Bitset.fromPredicate(n, () => random() < 0.02);
  const excluded = new Set<number>();
  for (let i = 0; i < 40; i++) excluded.add(Math.floor(random() * n));
  const generic: RowSet = { size: -1, has: (row) => row % 3 !== 1 };
  return [
    { name: 'none' },
    { name: 'allow 50%', allow: half },
    { name: 'allow 2%', allow: sparse },
    { name: 'exclude', exclude: excluded },
    { name: 'allow + exclude', allow: half, exclude: excluded },
    { name: 'generic RowSet', allow: generic },
  ];
}

describe('skipping unallowed rows', () => {
  it('gives the same rows and scores whether unallowed groups are skipped or computed and masked', () => {
    const dims = 48;
    const matrix = randomMatrix(5003, dims, 77);
    const storage = storageOf(matrix);
    const { views, layout } = storage;
    const random = rng(5);
    for (const share of [0.02, 0.15, 0.5]) {
      const allow = Bitset.fromPredicate(matrix.count, () => random() < share);
      views.allow.set(allow.words.subarray(0, views.allow.length));
      const vector = normalizeQuery(randomVector(dims, random), dims);
      views.queries[0]!.f32.set(vector);
      const query = quantizeQuery(vector, dims, views.queries[0]!.i16, views.queries[0]!.segs);
      const scan = (skipUnallowed: boolean) =>
        scanRange(storage.kernel, layout, views, { start: 0, end: matrix.count, k: 25, useAllow: true, skipUnallowed, queries: [{ slot: 0, query }] })[0]!;
      const skipped = scan(true);
      const computed = scan(false);
      expect(Array.from(computed.rows), `${share}`).toEqual(Array.from(skipped.rows));
      expect(Array.from(computed.scores)).toEqual(Array.from(skipped.scores));
      expect(Array.from(skipped.rows)).toEqual(exactTopK(matrix, { vector, k: 25, allow }).map((hit) => hit.row));
      expect(Array.from(skipped.rows).every((row) => allow.has(row))).toBe(true);
    }
  });
});

describe('quantised scan equals the exact float ranking', () => {
  for (const dims of [32, 96, 256, 40]) {
    for (const n of [1003, 4099]) {
      for (const [name, options] of [...Object.entries(DATASETS), ['blocks', null] as const]) {
        for (const seed of [1, 2]) {
          it(`dims ${dims}, n ${n}, ${name}, seed ${seed}`, async () => {
            const matrix = options ? randomMatrix(n, dims, seed * 1000 + dims + n, options) : blockMatrix(n, dims, seed * 1000 + dims + n);
            const engine = createTopKEngine(matrix, { threads: 0, directScanBelow: 0 });
            const random = rng(seed + dims);
            const queries: Float32Array[] = [
              randomVector(dims, random),
              matrix.data.slice(7 * dims, 8 * dims),
              randomVector(dims, random).map((v) => v * 1000),
              // zero in every other segment of 16 columns (those segments add nothing to the segment bound)
              randomVector(dims, random).map((v, j) => (Math.floor(j / 16) % 2 === 1 ? 0 : v)),
            ];
            let pruned = false;
            for (const vector of queries) {
              for (const filter of filtersFor(matrix, seed + n)) {
                for (const k of [1, 10, 50, 500]) {
                  const query: TopKQuery = {
                    vector,
                    k,
                    ...(filter.allow ? { allow: filter.allow } : {}),
                    ...(filter.exclude ? { exclude: filter.exclude } : {}),
                  };
                  const hits = await engine.search(query);
                  const expected = exactTopK(matrix, query);
                  expect(hits, `${filter.name} k=${k}`).toEqual(expected);
                  expect(engine.lastStats!.path).toBe('single');
                  if (engine.lastStats!.candidates < engine.lastStats!.allowed / 4) pruned = true;
                }
              }
            }
            if (name === 'isotropic') expect(pruned).toBe(true);
            await engine.close();
          });
        }
      }
    }
  }

  it('handles zero queries, k beyond the allowed rows, and exclusions of the best hits', async () => {
    const matrix = randomMatrix(777, 96, 9, { zeroRows: 0.1 });
    const engine = createTopKEngine(matrix, { threads: 0, directScanBelow: 0 });
    const zero = new Float32Array(96);
    expect(await engine.search({ vector: zero, k: 5 })).toEqual(exactTopK(matrix, { vector: zero, k: 5 }));
    const allow = Bitset.fromRows(777, [3, 5, 700]);
    expect(await engine.search({ vector: zero, k: 5, allow })).toEqual(exactTopK(matrix, { vector: zero, k: 5, allow }));
    const vector = randomVector(96, rng(1));
    const top = await engine.search({ vector, k: 10 });
    const exclude = new Set(top.slice(0, 5).map((h) => h.row));
    const next = await engine.search({ vector, k: 5, exclude });
    expect(next).toEqual(top.slice(5, 10));
    expect(await engine.search({ vector, k: 5000 })).toEqual(exactTopK(matrix, { vector, k: 5000 }));
    expect(await engine.search({ vector, k: 3, allow: Bitset.empty(777) })).toEqual([]);
    expect(await engine.search({ vector, k: 0 })).toEqual([]);
    await expect(engine.search({ vector: new Float32Array(3), k: 1 })).rejects.toThrow(RangeError);
    await expect(engine.search({ vector, k: -1 })).rejects.toThrow(RangeError);
    await expect(engine.search({ vector: zero.map(() => NaN), k: 1 })).rejects.toThrow(RangeError);
    await engine.close();
  });

  it('ranks exact ties by row', async () => {
    const dims = 32;
    const matrix = randomMatrix(300, dims, 4);
    // rows 10, 20, ..., 290 are the same vector as row 0
    for (let r = 10; r < 300; r += 10) matrix.data.copyWithin(r * dims, 0, dims);
    const engine = createTopKEngine(matrix, { threads: 0, directScanBelow: 0 });
    const hits = await engine.search({ vector: matrix.data.slice(0, dims), k: 30 });
    expect(hits.map((h) => h.row)).toEqual(Array.from({ length: 30 }, (_, i) => i * 10));
    expect(new Set(hits.map((h) => h.score)).size).toBe(1);
    expect(hits).toEqual(exactTopK(matrix, { vector: matrix.data.slice(0, dims), k: 30 }));
    await engine.close();
  });
});
