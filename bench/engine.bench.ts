/**
 * Top-k engine benchmark: `npm run bench:engine` (node --import tsx bench/engine.bench.ts).
 *
 * For 100K and 1M seeded, clustered, L2-normalised float32 vectors (200 random centroids plus
 * noise), in one run per size:
 * (a) load: the vectors are written to feature_vectors (migration 0005) of a temp catalog and
 *     loaded with loadMatrixFromDatabase; reference: a row-by-row `.raw().iterate()` of the same
 *     blobs into one Float32Array;
 * (b) the engine (createTopKEngine, default threads): top-50 latency of N queries, half of them
 *     catalog vectors plus noise, half new points drawn around the centroids;
 * (c) a plain JavaScript loop over the same Float32Array (dot products accumulated in float64, a
 *     sorted top-50 array): the same queries; its ranking is also the exact reference;
 * (d) sqlite-vec 0.1.9 in better-sqlite3: a vec0 table (cosine), `embedding MATCH ? AND k = 50`;
 *     all queries up to 100K items, fewer above (--vec-queries, default 20);
 * (e) recall@50 of the engine and of sqlite-vec against (c).
 * Targets: 1M p50 <= 20 ms, >= 3x faster than sqlite-vec, recall 1.0 for the engine; load of 1M <= 1.5 s.
 * Options: --sizes 100000,1000000  --dims 112  --queries 100  --vec-queries 20. Writes bench/results/engine.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { openDatabase, type CatalogDatabase } from '../src/core/db/open-database.js';
import {
  createTopKEngine,
  featureVectorRows,
  loadMatrixFromDatabase,
  loadMatrixSnapshot,
  writeMatrixSnapshot,
  type VectorMatrix,
} from '../src/core/engine/index.js';
import {
  argValue,
  peakRssMiB,
  printTable,
  progressLine,
  seededRandom,
  tempDir,
  throttledProgress,
  timed,
  timedAsync,
  timing,
  times,
  verdict,
  writeResults,
  type Timing,
} from './support.js';

// Child mode: load one snapshot in a fresh process, as the app does at start, and print the time.
if (process.argv[2] === '--load-snapshot') {
  const [matrix, ms] = timed(() => loadMatrixSnapshot(process.argv[3]!, 'bench'));
  process.stdout.write(JSON.stringify({ ms, count: matrix?.count ?? -1 }));
  process.exit(0);
}

/** Loads a snapshot in a child process: a fresh heap with no other matrices, like an app start. */
function snapshotLoadInFreshProcess(file: string, size: number): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--load-snapshot', file], { encoding: 'utf8' });
  const answer = JSON.parse(child.stdout || '{}') as { ms?: number; count?: number };
  if (child.status !== 0 || answer.count !== size || answer.ms === undefined) throw new Error(`the snapshot did not load: ${child.stderr}`);
  return answer.ms;
}

const sizes = (argValue('sizes') ?? '100000,1000000').split(',').map(Number);
const dims = Number(argValue('dims') ?? 112);
const queryCount = Number(argValue('queries') ?? 100);
const largeVecQueries = Number(argValue('vec-queries') ?? 20);
const K = 50;
/** Picks of a blend in the searchEach comparison (the Discover bench blends three). */
const BLEND_PICKS = 3;
const CENTROIDS = 200;

interface Generated {
  readonly data: Float32Array;
  readonly centroids: Float32Array[];
}

function gaussianSource(seed: number): () => number {
  const random = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** Writes centre + spread * noise, scaled to unit length, into out[offset..offset+dims). */
function noisyUnit(out: Float32Array, offset: number, centre: Float32Array, spread: number, gaussian: () => number): void {
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    const value = centre[d]! + spread * gaussian();
    out[offset + d] = value;
    norm += value * value;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let d = 0; d < dims; d++) out[offset + d]! *= scale;
}

function generate(count: number, seed: number): Generated {
  const gaussian = gaussianSource(seed);
  const random = seededRandom(seed + 1);
  const centroids = Array.from({ length: CENTROIDS }, () => Float32Array.from({ length: dims }, gaussian));
  const data = new Float32Array(count * dims);
  for (let row = 0; row < count; row++) noisyUnit(data, row * dims, centroids[Math.floor(random() * CENTROIDS)]!, 0.6, gaussian);
  return { data, centroids };
}

