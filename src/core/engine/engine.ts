import os from 'node:os';
import { Bitset } from './bitset.js';
import { checkK, exactDot, normalizeQuery } from './exact.js';
import { TopKHeap } from './heap.js';
import { kernelModule } from './kernel.js';
import { mmrPoolSize, mmrSelect } from './mmr.js';
import { scanWorkerScript, ScanPool } from './pool.js';
import { quantizeQuery, scanRange, SKIP_UNALLOWED_BELOW, type RangeResult, type SlotQuery } from './quantized.js';
import { loadedStorages, MAX_WORKERS, QUERY_SLOTS, Storage } from './storage.js';
import type { RowSet, TopKEngine, TopKHit, TopKQuery, VectorMatrix } from './types.js';
import type { WorkerScript } from '../workers/start-worker.js';

export interface TopKEngineOptions {
  /**
   * Worker threads for large matrices (default os.availableParallelism(), at most 16). 0 or 1
   * scans on the calling thread.
   */
  readonly threads?: number;
  /** Matrices with fewer rows are scanned on the calling thread (default 50 000). */
  readonly minRowsForThreads?: number;
  /** Allowed sets of at most this many rows are ranked by a direct exact scan (default 4096). */
  readonly directScanBelow?: number;
  /** Where the worker code is (default: scan.worker.js or scan.worker.ts next to this module). */
  readonly workerScript?: WorkerScript | null;
  /** Rows of room for appends beyond the initial matrix (default count / 8 + 1024). */
  readonly headroom?: number;
  /**
   * Start the worker threads at once, in the background, and answer searches on the calling
   * thread until they are ready, instead of making the first large search wait for them (default
   * false). The answer is the same exact top-k either way; an app that has just opened a catalog
   * gets its first results without the threads' start-up (hundreds of milliseconds).
   */
  readonly answerWhileThreadsStart?: boolean;
}

/** How the last search ran (for tests, benchmarks and diagnostics). */
export interface SearchStats {
  readonly path: 'empty' | 'zero-query' | 'direct' | 'single' | 'threads';
  /** Rows that passed allow/exclude. */
  readonly allowed: number;
  /** Rows re-ranked with exact float dot products. */
  readonly candidates: number;
  readonly threads: number;
  /** Vectors answered (searchEach); their candidates are summed. */
  readonly queries: number;
  readonly ms: number;
}

const DEFAULT_MIN_ROWS_FOR_THREADS = 50_000;
const DEFAULT_DIRECT_SCAN_BELOW = 4096;

/**
 * Exact cosine top-k over a VectorMatrix (see quantized.ts for how exactness is kept while the
 * scan runs on int8 copies, and exact.ts for the score definition).
 *
 * Searches run one at a time (each uses every worker), in call order. An upsert is applied at
 * once when no search is queued or running; otherwise it is queued behind them, so every search
 * sees exactly the upserts made before it was called (engine.matrix shows applied rows only).
 */
export class VectorTopKEngine implements TopKEngine {
  private storage: Storage;
  private readonly threadCount: number;
  private readonly minRowsForThreads: number;
  private readonly directScanBelow: number;
  private readonly workerScript: WorkerScript | null;
  private readonly answerWhileThreadsStart: boolean;
  private pool: ScanPool | null = null;
  private poolStart: Promise<ScanPool | null> | null = null;
  /** Why worker threads are not used, if they failed to start or crashed. */
  workerError: Error | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Searches and deferred upserts queued or running. */
  private queued = 0;
  private closed = false;
  /** The error of the last deferred upsert that failed (e.g. out of memory while growing). */
  upsertError: Error | null = null;
  private rowByItem: Map<number, number> | null = null;
  private matrixView: VectorMatrix | null = null;
  /** How the last search ran. */
  lastStats: SearchStats | null = null;

