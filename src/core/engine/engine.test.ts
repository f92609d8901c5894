import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bitset } from './bitset.js';
import { createTopKEngine, splitRows } from './engine.js';
import { exactTopK } from './exact.js';
import { scanWorkerScript } from './pool.js';
import { normalizeInPlace, randomMatrix, randomVector, rng } from './test-helpers.js';
import type { VectorMatrix } from './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let tmp = '';

/** The engine's sources transpiled to .js in a temp folder: the layout of a build. */
/** Transpiles the engine into `dir`, and the shared worker starter (../workers) beside it, as the build does. */
function buildToJs(dir: string): void {
  transpileFolder(here, dir);
  transpileFolder(path.join(here, '..', 'workers'), path.join(dir, '..', 'workers'));
}

function transpileFolder(from: string, dir: string): void {
  for (const rel of fs.readdirSync(from, { recursive: true }) as string[]) {
    if (!rel.endsWith('.ts') || rel.endsWith('.test.ts')) continue;
    const source = fs.readFileSync(path.join(from, rel), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: false },
    });
    const out = path.join(dir, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-engine-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** An engine that scans on two threads whatever the size, with the scan worker beside `engineModule`. */
function twoThreadEngine(matrix: VectorMatrix, engineModule: URL): ReturnType<typeof createTopKEngine> {
  return createTopKEngine(matrix, { threads: 2, minRowsForThreads: 0, directScanBelow: 0, workerScript: scanWorkerScript(engineModule) });
}

async function expectExact(engine: ReturnType<typeof createTopKEngine>, matrix: VectorMatrix, seed: number, path: string): Promise<void> {
  const random = rng(seed);
  const allow = Bitset.fromPredicate(matrix.count, () => random() < 0.3);
  for (const k of [1, 50, 500]) {
    const vector = randomVector(matrix.dims, random);
    const exclude = new Set([3, 99, 1234]);
    for (const query of [
      { vector, k },
      { vector, k, allow, exclude },
    ]) {
      expect(await engine.search(query)).toEqual(exactTopK(matrix, query));
      expect(engine.lastStats!.path).toBe(path);
    }
  }
}

describe('worker threads', () => {
  it('split rows into ranges starting at multiples of 64', () => {
    expect(splitRows(1000, 2)).toEqual([
      [0, 512],
      [512, 1000],
    ]);
    expect(splitRows(100, 3)).toEqual([
      [0, 64],
      [64, 100],
    ]);
    expect(splitRows(0, 2)).toEqual([]);
  });

  it('find the .ts worker when running from source', () => {
    expect(scanWorkerScript()?.typescript).toBe(true);
    expect(scanWorkerScript(pathToFileURL(path.join(tmp, 'nowhere', 'engine.js')))).toBeNull();
  });

  it('scan from the TypeScript sources (vitest/tsx) and equal the exact ranking', async () => {
    const matrix = randomMatrix(20_000, 96, 11);
    const engine = createTopKEngine(matrix, { threads: 2, minRowsForThreads: 0, directScanBelow: 0 });
    expect(await engine.warmUp()).toBe(2);
    expect(engine.threads).toBe(2);
    await expectExact(engine, matrix, 1, 'threads');
    expect(engine.lastStats!.threads).toBe(2);
    await engine.close();
  });

  it('answer on the calling thread while the threads start (answerWhileThreadsStart), with the same exact ranking', async () => {
    const matrix = randomMatrix(20_000, 64, 15);
    const engine = createTopKEngine(matrix, { threads: 2, minRowsForThreads: 0, directScanBelow: 0, answerWhileThreadsStart: true });
    // The workers report ready in a message (a macrotask): searches awaited back to back, with only
    // microtasks between them, all run before that, on this thread.
    await expectExact(engine, matrix, 4, 'single');
    expect(await engine.warmUp()).toBe(2);
    await expectExact(engine, matrix, 5, 'threads');
    await engine.close();
  });

  it('scan from built .js files next to the engine', async () => {
    const dir = path.join(tmp, 'built');
    buildToJs(dir);
    const script = scanWorkerScript(pathToFileURL(path.join(dir, 'engine.js')));
    expect(script?.typescript).toBe(false);
    // the built engine module itself resolves its sibling scan.worker.js
    const built = (await import(pathToFileURL(path.join(dir, 'pool.js')).href)) as typeof import('./pool.js');
    expect(built.scanWorkerScript()?.file).toBe(path.join(dir, 'scan.worker.js'));
    const matrix = randomMatrix(9_000, 32, 12);
    const engine = createTopKEngine(matrix, { threads: 3, minRowsForThreads: 0, directScanBelow: 0, workerScript: script });
    await expectExact(engine, matrix, 2, 'threads');
    expect(engine.lastStats!.threads).toBe(3);
    await engine.close();
  });

  it('fall back to the calling thread when the workers cannot start', async () => {
    const dir = path.join(tmp, 'broken');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'scan.worker.js'), 'throw new Error("broken worker");');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    const matrix = randomMatrix(3_000, 48, 13);
    const engine = twoThreadEngine(matrix, pathToFileURL(path.join(dir, 'x.js')));
    await expectExact(engine, matrix, 3, 'single');
    expect(engine.workerError?.message).toMatch(/broken worker/);
    expect(engine.threads).toBe(0);
    await engine.close();
  });

  it('finish a batch of queries on the calling thread when a worker dies between its scans, and say so', async () => {
    const dir = path.join(tmp, 'dies');
    buildToJs(dir);
    // The worker answers the first scan and exits on the second: a searchEach of 11 queries scans twice (8, then 3).
    const worker = path.join(dir, 'scan.worker.js');
    const source = fs.readFileSync(worker, 'utf8');
    const patched = source.replace(
      "if (message.type === 'scan') {",
      "if (message.type === 'scan') { globalThis.scans = (globalThis.scans ?? 0) + 1; if (globalThis.scans > 1) process.exit(3);",
    );
    expect(patched).not.toBe(source);
    fs.writeFileSync(worker, patched);
    const matrix = randomMatrix(6_000, 32, 15);
    const engine = twoThreadEngine(matrix, pathToFileURL(path.join(dir, 'engine.js')));
    const random = rng(16);
    const vectors = Array.from({ length: 11 }, () => randomVector(32, random));
    expect(await engine.searchEach(vectors, { k: 20 })).toEqual(vectors.map((vector) => exactTopK(matrix, { vector, k: 20 })));
    expect(engine.workerError).not.toBeNull();
    expect(engine.lastStats).toMatchObject({ path: 'single', threads: 0, queries: 11 });
    await engine.close();
  });

  it('use the calling thread below minRowsForThreads, and a direct exact scan for small allowed sets', async () => {
    const matrix = randomMatrix(5_000, 32, 14);
    const engine = createTopKEngine(matrix, { threads: 2 });
    const vector = randomVector(32, rng(1));
    expect(await engine.search({ vector, k: 10 })).toEqual(exactTopK(matrix, { vector, k: 10 }));
    expect(engine.lastStats!.path).toBe('single');
    const allow = Bitset.fromRows(5_000, [1, 2, 3, 4000]);
    expect(await engine.search({ vector, k: 3, allow })).toEqual(exactTopK(matrix, { vector, k: 3, allow }));
    expect(engine.lastStats!.path).toBe('direct');
    await engine.close();
  });
});