/** Half: a catalog vector plus a little noise ("more like this"); half: a new point near a centroid. */
function makeQueries(matrix: VectorMatrix, centroids: readonly Float32Array[], count: number, seed: number): Float32Array[] {
  const gaussian = gaussianSource(seed);
  const random = seededRandom(seed + 1);
  return Array.from({ length: count }, (_, index) => {
    const query = new Float32Array(dims);
    if (index % 2 === 0) {
      const row = Math.floor(random() * matrix.count);
      noisyUnit(query, 0, matrix.data.subarray(row * dims, (row + 1) * dims), 0.02, gaussian);
    } else noisyUnit(query, 0, centroids[Math.floor(random() * centroids.length)]!, 0.6, gaussian);
    return query;
  });
}

/** The loop a developer would write first; products summed in float64 (JS numbers), ties by row. */
function plainLoop(matrix: VectorMatrix, query: Float32Array, k: number): number[] {
  const { data, itemIds, count } = matrix;
  const scores: number[] = [];
  const ids: number[] = [];
  for (let row = 0; row < count; row++) {
    let score = 0;
    const offset = row * dims;
    for (let d = 0; d < dims; d++) score += data[offset + d]! * query[d]!;
    if (scores.length === k && score <= scores[k - 1]!) continue;
    let position = scores.length === k ? k - 1 : scores.length;
    while (position > 0 && scores[position - 1]! < score) position--;
    scores.splice(position, 0, score);
    ids.splice(position, 0, itemIds[row]!);
    if (scores.length > k) {
      scores.pop();
      ids.pop();
    }
  }
  return ids;
}

/** Found ids that are in the exact top-k, over all queries, divided by k * queries. */
function recall(found: readonly (readonly number[])[], exact: readonly (readonly number[])[]): number {
  let hits = 0;
  found.forEach((ids, index) => {
    const truth = new Set(exact[index]);
    hits += ids.filter((id) => truth.has(id)).length;
  });
  return hits / (K * found.length);
}

