import os from 'node:os';
import sharp from 'sharp';
import type { CatalogDatabase } from '../../db/open-database.js';
import { EMBEDDING_DIMS, prepareModel, type PreparedModel } from '../../model/image-model.js';
import { findModel, type ModelSource, type ResolveModelOptions } from '../../model/resolve-model.js';
import { ProgressMeter, type ProgressListener } from '../../progress.js';
import { decodeBatch, type PosterOutcome } from './decode-batch.js';
import { EmbedWorker } from './embed-worker-client.js';
import { EmbeddingStore, type PosterResult, type PosterToEmbed } from './embedding-store.js';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './preprocess.js';

export interface EmbedPostersOptions {
  /** Where to find the model (`--model`, the saved setting, ...); see resolveModel. */
  readonly model?: ResolveModelOptions;
  /** Images per inference call (default 16). */
  readonly batchSize?: number;
  /** Embed at most this many posters in this run. */
  readonly limit?: number | null;
  /** Also retry posters that failed before (by default a failed poster is retried only when its file changes). */
  readonly retryFailed?: boolean;
  /** Stops the job after the batches in flight are committed (what is committed stays; run again to resume). */
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  readonly progressIntervalMs?: number;
  /**
   * Where images are decoded: 'worker' (each worker reads, decodes and embeds its own batches) or
   * 'main' (sharp from the main thread, in libuv's pool, while the workers only run inference).
   * Default 'worker'.
   */
  readonly decodeIn?: 'main' | 'worker';
  /**
   * Workers, each with its own ONNX Runtime session (default: one per core, at most 4). On 2 cores,
   * two single-threaded workers that decode their own batches beat one two-threaded session fed by
   * the main thread by about 15% (141 against 123 posters/s in bench/posters.bench.ts): no thread
   * handoff inside each inference, and one worker decodes while the other infers.
   */
  readonly workers?: number;
  /** ONNX Runtime threads per worker (default: the thread budget shared among the workers). */
  readonly threads?: number;
  /** Threads the job may keep busy in all (the app's worker-threads setting; default: the cores). */
  readonly totalThreads?: number;
  /** Let idle ONNX Runtime threads spin between operators (default false; only matters with threads > 1). */
  readonly spinning?: boolean;
  /** Batches being decoded or embedded at once (default 2 per worker). */
  readonly inFlight?: number;
  /** libvips threads per image (default 1: posters are small, and parallelism comes from decoding several at once). */
  readonly sharpThreadsPerImage?: number;
  readonly limits?: Partial<DecodeLimits>;
}

/** Each worker holds its own model session (~120 MB), so more cores than this do not get more workers. */
const MAX_DEFAULT_WORKERS = 4;

/** How many inference workers and ONNX Runtime threads each, from the options and the thread budget. */
export function posterWorkerLayout(options: Pick<EmbedPostersOptions, 'workers' | 'threads' | 'totalThreads'>): { workers: number; threads: number } {
  const budget = Math.max(1, Math.trunc(options.totalThreads ?? os.availableParallelism()));
  const workers = Math.max(1, options.workers ?? Math.min(budget, MAX_DEFAULT_WORKERS));
  return { workers, threads: Math.max(1, options.threads ?? Math.floor(budget / workers)) };
}

export interface PosterIssue {
  readonly posterId: number;
  readonly path: string;
  readonly reason: string;
}

export interface EmbedPostersSummary {
  readonly status: 'completed' | 'cancelled';
  readonly model: { readonly path: string; readonly source: ModelSource; readonly sha256: string; readonly embeddingOutput: 'model' | 'added' };
  /** Posters in the catalog. */
  readonly posters: number;
  /** Already done for this model before the run. */
  readonly alreadyDone: number;
  /** Failed in an earlier run and not retried (use retryFailed / --retry-failed). */
  readonly skippedFailed: number;
  /** Posters this run set out to embed (after `limit`). */
  readonly queued: number;
  readonly embedded: number;
  readonly failed: number;
  /** Still to embed for this model after the run. */
  readonly remaining: number;
  /** Every poster that failed in this run, with the reason. */
  readonly issues: readonly PosterIssue[];
  readonly durationMs: number;
  readonly postersPerSecond: number;
  readonly batchSize: number;
  readonly decodeIn: 'main' | 'worker';
  readonly workers: number;
  readonly threadsPerWorker: number;
  readonly spinning: boolean;
}