describe('searchEach', () => {
  // More vectors than query slots (8), so a search scans them in two batches; one of them zero.
  const vectorsFor = (dims: number, seed: number) => {
    const random = rng(seed);
    const vectors = Array.from({ length: 11 }, () => randomVector(dims, random));
    vectors[4] = new Float32Array(dims);
    return vectors;
  };

  for (const threads of [0, 2]) {
    it(`answers each vector as its own search would, exactly (threads ${threads})`, async () => {
      const matrix = randomMatrix(12_000, 80, 31);
      const engine = createTopKEngine(matrix, { threads, minRowsForThreads: 0, directScanBelow: 0 });
      const vectors = vectorsFor(80, 32);
      const random = rng(33);
      const allow = Bitset.fromPredicate(matrix.count, () => random() < 0.3);
      const few = Bitset.fromPredicate(matrix.count, () => random() < 0.01);
      for (const options of [{ k: 40 }, { k: 7, allow, exclude: new Set([5, 17, 900]) }, { k: 12, allow: few }]) {
        const each = await engine.searchEach(vectors, options);
        expect(engine.lastStats!.queries).toBe(vectors.length);
        expect(engine.lastStats!.path).toBe(threads ? 'threads' : 'single');
        expect(each).toEqual(vectors.map((vector) => exactTopK(matrix, { vector, ...options })));
      }
      // diversity (MMR) re-ranks each answer as a single search does
      const diverse = { k: 10, mmrLambda: 0.5 };
      const each = await engine.searchEach(vectors, diverse);
      for (const [i, vector] of vectors.entries()) expect(each[i]).toEqual(await engine.search({ vector, ...diverse }));
      await engine.close();
    });
  }

  it('answers small allowed sets by the direct scan, and nothing for no vectors', async () => {
    const matrix = randomMatrix(3_000, 32, 34);
    const engine = createTopKEngine(matrix, { threads: 0 });
    const vectors = vectorsFor(32, 35);
    const allow = Bitset.fromRows(3_000, [1, 2, 3, 2999]);
    expect(await engine.searchEach(vectors, { k: 3, allow })).toEqual(vectors.map((vector) => exactTopK(matrix, { vector, k: 3, allow })));
    expect(engine.lastStats!.path).toBe('direct');
    expect(await engine.searchEach([], { k: 3 })).toEqual([]);
    await expect(engine.searchEach([new Float32Array(31)], { k: 3 })).rejects.toThrow(/31 dims/);
    await engine.close();
  });
});

