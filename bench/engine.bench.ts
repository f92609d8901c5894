/**
 * Top-k engine benchmark: `npm run bench:engine`.
 *
 * For 100K and 1M clustered unit vectors (dims of the real vibe space), in one run:
 * - loading the vectors from SQLite (feature_vectors) into the engine, as the app does at start;
 * - top-50 latency p50/p95 of the engine (int8 scan + exact rerank, worker threads),
 *   of a plain JavaScript loop over the same Float32Array, and of sqlite-vec (vec0 brute-force
 *   KNN in better-sqlite3) on identical vectors;
 * - recall@50 of the engine and of sqlite-vec against the exact float64 ranking.
 * Options: --sizes 100000,1000000  --dims 112  --queries 100  --vec-queries 20
 * Writes bench/results/engine.json.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { openDatabase } from '../src/core/db/open-database.js';
import { createTopKEngine, loadMatrixFromDatabase } from '../src/core/engine/index.js';
import type { VectorMatrix } from '../src/core/engine/index.js';
import { argValue, peakRssMiB, printTable, progressLine, seededRandom, tempDir, timing, writeResults, type Timing } from './support.js';

const sizes = (argValue('sizes') ?? '100000,1000000').split(',').map(Number);
const dims = Number(argValue('dims') ?? 112);
const queryCount = Number(argValue('queries') ?? 100);
const vecQueryCount = Number(argValue('vec-queries') ?? 20);
const K = 50;

function clusteredMatrix(count: number, seed: number): VectorMatrix {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centroids = Array.from({ length: 200 }, () => Float32Array.from({ length: dims }, gaussian));
  const data = new Float32Array(count * dims);
  for (let row = 0; row < count; row++) {
    const centre = centroids[Math.floor(random() * centroids.length)]!;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const value = centre[d]! + 0.6 * gaussian();
      data[row * dims + d] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) data[row * dims + d]! *= scale;
  }
  return { dims, count, data, itemIds: Int32Array.from({ length: count }, (_, row) => row + 1) };
}

function queries(matrix: VectorMatrix, count: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const row = Math.floor(random() * matrix.count);
    return Float32Array.from(matrix.data.subarray(row * dims, (row + 1) * dims), (value) => value + 0.05 * (random() - 0.5));
  });
}

/** The baseline a developer would write first: dot products in a loop, a sorted top-k array. */
function plainLoop(matrix: VectorMatrix, query: Float32Array, k: number): number[] {
  const scores: number[] = [];
  const ids: number[] = [];
  for (let row = 0; row < matrix.count; row++) {
    let score = 0;
    const offset = row * dims;
    for (let d = 0; d < dims; d++) score += matrix.data[offset + d]! * query[d]!;
    if (scores.length === k && score <= scores[k - 1]!) continue;
    let position = scores.length === k ? k - 1 : scores.length;
    while (position > 0 && scores[position - 1]! < score) position--;
    scores.splice(position, 0, score);
    ids.splice(position, 0, matrix.itemIds[row]!);
    if (scores.length > k) {
      scores.pop();
      ids.pop();
    }
  }
  return ids;
}

function recall(found: readonly number[], exact: readonly number[]): number {
  const truth = new Set(exact);
  return found.filter((id) => truth.has(id)).length / exact.length;
}

function time<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

async function timeAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