export interface PosterEmbeddingJob {
  /** Resolves when the job completes or is cancelled; rejects when the model is missing or invalid. */
  readonly result: Promise<EmbedPostersSummary>;
  /** Stops starting new batches (the ones in flight are committed) until resume(). */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
}

/**
 * Starts the poster embedding job: every poster not yet done for the current model (by sha256)
 * is decoded, preprocessed, embedded by MobileNetV2 in a worker thread, and stored with its colour
 * statistics, one transaction per batch. Bad files are recorded as failed with the reason and
 * never stop the job. Pausing, cancelling or a crash lose at most the batches in flight;
 * running again continues where it stopped.
 */
export function startPosterEmbedding(db: CatalogDatabase, options: EmbedPostersOptions = {}): PosterEmbeddingJob {
  const gate = new PauseGate(options.signal);
  const result = run(db, options, gate).finally(() => gate.dispose());
  return {
    result,
    pause: () => gate.pause(),
    resume: () => gate.resume(),
    get paused() {
      return gate.paused;
    },
  };
}

/** Pause/resume state; waiting ends on resume() or when the signal aborts. */
class PauseGate {
  paused = false;
  private wake: (() => void) | null = null;
  private readonly onAbort = () => this.wakeUp();

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wakeUp();
  }

  async wait(): Promise<void> {
    while (this.paused && !this.signal?.aborted) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  private wakeUp(): void {
    const resolve = this.wake;
    this.wake = null;
    resolve?.();
  }
}

/** Runs the poster embedding job to the end (or until `signal` aborts). See startPosterEmbedding. */
export function embedPosters(db: CatalogDatabase, options: EmbedPostersOptions = {}): Promise<EmbedPostersSummary> {
  return startPosterEmbedding(db, options).result;
}

interface BatchOutcome {
  readonly posters: readonly PosterToEmbed[];
  readonly outcomes: readonly PosterOutcome[];
  readonly embeddings: Float32Array;
}