  constructor(matrix: VectorMatrix, options: TopKEngineOptions = {}) {
    const { dims, count } = matrix;
    if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`matrix dims must be a positive integer, got ${dims}`);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad matrix count ${count}`);
    if (matrix.data.length < count * dims) throw new RangeError(`matrix data has ${matrix.data.length} values, need ${count * dims}`);
    if (matrix.itemIds.length < count) throw new RangeError(`matrix has ${matrix.itemIds.length} item ids, need ${count}`);

    const loaded = loadedStorages.get(matrix.data);
    if (loaded && !loaded.adopted && loaded.count === count && loaded.layout.dims === dims) {
      this.storage = loaded;
    } else {
      loaded?.pendingRows?.loadAll();
      const headroom = options.headroom ?? Math.floor(count / 8) + 1024;
      const storage = Storage.allocate(dims, count + Math.max(0, headroom));
      storage.views.floats.set(matrix.data.subarray(0, count * dims));
      storage.itemIds.set(matrix.itemIds.subarray(0, count));
      storage.count = count;
      this.storage = storage;
    }
    this.storage.adopted = true;
    // A snapshot's int8 copy still in the file is read, not made again.
    if (this.storage.pendingRows?.quantizedReady !== false) {
      this.storage.quantizeRows(this.storage.quantizedRows, count);
      this.storage.quantizedRows = count;
    }

    this.threadCount = Math.min(MAX_WORKERS, Math.max(0, Math.floor(options.threads ?? os.availableParallelism())));
    this.minRowsForThreads = options.minRowsForThreads ?? DEFAULT_MIN_ROWS_FOR_THREADS;
    this.directScanBelow = options.directScanBelow ?? DEFAULT_DIRECT_SCAN_BELOW;
    this.workerScript = options.workerScript === undefined ? scanWorkerScript() : options.workerScript;
    this.answerWhileThreadsStart = options.answerWhileThreadsStart ?? false;
    if (this.answerWhileThreadsStart && count >= this.minRowsForThreads) void this.getPool();
  }

  get matrix(): VectorMatrix {
    this.storage.pendingRows?.loadAll();
    if (!this.matrixView) {
      const { storage } = this;
      const { dims } = storage.layout;
      this.matrixView = {
        dims,
        count: storage.count,
        data: storage.views.floats.subarray(0, storage.count * dims),
        itemIds: storage.itemIds.subarray(0, storage.count),
      };
    }
    return this.matrixView;
  }

  /** Worker threads the engine uses for large matrices (0 = calling thread only). */
  get threads(): number {
    return this.threadCount > 1 && this.workerScript && !this.workerError ? this.threadCount : 0;
  }

  /** A copy of one row's floats (reads only that row while a snapshot's floats are still loading). */
  vectorOf(row: number): Float32Array {
    const { dims } = this.storage.layout;
    if (!(Number.isInteger(row) && row >= 0 && row < this.storage.count)) throw new RangeError(`row ${row} is not in the matrix`);
    this.storage.pendingRows?.ensureRow(row);
    return this.storage.views.floats.slice(row * dims, (row + 1) * dims);
  }

  /** The row of an item, if it is in the matrix. */
  rowOf(itemId: number): number | undefined {
    return this.rowIndex().get(itemId);
  }

  /** Starts the worker threads now rather than on the first large search; resolves to their count. */
  async warmUp(): Promise<number> {
    const pool = await this.getPool();
    return pool ? pool.size : 0;
  }

  search(query: TopKQuery): Promise<TopKHit[]> {
    const { vector, ...options } = query;
    return this.searchEach([vector], options).then(([hits]) => hits!);
  }

  /**
   * Each vector's exact top k under the same k, filters and diversity: the same answers as one
   * search per vector, but a scan reads the rows once for up to QUERY_SLOTS vectors (scanRange),
   * so a blend's picks cost little more than one of them.
   */
  searchEach(vectors: readonly Float32Array[], options: Omit<TopKQuery, 'vector'>): Promise<TopKHit[][]> {
    try {
      for (const vector of vectors) this.validateQuery({ ...options, vector });
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue(() => this.runSearch(vectors, options));
  }

  /** Runs `task` after everything queued before it. */
  private enqueue<T>(task: () => Promise<T> | T): Promise<T> {
    this.queued++;
    const run = this.queue.then(task).finally(() => {
      this.queued--;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  upsert(itemId: number, vector: Float32Array): void {
    if (this.closed) throw new Error('engine is closed');
    if (!Number.isInteger(itemId) || itemId < -0x80000000 || itemId > 0x7fffffff) throw new RangeError(`item id ${itemId} is not a 32-bit integer`);
    const { dims } = this.storage.layout;
    if (vector.length !== dims) throw new RangeError(`vector has ${vector.length} dims, the matrix has ${dims}`);
    for (let j = 0; j < dims; j++) if (!Number.isFinite(vector[j]!)) throw new RangeError(`vector for item ${itemId} has a non-finite value`);
    const pending = this.storage.pendingRows;
    if (this.queued === 0 && !pending) {
      this.applyUpsert(itemId, vector);
      return;
    }
    // Searches are queued or running, or a snapshot read is still writing float rows: apply it in
    // order, after them and before later searches.
    const copy = Float32Array.from(vector);
    void this.enqueue(async () => {
      await pending?.whenLoaded();
      try {
        this.applyUpsert(itemId, copy);
      } catch (error) {
        this.upsertError = error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  /** Reads a snapshot's remaining float rows off this thread (no-op once all are in). */
  loadRemainingRows(): void {
    this.storage.pendingRows?.startBackground();
  }

  /** Resolves once a snapshot's int8 copy is in place (starting the background read). */
  whenQuantized(): Promise<void> {
    return this.storage.pendingRows?.whenQuantized() ?? Promise.resolve();
  }

  /** Whether every float row is in memory (a snapshot's rows are read in the background after a start). */
  get rowsLoaded(): boolean {
    return this.storage.pendingRows === null;
  }

  /** Resolves once every float row is in memory (reading the remaining ones off this thread). */
  whenRowsLoaded(): Promise<void> {
    return this.storage.pendingRows?.whenLoaded() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    // A snapshot's descriptor closes once its float rows are in (read off-thread).
    await this.storage.pendingRows?.whenLoaded();
    const pool = this.pool ?? (this.poolStart ? await this.poolStart : null);
    this.pool = null;
    await pool?.close();
  }

  // -------------------------------------------------------------------------------------------

  private validateQuery(query: TopKQuery): void {
    checkK(query.k);
    const { dims } = this.storage.layout;
    if (query.vector.length !== dims) throw new RangeError(`query has ${query.vector.length} dims, the matrix has ${dims}`);
    if (query.mmrLambda !== undefined && !(query.mmrLambda >= 0 && query.mmrLambda <= 1)) {
      throw new RangeError(`mmrLambda must be in [0, 1], got ${query.mmrLambda}`);
    }
  }

  private rowIndex(): Map<number, number> {
    if (!this.rowByItem) {
      const index = new Map<number, number>();
      const { itemIds, count } = this.storage;
      for (let r = 0; r < count; r++) if (!index.has(itemIds[r]!)) index.set(itemIds[r]!, r);
      this.rowByItem = index;
    }
    return this.rowByItem;
  }

  private applyUpsert(itemId: number, vector: Float32Array): void {
    const index = this.rowIndex();
    let row = index.get(itemId);
    if (row === undefined) {
      if (this.storage.count === this.storage.layout.capacity) {
        this.storage = this.storage.grow(this.storage.layout.capacity * 2);
        this.storage.adopted = true;
        this.pool?.setStorage(this.workerStorage());
      }
      row = this.storage.count++;
      this.storage.itemIds[row] = itemId;
      index.set(itemId, row);
    }
    const { dims } = this.storage.layout;
    this.storage.views.floats.set(vector, row * dims);
    this.storage.quantizeRows(row, row + 1);
    this.storage.quantizedRows = this.storage.count;
    this.matrixView = null;
  }

  private workerStorage(): { memory: WebAssembly.Memory; module: WebAssembly.Module; layout: Storage['layout'] } {
    return { memory: this.storage.memory, module: kernelModule(), layout: this.storage.layout };
  }

  private getPool(): Promise<ScanPool | null> {
    if (this.pool && !this.pool.failure) return Promise.resolve(this.pool);
    if (this.pool?.failure) {
      this.workerError ??= this.pool.failure;
      void this.pool.close();
      this.pool = null;
    }
    if (this.threadCount <= 1 || !this.workerScript || this.workerError || this.closed) return Promise.resolve(null);
    if (!this.poolStart) this.storage.pendingRows?.expectReader();
    this.poolStart ??= ScanPool.start(this.threadCount, this.workerScript, this.workerStorage()).then(
      (pool) => {
        if (this.closed) {
          void pool.close();
          this.storage.pendingRows?.noReader();
          return null;
        }
        this.pool = pool;
        this.poolStart = null;
        // The storage may have been replaced while the workers were starting.
        pool.setStorage(this.workerStorage());
        let turn = 0;
        this.storage.pendingRows?.readWith((fd, position, offset, bytes, countAt) => pool.read(turn++ % pool.size, fd, position, offset, bytes, countAt));
        return pool;
      },
      (error: unknown) => {
        this.workerError = error instanceof Error ? error : new Error(String(error));
        this.poolStart = null;
        this.storage.pendingRows?.noReader();
        return null;
      },
    );
    return this.poolStart;
  }

  /** The pool when its threads are running; otherwise starts them (in the background) and returns null. */
  private readyPool(): ScanPool | null {
    if (this.pool && !this.pool.failure) return this.pool;
    void this.getPool();
    return null;
  }

  private async runSearch(vectors: readonly Float32Array[], options: Omit<TopKQuery, 'vector'>): Promise<TopKHit[][]> {
    if (this.closed) throw new Error('engine is closed');
    try {
      return await this.searchNow(vectors, options);
    } finally {
      // A snapshot's float rows not read yet: the first answer is out, read the rest off-thread.
      this.storage.pendingRows?.startBackground();
    }
  }

  private async searchNow(vectors: readonly Float32Array[], options: Omit<TopKQuery, 'vector'>): Promise<TopKHit[][]> {
    const started = performance.now();
    const storage = this.storage;
    // Until a snapshot's float rows are all in, rows are read as they are scored, on this thread.
    const pending = storage.pendingRows;
    const ensureRow = pending ? (row: number) => pending.ensureRow(row) : undefined;
    // Until its int8 copy is in place, read it block by block through the stage, without touching
    // the rows' fresh memory: about 0.1 s at a million rows. Waiting for the background read
    // instead took 2.8 to 4.8 s for the second search after a start, while both kinds' rows were
    // read into fresh memory at once. One turn of the event loop first lets the background read
    // advance (the scan threads' start and replies) even when searches come back to back.
    if (pending && !pending.quantizedReady && pending.backgroundStarted) await new Promise<void>((resolve) => setImmediate(resolve));
    const staged = pending && !pending.quantizedReady ? (start: number, end: number) => pending.stageQuantized(start, end) : undefined;
    const { count, itemIds } = storage;
    const { dims } = storage.layout;
    const useMmr = options.mmrLambda !== undefined && options.mmrLambda < 1;
    const wanted = useMmr ? mmrPoolSize(options.k) : options.k;

    const finish = (path: SearchStats['path'], allowed: number, results: readonly RangeResult[], threads = 0): TopKHit[][] => {
      const answers = results.map(({ rows, scores }) => {
        let hits: TopKHit[] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) hits[i] = { row: rows[i]!, itemId: itemIds[rows[i]!]!, score: scores[i]! };
        if (useMmr) {
          // MMR compares the candidates' rows with each other: they must all hold their floats.
          for (const hit of hits) ensureRow?.(hit.row);
          hits = mmrSelect(hits, options.k, options.mmrLambda!, storage.views.floats, dims);
        }
        return hits;
      });
      const candidates = results.reduce((sum, result) => sum + result.candidates, 0);
      this.lastStats = { path, allowed, candidates, threads, queries: results.length, ms: performance.now() - started };
      return answers;
    };
    const none: RangeResult = { rows: new Int32Array(0), scores: new Float64Array(0), candidates: 0 };

    if (count === 0 || options.k === 0)
      return finish(
        'empty',
        0,
        vectors.map(() => none),
      );

    const queries = vectors.map((vector) => normalizeQuery(vector, dims));
    const { views, layout } = storage;

    // The effective allow set (allow minus exclude) goes into the shared bitset region.
    const filtered = options.allow !== undefined || (options.exclude !== undefined && options.exclude.size > 0);
    const allowed = filtered ? writeAllowBits(views.allow, count, options.allow, options.exclude) : count;
    const k = Math.min(wanted, allowed);
    if (k === 0)
      return finish(
        'empty',
        allowed,
        vectors.map(() => none),
      );

    // Every score of a zero query is exactly 0: its answer is the first k allowed rows.
    const zero = (q: Float32Array) => q.every((v) => v === 0);
    const firstAllowed = (): RangeResult => {
      const rows = new Int32Array(k);
      let i = 0;
      for (let r = 0; r < count && i < k; r++) if (!filtered || (views.allow[r >>> 5]! >>> (r & 31)) & 1) rows[i++] = r;
      return { rows, scores: new Float64Array(k), candidates: 0 };
    };
    if (queries.every(zero)) return finish('zero-query', allowed, queries.map(firstAllowed));

    if (filtered && allowed <= this.directScanBelow)
      return finish(
        'direct',
        allowed,
        queries.map((q) => (zero(q) ? firstAllowed() : this.directScan(q, k, allowed))),
      );

    const results: RangeResult[] = new Array(queries.length);
    const scanned: number[] = [];
    queries.forEach((q, index) => (zero(q) ? (results[index] = firstAllowed()) : scanned.push(index)));
    const skipUnallowed = filtered && allowed < count * SKIP_UNALLOWED_BELOW;
    let pool: ScanPool | null = null;
    if (count >= this.minRowsForThreads) {
      // Worker threads scan only once every float row is in (they score rows without asking).
      if (!pending) pool = this.answerWhileThreadsStart ? this.readyPool() : await this.getPool();
      else if (this.answerWhileThreadsStart) void this.getPool();
    }
    let threads = 0;
    for (let first = 0; first < scanned.length; first += QUERY_SLOTS) {
      const batch = scanned.slice(first, first + QUERY_SLOTS);
      const slotQueries: SlotQuery[] = batch.map((index, slot) => {
        const region = views.queries[slot]!;
        region.f32.set(queries[index]!);
        return { slot, query: quantizeQuery(queries[index]!, dims, region.i16, region.segs) };
      });
      const scan = { k, useAllow: filtered, skipUnallowed, queries: slotQueries };
      let answers: RangeResult[] | null = null;
      if (pool) {
        const ranges = splitRows(count, pool.size);
        try {
          const perRange = await Promise.all(ranges.map(([start, end], i) => pool!.scan(i, { ...scan, start, end })));
          answers = batch.map((_, at) =>
            mergeResults(
              perRange.map((range) => range[at]!),
              k,
            ),
          );
          threads = ranges.length;
        } catch (error) {
          // A worker crashed: stop using threads and answer on this thread.
          this.workerError ??= error instanceof Error ? error : new Error(String(error));
          pool = null;
          // The search finishes here: its stats say so, whatever earlier batches ran on.
          threads = 0;
        }
      }
      answers ??= scanRange(storage.kernel, layout, views, { ...scan, start: 0, end: count }, 0, ensureRow, staged);
      batch.forEach((index, at) => (results[index] = answers[at]!));
    }
    return finish(threads > 0 ? 'threads' : 'single', allowed, results, threads);
  }

  /** Exact top k of a few allowed rows (the allow bits already written), scored one by one. */
  private directScan(q: Float32Array, k: number, allowed: number): RangeResult {
    const heap = new TopKHeap(k);
    const { views, count } = this.storage;
    const { dims } = this.storage.layout;
    const pending = this.storage.pendingRows;
    const words = views.allow;
    const floats = views.floats;
    for (let w = 0; w < words.length && w <= (count - 1) >>> 5; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        const r = (w << 5) + 31 - Math.clz32(low);
        word ^= low;
        pending?.ensureRow(r);
        heap.push(exactDot(floats, r * dims, q, dims), r);
      }
    }
    return { ...heap.sorted(), candidates: allowed };
  }
}

/** Rows [0, count) split into `parts` ranges whose starts are multiples of 64. */
export function splitRows(count: number, parts: number): [number, number][] {
  const chunk = Math.ceil(count / parts / 64) * 64;
  const ranges: [number, number][] = [];
  for (let start = 0; start < count; start += chunk) ranges.push([start, Math.min(count, start + chunk)]);
  return ranges;
}

function mergeResults(results: readonly RangeResult[], k: number): RangeResult {
  const heap = new TopKHeap(k);
  let candidates = 0;
  for (const result of results) {
    candidates += result.candidates;
    for (let i = 0; i < result.rows.length; i++) heap.push(result.scores[i]!, result.rows[i]!);
  }
  return { ...heap.sorted(), candidates };
}

/** Writes allow minus exclude over rows [0, count) into `words`; returns the member count. */
function writeAllowBits(words: Uint32Array, count: number, allow: RowSet | undefined, exclude: ReadonlySet<number> | undefined): number {
  const wordCount = (count + 31) >>> 5;
  if (allow === undefined) {
    words.fill(0xffffffff, 0, wordCount);
  } else if (allow instanceof Bitset) {
    const n = Math.min(wordCount, allow.words.length);
    words.set(allow.words.subarray(0, n));
    words.fill(0, n, wordCount);
  } else {
    for (let w = 0; w < wordCount; w++) {
      const base = w << 5;
      const end = Math.min(32, count - base);
      let word = 0;
      for (let b = 0; b < end; b++) if (allow.has(base + b)) word |= 1 << b;
      words[w] = word >>> 0;
    }
  }
  const rem = count & 31;
  if (rem !== 0) words[wordCount - 1]! &= (1 << rem) - 1;
  if (exclude) {
    for (const row of exclude) {
      if (Number.isInteger(row) && row >= 0 && row < count) words[row >>> 5]! &= ~(1 << (row & 31));
    }
  }
  let total = 0;
  for (let i = 0; i < wordCount; i++) {
    let v = words[i]!;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    total += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return total;
}

/** Creates the engine (see VectorTopKEngine); worker threads start on the first large search. */
export function createTopKEngine(matrix: VectorMatrix, options: TopKEngineOptions = {}): VectorTopKEngine {
  return new VectorTopKEngine(matrix, options);
}