function writeFeatureVectors(db: CatalogDatabase, data: Float32Array, count: number): void {
  const insert = db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('movie', ?, 'bench', ?, ?)`);
  const progress = throttledProgress();
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let start = 0; start < count; start += 50_000) {
    db.transaction(() => {
      for (let row = start; row < Math.min(count, start + 50_000); row++) insert.run(row + 1, dims, bytes.subarray(row * dims * 4, (row + 1) * dims * 4));
    })();
    progress(() => `  feature_vectors: ${Math.min(count, start + 50_000).toLocaleString('en-US')} rows written`);
  }
}

/** The reference loader: one result row per vector, copied into a preallocated Float32Array. */
function loadRowByRow(db: CatalogDatabase, count: number): Float32Array {
  const out = new Float32Array(count * dims);
  const bytes = new Uint8Array(out.buffer);
  let row = 0;
  const rows = db
    .prepare(`SELECT item_id, vector FROM feature_vectors WHERE space = 'bench' AND item_kind = 'movie' ORDER BY item_id`)
    .raw()
    .iterate() as IterableIterator<[number, Buffer]>;
  for (const [, vector] of rows) bytes.set(vector, row++ * dims * 4);
  return out;
}

async function benchSize(size: number) {
  const dir = tempDir('crossfade-bench-engine-');
  try {
    progressLine(`${size.toLocaleString('en-US')} vectors x ${dims} dims: generating`);
    const generated = generate(size, 7);
    // What the app does at start once the index has been loaded before: the vector snapshot, read
    // by a fresh process (measured before the SQLite copy is written, whose gigabyte of dirty pages
    // would otherwise be flushed to disk during the read).
    const snapshotFile = path.join(dir, 'vibe-movie.vectors');
    writeMatrixSnapshot(snapshotFile, { dims, count: size, data: generated.data, itemIds: Int32Array.from({ length: size }, (_, row) => row + 1) }, 'bench');
    const snapshotLoadMs = snapshotLoadInFreshProcess(snapshotFile, size);
    const db = openDatabase(path.join(dir, 'catalog.db'));
    writeFeatureVectors(db, generated.data, size);
    progressLine('  loading with loadMatrixFromDatabase, then row by row (reference)');
    const [matrix, loadMs] = timed(() => loadMatrixFromDatabase(db, featureVectorRows('bench', 'movie')));
    const [, referenceLoadMs] = timed(() => loadRowByRow(db, size));
    db.close();
    if (matrix.count !== size) throw new Error(`loaded ${matrix.count} of ${size} vectors`);

    const queries = makeQueries(matrix, generated.centroids, queryCount, 11);
    const engine = createTopKEngine(matrix);
    await engine.warmUp();
    progressLine(`  plain JavaScript loop (${queries.length} queries; also the exact reference)`);
    const progress = throttledProgress();
    const exact: number[][] = [];
    const loopSamples = queries.map((query, index) => {
      const [ids, ms] = timed(() => plainLoop(matrix, query, K));
      exact.push(ids);
      progress(() => `  plain loop: ${index + 1} of ${queries.length} queries`);
      return ms;
    });

    progressLine(`  engine (${engine.threads} worker threads)`);
    const engineFound: number[][] = [];
    const engineSamples: number[] = [];
    for (const query of queries) {
      const [hits, ms] = await timedAsync(() => engine.search({ vector: query, k: K }));
      engineSamples.push(ms);
      engineFound.push(hits.map((hit) => hit.itemId));
    }
    const enginePath = engine.lastStats?.path ?? '?';
    const engineThreads = engine.threads;
    // A blend's picks: three queries answered by one scan (searchEach), against the same three one by one.
    progressLine(`  engine, ${BLEND_PICKS} queries a scan (searchEach)`);
    const eachSamples: number[] = [];
    const oneByOneSamples: number[] = [];
    const eachFound: number[][] = [];
    for (let first = 0; first + BLEND_PICKS <= queries.length; first += BLEND_PICKS) {
      const group = queries.slice(first, first + BLEND_PICKS);
      const [lists, ms] = await timedAsync(() => engine.searchEach(group, { k: K }));
      eachSamples.push(ms);
      oneByOneSamples.push(engineSamples.slice(first, first + BLEND_PICKS).reduce((sum, value) => sum + value, 0));
      eachFound.push(...lists.map((hits) => hits.map((hit) => hit.itemId)));
    }
    await engine.close();

    progressLine('  sqlite-vec: filling a vec0 table');
    const vecDb = new Database(path.join(dir, 'vec.db'));
    sqliteVec.load(vecDb);
    vecDb.exec(`CREATE VIRTUAL TABLE vec_items USING vec0(embedding float[${dims}] distance_metric=cosine)`);
    const vecInsert = vecDb.prepare(`INSERT INTO vec_items(rowid, embedding) VALUES (?, ?)`);
    const vecProgress = throttledProgress();
    for (let start = 0; start < size; start += 50_000) {
      vecDb.transaction(() => {
        for (let row = start; row < Math.min(size, start + 50_000); row++) {
          vecInsert.run(BigInt(matrix.itemIds[row]!), Buffer.from(matrix.data.buffer, matrix.data.byteOffset + row * dims * 4, dims * 4));
        }
      })();
      vecProgress(() => `  vec0: ${Math.min(size, start + 50_000).toLocaleString('en-US')} rows`);
    }
    const knn = vecDb.prepare(`SELECT rowid FROM vec_items WHERE embedding MATCH ? AND k = ${K} ORDER BY distance`).pluck();
    const vecQueries = queries.slice(0, size > 100_000 ? largeVecQueries : queries.length);
    progressLine(`  sqlite-vec: ${vecQueries.length} queries`);
    const vecFound: number[][] = [];
    const vecSamples = vecQueries.map((query, index) => {
      const [ids, ms] = timed(() => (knn.all(Buffer.from(query.buffer, query.byteOffset, query.byteLength)) as (number | bigint)[]).map(Number));
      vecFound.push(ids);
      vecProgress(() => `  sqlite-vec: ${index + 1} of ${vecQueries.length} queries`);
      return ms;
    });
    vecDb.close();

    return {
      size,
      dims,
      loadMs,
      referenceLoadMs,
      snapshotLoadMs,
      engine: { ...timing(engineSamples), recall: recall(engineFound, exact), threads: engineThreads, path: enginePath },
      searchEach: { ...timing(eachSamples), oneByOne: timing(oneByOneSamples), recall: recall(eachFound, exact.slice(0, eachFound.length)) },
      plainLoop: timing(loopSamples),
      sqliteVec: { ...timing(vecSamples), recall: recall(vecFound, exact.slice(0, vecFound.length)) },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const size of sizes) {
    const r = await benchSize(size);
    results.push(r);
    const row = (name: string, stats: Timing, recallValue: number) => [name, stats.p50, stats.p95, stats.max, stats.runs, recallValue.toFixed(4)];
    console.log(`\n${size.toLocaleString('en-US')} items x ${dims} dims, top-${K}`);
    printTable([
      ['method', 'p50 ms', 'p95 ms', 'max ms', 'queries', 'recall@50'],
      row(`engine (${r.engine.threads} threads, path ${r.engine.path})`, r.engine, r.engine.recall),
      row('plain JavaScript loop (exact reference)', r.plainLoop, 1),
      row('sqlite-vec vec0, cosine', r.sqliteVec, r.sqliteVec.recall),
    ]);
    console.log(
      `${BLEND_PICKS} queries a scan (searchEach, as a blend's picks): p50 ${r.searchEach.p50.toFixed(1)} ms against ${r.searchEach.oneByOne.p50.toFixed(1)} ms one by one, ${times(r.searchEach.oneByOne.p50 / r.searchEach.p50)} faster; recall ${r.searchEach.recall.toFixed(4)}`,
    );
    console.log(`engine vs plain JS loop: ${times(r.plainLoop.p50 / r.engine.p50)} faster at p50, ${times(r.plainLoop.p95 / r.engine.p95)} at p95`);
    console.log(`engine vs sqlite-vec:    ${times(r.sqliteVec.p50 / r.engine.p50)} faster at p50, ${times(r.sqliteVec.p95 / r.engine.p95)} at p95`);
    console.log(
      `load from SQLite: ${r.loadMs.toFixed(0)} ms (row-by-row reference ${r.referenceLoadMs.toFixed(0)} ms, ${times(r.referenceLoadMs / r.loadMs)} faster)`,
    );
    console.log(
      `load at app start from the vector snapshot: ${r.snapshotLoadMs.toFixed(0)} ms (${times(r.referenceLoadMs / r.snapshotLoadMs)} faster than row by row)`,
    );
    if (r.sqliteVec.runs < r.engine.runs)
      console.log(`(sqlite-vec ran the first ${r.sqliteVec.runs} of the ${r.engine.runs} queries: it takes long at this size)`);
    console.log(`Target recall 1.0 for the engine: ${r.engine.recall.toFixed(4)}, ${verdict(r.engine.recall === 1)}.`);
    if (size >= 1_000_000) {
      console.log(`Target p50 <= 20 ms at 1M: ${r.engine.p50.toFixed(1)} ms, ${verdict(r.engine.p50 <= 20)}.`);
      console.log(`Target >= 3x faster than sqlite-vec at 1M: ${times(r.sqliteVec.p50 / r.engine.p50)}, ${verdict(r.sqliteVec.p50 / r.engine.p50 >= 3)}.`);
      console.log(
        `Target load of 1M at app start <= 1.5 s: ${(r.snapshotLoadMs / 1000).toFixed(2)} s from the snapshot, ${verdict(r.snapshotLoadMs <= 1500)} (the build job writes the snapshot; without one, from SQLite: ${(r.loadMs / 1000).toFixed(2)} s).`,
      );
    }
  }
  console.log(`\npeak RSS ${peakRssMiB().toFixed(0)} MiB`);
  writeResults('engine', results);
}

await main();