const results: Record<string, unknown>[] = [];
for (const size of sizes) {
  progressLine(`${size.toLocaleString('en-US')} vectors x ${dims}: generating`);
  const generated = clusteredMatrix(size, 7);
  const dir = tempDir('crossfade-bench-engine-');
  const db = openDatabase(path.join(dir, 'catalog.db'));
  progressLine('writing them to feature_vectors');
  const insert = db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('movie', ?, 'bench', ?, ?)`);
  db.transaction(() => {
    for (let row = 0; row < size; row++) insert.run(row + 1, dims, Buffer.from(generated.data.buffer, row * dims * 4, dims * 4));
  })();
  const [matrix, loadMs] = time(() => loadMatrixFromDatabase(db, 'bench', 'movie'));
  db.close();

  const engine = createTopKEngine(matrix);
  const testQueries = queries(matrix, queryCount, 11);
  await engine.search({ vector: testQueries[0]!, k: K }); // starts the worker threads
  progressLine('exact reference and plain JavaScript loop');
  const exact = testQueries.map((query) => plainLoop(matrix, Float32Array.from(query), K));
  const loopSamples = testQueries.slice(0, Math.min(queryCount, 30)).map((query) => time(() => plainLoop(matrix, query, K))[1]);
  progressLine('engine');
  const engineSamples: number[] = [];
  let engineRecall = 0;
  for (const [index, query] of testQueries.entries()) {
    const [hits, ms] = await timeAsync(() => engine.search({ vector: query, k: K }));
    engineSamples.push(ms);
    engineRecall += recall(hits.map((hit) => hit.itemId), exact[index]!) / testQueries.length;
  }
  await engine.close();

  progressLine('sqlite-vec: loading vec0 table');
  const vecDb = new Database(path.join(dir, 'vec.db'));
  sqliteVec.load(vecDb);
  vecDb.exec(`CREATE VIRTUAL TABLE items USING vec0(embedding float[${dims}] distance_metric=cosine)`);
  const vecInsert = vecDb.prepare(`INSERT INTO items(rowid, embedding) VALUES (?, ?)`);
  vecDb.transaction(() => {
    for (let row = 0; row < size; row++) vecInsert.run(BigInt(row + 1), Buffer.from(matrix.data.buffer, matrix.data.byteOffset + row * dims * 4, dims * 4));
  })();
  const knn = vecDb.prepare(`SELECT rowid FROM items WHERE embedding MATCH ? AND k = ${K} ORDER BY distance`).pluck();
  progressLine(`sqlite-vec: ${vecQueryCount} queries`);
  const vecSamples: number[] = [];
  let vecRecall = 0;
  const vecQueries = testQueries.slice(0, vecQueryCount);
  for (const [index, query] of vecQueries.entries()) {
    const [ids, ms] = time(() => (knn.all(Buffer.from(query.buffer)) as (number | bigint)[]).map(Number));
    vecSamples.push(ms);
    vecRecall += recall(ids, exact[index]!) / vecQueries.length;
  }
  vecDb.close();

  const report = (name: string, stats: Timing, recallValue: number | null) => [name, stats.p50, stats.p95, stats.runs, recallValue === null ? '—' : recallValue.toFixed(4)];
  const engineStats = timing(engineSamples);
  const loopStats = timing(loopSamples);
  const vecStats = timing(vecSamples);
  console.log(`\n${size.toLocaleString('en-US')} items x ${dims} dims, top-${K}; load from SQLite ${loadMs.toFixed(0)} ms`);
  printTable([
    ['method', 'p50 ms', 'p95 ms', 'queries', 'recall@50'],
    report('engine (int8 scan + exact rerank, threads)', engineStats, engineRecall),
    report('plain JavaScript loop', loopStats, 1),
    report('sqlite-vec vec0 (cosine, brute force)', vecStats, vecRecall),
  ]);
  console.log(`engine is ${(loopStats.p50 / engineStats.p50).toFixed(1)}x faster than the JS loop and ${(vecStats.p50 / engineStats.p50).toFixed(1)}x faster than sqlite-vec (p50)`);
  if (size >= 1_000_000) console.log(`targets at 1M: p50 <= 20 ms (${engineStats.p50.toFixed(1)}), >= 3x sqlite-vec (${(vecStats.p50 / engineStats.p50).toFixed(1)}x), load <= 1.5 s (${(loadMs / 1000).toFixed(2)} s), recall 1 (${engineRecall.toFixed(4)})`);
  results.push({ size, dims, loadMs, engine: { ...engineStats, recall: engineRecall }, plainLoop: loopStats, sqliteVec: { ...vecStats, recall: vecRecall } });
}
console.log(`\npeak RSS ${peakRssMiB().toFixed(0)} MiB`);
writeResults('engine', results);