async function run(db: CatalogDatabase, options: EmbedPostersOptions, gate: PauseGate): Promise<EmbedPostersSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive whole number, not ${batchSize}.`);
  const limit = options.limit ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 0)) throw new RangeError(`limit must be a whole number >= 0, not ${limit}.`);
  const retryFailed = options.retryFailed ?? false;
  const decodeIn = options.decodeIn ?? 'worker';
  const { workers: workerCount, threads } = posterWorkerLayout(options);
  const maxInFlight = Math.max(1, options.inFlight ?? 2 * workerCount);
  const spinning = options.spinning ?? false;
  const limits: DecodeLimits = { ...DEFAULT_DECODE_LIMITS, ...options.limits };

  const location = findModel(options.model);
  const model: PreparedModel = await prepareModel(location);
  const store = new EmbeddingStore(db);
  const before = store.counts(model.sha256, retryFailed);
  const queue = store.queue(model.sha256, retryFailed, limit);
  const bytesTotal = queue.reduce((sum, poster) => sum + poster.fileSize, 0);
  const meter = new ProgressMeter('posters', options.onProgress, {
    bytesTotal: Math.max(1, bytesTotal),
    unitsTotal: queue.length,
    minIntervalMs: options.progressIntervalMs,
  });
  meter.update('loading model', 0, 0, true);

  const issues: PosterIssue[] = [];
  let embedded = 0;
  let failed = 0;
  let done = 0;
  let bytesDone = 0;
  let cancelled = false;

  const summary = (): EmbedPostersSummary => {
    const after = store.counts(model.sha256, retryFailed);
    const durationMs = performance.now() - started;
    return {
      status: cancelled ? 'cancelled' : 'completed',
      model: { path: model.path, source: model.source, sha256: model.sha256, embeddingOutput: model.embeddingOutput },
      posters: before.posters,
      alreadyDone: before.done,
      skippedFailed: before.failed,
      queued: queue.length,
      embedded,
      failed,
      remaining: after.todo,
      issues,
      durationMs,
      postersPerSecond: done / Math.max(durationMs / 1000, 1e-3),
      batchSize,
      decodeIn,
      workers: workerCount,
      threadsPerWorker: threads,
      spinning,
    };
  };
  if (queue.length === 0) {
    meter.update('done', 0, 0, true);
    return summary();
  }

  const previousSharpThreads = sharp.concurrency();
  sharp.concurrency(options.sharpThreadsPerImage ?? 1);
  const workers: EmbedWorker[] = [];
  try {
    const started = await Promise.allSettled(Array.from({ length: workerCount }, () => EmbedWorker.start(model, { threads, spinning, limits })));
    for (const outcome of started) if (outcome.status === 'fulfilled') workers.push(outcome.value);
    const startFailure = started.find((outcome) => outcome.status === 'rejected');
    if (startFailure) throw startFailure.reason;

    // Each batch goes to the worker with the fewest batches queued (picked once its images are ready).
    const queued = new Map<EmbedWorker, number>(workers.map((worker) => [worker, 0]));
    const withWorker = async <T>(work: (worker: EmbedWorker) => Promise<T>): Promise<T> => {
      const worker = workers.reduce((best, candidate) => (queued.get(candidate)! < queued.get(best)! ? candidate : best));
      queued.set(worker, queued.get(worker)! + 1);
      try {
        return await work(worker);
      } finally {
        queued.set(worker, queued.get(worker)! - 1);
      }
    };

    const processBatch = async (posters: PosterToEmbed[]): Promise<BatchOutcome> => {
      const files = posters.map((poster) => ({ key: poster.id, path: poster.path }));
      if (decodeIn === 'worker') return { posters, ...(await withWorker((worker) => worker.decodeAndEmbed(files))) };
      const batch = await decodeBatch(files, limits);
      const embeddings = batch.count > 0 ? await withWorker((worker) => worker.embed(batch.tensor, batch.count)) : new Float32Array(0);
      return { posters, outcomes: batch.outcomes, embeddings };
    };

    const commit = (batch: BatchOutcome) => {
      const results: PosterResult[] = [];
      let slot = 0;
      batch.outcomes.forEach((outcome, index) => {
        const poster = batch.posters[index]!;
        if (outcome.ok) {
          const vector = batch.embeddings.subarray(slot * EMBEDDING_DIMS, (slot + 1) * EMBEDDING_DIMS);
          slot++;
          if (vector.length !== EMBEDDING_DIMS || !vector.every(Number.isFinite)) {
            results.push({ poster, ok: false, error: 'the model returned no usable embedding (non-finite values)' });
            return;
          }
          results.push({ poster, ok: true, colour: outcome.colour, vector });
        } else {
          results.push({ poster, ok: false, error: outcome.message });
        }
      });
      store.writeBatch(model.sha256, results);
      for (const result of results) {
        done++;
        bytesDone += result.poster.fileSize;
        if (result.ok) embedded++;
        else {
          failed++;
          issues.push({ posterId: result.poster.id, path: result.poster.path, reason: result.error });
        }
      }
      meter.update('embedding', done, bytesDone);
    };

    const inFlight: Promise<BatchOutcome>[] = [];
    let next = 0;
    let stopError: unknown = null;
    try {
      while (next < queue.length) {
        if (options.signal?.aborted) break;
        if (gate.paused) {
          // Pausing commits the batches in flight first, so nothing waits half-done.
          while (inFlight.length > 0) commit(await inFlight.shift()!);
          meter.update('paused', done, bytesDone, true);
          await gate.wait();
          continue;
        }
        if (inFlight.length >= maxInFlight) {
          commit(await inFlight.shift()!);
          continue;
        }
        const posters = queue.slice(next, next + batchSize);
        next += posters.length;
        const pending = processBatch(posters);
        pending.catch(() => {}); // awaited below, in order; this only avoids an unhandled-rejection warning meanwhile
        inFlight.push(pending);
      }
    } catch (error) {
      stopError = error;
    }
    // Commit what is already being processed (also when pausing, cancelling or failing), in order.
    while (inFlight.length > 0) {
      try {
        commit(await inFlight.shift()!);
      } catch (error) {
        stopError ??= error;
      }
    }
    if (stopError) throw stopError;
    cancelled = next < queue.length;
    meter.update(cancelled ? 'cancelled' : 'done', done, bytesDone, true);
  } finally {
    sharp.concurrency(previousSharpThreads);
    await Promise.all(workers.map((worker) => worker.close()));
  }
  return summary();
}