describe('upsert', () => {
  for (const threads of [0, 2]) {
    it(`replaces and appends rows, growing past the capacity (threads ${threads})`, async () => {
      const dims = 96;
      const matrix = randomMatrix(1_000, dims, 21);
      const engine = createTopKEngine(matrix, { threads, minRowsForThreads: 0, directScanBelow: 0, headroom: 0 });
      const random = rng(22);
      // replace
      const replacement = randomVector(dims, random);
      engine.upsert(1000 + 17, replacement);
      expect(engine.matrix.count).toBe(1_000);
      expect(engine.rowOf(1017)).toBe(17);
      // append well past the initial capacity (1024 rows)
      for (let i = 0; i < 1_500; i++) engine.upsert(50_000 + i, randomVector(dims, random));
      expect(engine.matrix.count).toBe(2_500);
      expect(engine.rowOf(50_000)).toBe(1_000);
      const snapshot: VectorMatrix = { ...engine.matrix, data: engine.matrix.data.slice(), itemIds: engine.matrix.itemIds.slice() };
      expect(Array.from(snapshot.data.subarray(17 * dims, 18 * dims))).toEqual(Array.from(replacement));
      const hits = await engine.search({ vector: replacement, k: 5 });
      expect(hits[0]).toMatchObject({ row: 17, itemId: 1017 });
      for (const k of [1, 20, 300]) {
        const vector = randomVector(dims, random);
        expect(await engine.search({ vector, k })).toEqual(exactTopK(snapshot, { vector, k }));
        expect(engine.lastStats!.path).toBe(threads ? 'threads' : 'single');
      }
      await engine.close();
    });
  }

  it('applies upserts made during a search after it, before the next one', async () => {
    const dims = 32;
    const matrix = randomMatrix(4_000, dims, 23);
    const engine = createTopKEngine(matrix, { threads: 2, minRowsForThreads: 0, directScanBelow: 0 });
    await engine.warmUp();
    const vector = randomVector(dims, rng(24));
    const before = exactTopK(matrix, { vector, k: 10 });
    const running = engine.search({ vector, k: 10 });
    engine.upsert(777_777, vector); // a perfect match, appended while the search runs
    engine.upsert(1000 + before[0]!.row, new Float32Array(dims)); // the best hit becomes a zero row
    expect(await running).toEqual(before);
    const after = await engine.search({ vector, k: 10 });
    expect(after[0]).toMatchObject({ itemId: 777_777, row: 4_000 });
    expect(after.map((h) => h.row)).not.toContain(before[0]!.row);
    expect(engine.matrix.count).toBe(4_001);
    await engine.close();
  });

  it('runs concurrent searches one after another with the same results', async () => {
    const matrix = randomMatrix(6_000, 32, 25);
    const engine = createTopKEngine(matrix, { threads: 2, minRowsForThreads: 0, directScanBelow: 0 });
    const random = rng(26);
    const queries = Array.from({ length: 8 }, () => ({ vector: randomVector(32, random), k: 25 }));
    const results = await Promise.all(queries.map((q) => engine.search(q)));
    results.forEach((hits, i) => expect(hits).toEqual(exactTopK(matrix, queries[i]!)));
    await engine.close();
    await expect(engine.search(queries[0]!)).rejects.toThrow(/closed/);
  });

  it('rejects bad vectors and ids', () => {
    const engine = createTopKEngine(randomMatrix(10, 16, 1), { threads: 0 });
    expect(() => engine.upsert(1, new Float32Array(15))).toThrow(RangeError);
    expect(() => engine.upsert(1, new Float32Array(16).fill(NaN))).toThrow(RangeError);
    expect(() => engine.upsert(2 ** 31, new Float32Array(16))).toThrow(RangeError);
  });

  it('starts empty and fills up', async () => {
    const engine = createTopKEngine({ dims: 16, count: 0, data: new Float32Array(0), itemIds: new Int32Array(0) }, { threads: 0 });
    const vector = randomVector(16, rng(2));
    normalizeInPlace(vector, 0, 16);
    expect(await engine.search({ vector, k: 3 })).toEqual([]);
    engine.upsert(5, vector);
    expect(await engine.search({ vector, k: 3 })).toEqual([{ row: 0, itemId: 5, score: expect.closeTo(1, 6) }]);
  });
});
