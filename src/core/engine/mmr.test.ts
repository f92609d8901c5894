import { describe, expect, it } from 'vitest';
import { createTopKEngine } from './engine.js';
import { exactTopK } from './exact.js';
import { mmrPoolSize, mmrSelect } from './mmr.js';
import { randomMatrix, randomVector, rng } from './test-helpers.js';

describe('MMR', () => {
  const dims = 32;
  const matrix = randomMatrix(3_000, dims, 31);
  // rows 0..9 are the same vector
  for (let r = 1; r < 10; r++) matrix.data.copyWithin(r * dims, 0, dims);
  const query = matrix.data.slice(0, dims);

  it('lambda 1 is plain relevance', async () => {
    const engine = createTopKEngine(matrix, { threads: 0 });
    expect(await engine.search({ vector: query, k: 20, mmrLambda: 1 })).toEqual(exactTopK(matrix, { vector: query, k: 20 }));
  });

  it('skips near-duplicates and is deterministic', async () => {
    const engine = createTopKEngine(matrix, { threads: 0 });
    const plain = await engine.search({ vector: query, k: 10 });
    expect(plain.map((h) => h.row)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const diverse = await engine.search({ vector: query, k: 10, mmrLambda: 0.3 });
    expect(diverse[0]!.row).toBe(0);
    expect(diverse.filter((h) => h.row < 10)).toHaveLength(1);
    expect(new Set(diverse.map((h) => h.row)).size).toBe(10);
    expect(await engine.search({ vector: query, k: 10, mmrLambda: 0.3 })).toEqual(diverse);
    // the same as MMR over the exact pool
    const pool = exactTopK(matrix, { vector: query, k: mmrPoolSize(10) });
    expect(diverse).toEqual(mmrSelect(pool, 10, 0.3, matrix.data, dims));
    // hits keep their exact relevance scores
    const exactScores = new Map(pool.map((h) => [h.row, h.score]));
    for (const hit of diverse) expect(hit.score).toBe(exactScores.get(hit.row));
  });

  it('lambda 0 maximises diversity after the first pick; invalid lambdas are rejected', async () => {
    const engine = createTopKEngine(matrix, { threads: 0 });
    const vector = randomVector(dims, rng(4));
    const hits = await engine.search({ vector, k: 5, mmrLambda: 0 });
    expect(hits).toHaveLength(5);
    expect(hits[0]).toEqual(exactTopK(matrix, { vector, k: 1 })[0]);
    await expect(engine.search({ vector, k: 5, mmrLambda: 1.5 })).rejects.toThrow(RangeError);
    expect(() => mmrSelect([], 1, -0.1, matrix.data, dims)).toThrow(RangeError);
  });
});
