import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { requireWorkerScript, startWorker, type WorkerScript } from '../../core/workers/start-worker.js';
import type { Job } from '../../shared/contract';
import { ServiceError } from '../dispatch';
import {
  CONTROL_CANCEL,
  CONTROL_PAUSE,
  CONTROL_RUN,
  type ControlMessage,
  type JobSpec,
  type TaskSpec,
  type Work,
  type WorkerInput,
  type WorkerMessage,
} from './protocol';

/** job.updated carries progress at most this often per job (status changes go out at once). */
const PROGRESS_INTERVAL_MS = 200;
/** catalog.changed during a running job, at most this often. */
const CATALOG_CHANGED_INTERVAL_MS = 5000;
/** A cancelled job that has not stopped after this long is terminated. */
const CANCEL_GRACE_MS = 20_000;
/** Finished jobs kept for jobs.list. */
const KEEP_FINISHED = 50;

/**
 * The worker script: src/services/jobs/worker.ts beside this module when running from the sources
 * (vitest, tsx), else out/main/jobs-worker.js, emitted by electron-vite (electron.vite.config.ts)
 * next to the bundle that contains this code (out/main/ or out/main/chunks/).
 */
export function jobWorkerScript(moduleUrl = import.meta.url): WorkerScript {
  const here = fileURLToPath(moduleUrl);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) return requireWorkerScript([dir], 'worker');
  return requireWorkerScript([dir, path.join(dir, '..')], 'jobs-worker');
}

function spawnWorker(script: WorkerScript, input: WorkerInput): Worker {
  return startWorker(script, { workerData: input, execArgv: process.execArgv });
}

export interface JobManagerOptions {
  /** The catalog the jobs write to (read when a job starts: the data folder can move). */
  readonly databasePath: () => string;
  readonly nativeBinding?: string;
  /** Jobs running at once; more wait as 'queued'. */
  readonly maxConcurrent: number;
  readonly workerScript?: WorkerScript;
}

export interface JobManagerEvents {
  'job.updated': [job: Job];
  'catalog.changed': [payload: { reason: string }];
}

interface JobState {
  job: Job;
  readonly spec: JobSpec;
  readonly pausable: boolean;
  readonly control: Int32Array<SharedArrayBuffer>;
  worker: Worker | null;
  /** Paused before it started: stays out of the queue until resumed. */
  held: boolean;
  cancelRequested: boolean;
  lastEmitAt: number;
  pendingEmit: NodeJS.Timeout | null;
  lastCatalogChangeAt: number;
  cancelTimer: NodeJS.Timeout | null;
  finished: Promise<void>;
  markFinished: () => void;
}

/** A change to a job's state; `result` is whatever the worker sent back. */
type JobChange = Partial<Omit<Job, 'kind' | 'result'>> & { readonly result?: unknown };

const FINISHED = new Set<Job['status']>(['completed', 'cancelled', 'failed']);

const JOB_LABELS: Record<JobSpec['type'], Job['kind']> = {
  import: 'import',
  'scan-posters': 'scan-posters',
  'embed-posters': 'embed-posters',
  'build-vibe': 'build-vibe',
  'scan-music': 'scan-music',
};

/**
 * Runs background jobs (imports, poster scans, poster embedding), each in its own worker thread
 * with its own connection to the catalog, and short tasks (model checks) the same way, so the main
 * thread never blocks (previews have a pool of their own: ../preview-pool.ts). Progress arrives as messages and is emitted as job.updated at
 * most ~5 times a second; cancel aborts the job's AbortSignal; pause holds an import between
 * batches (the embedding job pauses its own way).
 */
export class JobManager extends EventEmitter<JobManagerEvents> {
  private readonly jobs = new Map<string, JobState>();
  private readonly tasks = new Set<Worker>();
  private readonly script: WorkerScript;
  private maxConcurrent: number;
  private closed = false;

  constructor(private readonly options: JobManagerOptions) {
    super();
    this.script = options.workerScript ?? jobWorkerScript();
    this.maxConcurrent = Math.max(1, options.maxConcurrent);
  }

  start(spec: JobSpec, label: string, options: { pausable: boolean }): Job {
    if (this.closed) throw new ServiceError('Crossfade is shutting down; start the job again after the restart.');
    let markFinished = () => {};
    const finished = new Promise<void>((resolve) => (markFinished = resolve));
    const state: JobState = {
      job: {
        id: randomUUID(),
        kind: JOB_LABELS[spec.type],
        label,
        status: 'queued',
        progress: null,
        result: null,
        error: null,
        startedAt: new Date().toISOString(),
        finishedAt: null,
      } as Job, // a job of the kind its spec names
      spec,
      pausable: options.pausable,
      control: new Int32Array(new SharedArrayBuffer(4)),
      worker: null,
      held: false,
      cancelRequested: false,
      lastEmitAt: 0,
      pendingEmit: null,
      lastCatalogChangeAt: 0,
      cancelTimer: null,
      finished,
      markFinished,
    };
    this.jobs.set(state.job.id, state);
    this.forgetOldJobs();
    this.emitJob(state);
    this.pump();
    return { ...state.job };
  }

  /** Runs one task in a worker thread and returns its result (rejects with the task's error). */
  runTask(spec: TaskSpec): Promise<unknown> {
    if (this.closed) return Promise.reject(new ServiceError('Crossfade is shutting down.'));
    const worker = this.spawn({ mode: 'task', spec }, new Int32Array(new SharedArrayBuffer(4)));
    this.tasks.add(worker);
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'done') {
          settled = true;
          resolve(message.result);
        } else if (message.type === 'failed') {
          settled = true;
          reject(new ServiceError(message.message));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        this.tasks.delete(worker);
        if (!settled) reject(new ServiceError(`The background task stopped unexpectedly (exit code ${code}).`));
      });
    });
  }

  /** Newest first. */
  list(): Job[] {
    return [...this.jobs.values()].map((state) => ({ ...state.job })).reverse();
  }

  get(jobId: string): Job {
    return { ...this.state(jobId).job };
  }

  /** Resolves when the job has finished (completed, cancelled or failed). */
  whenFinished(jobId: string): Promise<Job> {
    const state = this.state(jobId);
    return state.finished.then(() => ({ ...state.job }));
  }

  hasActiveJobs(): boolean {
    return [...this.jobs.values()].some((state) => !FINISHED.has(state.job.status));
  }

  setMaxConcurrent(count: number): void {
    this.maxConcurrent = Math.max(1, count);
    this.pump();
  }

  pause(jobId: string): Job {
    const state = this.state(jobId);
    const { status } = state.job;
    if (status === 'paused') return { ...state.job };
    if (status !== 'queued' && status !== 'running') throw new ServiceError(`"${state.job.label}" has ${status}; only a queued or running job can be paused.`);
    if (status === 'running') {
      if (!state.pausable) throw new ServiceError(`"${state.job.label}" cannot be paused; cancel it instead (what it has done so far is kept).`);
      if (state.cancelRequested) throw new ServiceError(`"${state.job.label}" is being cancelled.`);
      Atomics.store(state.control, 0, CONTROL_PAUSE);
      this.send(state, { type: 'pause' });
    } else {
      state.held = true;
    }
    this.update(state, { status: 'paused' });
    return { ...state.job };
  }

  resume(jobId: string): Job {
    const state = this.state(jobId);
    if (state.job.status !== 'paused') throw new ServiceError(`"${state.job.label}" is not paused (it is ${state.job.status}).`);
    if (state.worker) {
      Atomics.store(state.control, 0, CONTROL_RUN);
      Atomics.notify(state.control, 0);
      this.send(state, { type: 'resume' });
      this.update(state, { status: 'running' });
    } else {
      state.held = false;
      this.update(state, { status: 'queued' });
      this.pump();
    }
    return { ...state.job };
  }

  cancel(jobId: string): Job {
    const state = this.state(jobId);
    if (FINISHED.has(state.job.status)) return { ...state.job };
    if (!state.worker) {
      this.finish(state, { status: 'cancelled' });
      this.pump();
      return { ...state.job };
    }
    if (!state.cancelRequested) {
      state.cancelRequested = true;
      Atomics.store(state.control, 0, CONTROL_CANCEL);
      Atomics.notify(state.control, 0);
      this.send(state, { type: 'cancel' });
      // A paused job is running again while it stops.
      if (state.job.status === 'paused') this.update(state, { status: 'running' });
      state.cancelTimer = setTimeout(() => {
        void state.worker?.terminate();
        this.finish(state, { status: 'cancelled', error: 'The job did not stop in time and was ended; what it committed before is kept.' });
      }, CANCEL_GRACE_MS);
      state.cancelTimer.unref();
    }
    return { ...state.job };
  }

  /** Cancels every job and task and waits for the jobs to stop (committed work is kept). */
  async close(): Promise<void> {
    this.closed = true;
    for (const state of this.jobs.values()) if (!FINISHED.has(state.job.status)) this.cancel(state.job.id);
    for (const worker of this.tasks) void worker.terminate();
    await Promise.all([...this.jobs.values()].map((state) => state.finished));
  }

  private state(jobId: string): JobState {
    const state = this.jobs.get(jobId);
    if (!state) throw new ServiceError(`There is no job ${jobId} (finished jobs are forgotten when Crossfade restarts).`);
    return state;
  }

  private pump(): void {
    if (this.closed) return;
    let running = [...this.jobs.values()].filter((state) => state.worker !== null).length;
    for (const state of this.jobs.values()) {
      if (running >= this.maxConcurrent) return;
      if (state.job.status !== 'queued' || state.held) continue;
      this.launch(state);
      running++;
    }
  }

  private spawn(work: Work, control: Int32Array<SharedArrayBuffer>): Worker {
    const input: WorkerInput = {
      work,
      databasePath: this.options.databasePath(),
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      control: control.buffer,
    };
    return spawnWorker(this.script, input);
  }

  private launch(state: JobState): void {
    const worker = this.spawn({ mode: 'job', spec: state.spec }, state.control);
    state.worker = worker;
    this.update(state, { status: 'running' });
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'progress':
          state.job = { ...state.job, progress: message.progress };
          this.emitJob(state, true);
          this.catalogChanged(state, false);
          break;
        case 'done':
          this.finish(state, { status: state.cancelRequested ? 'cancelled' : message.status, result: message.result ?? null });
          break;
        case 'failed':
          this.finish(state, { status: 'failed', error: message.message });
          break;
      }
    });
    worker.on('error', (error) => this.finish(state, { status: 'failed', error: `The job stopped with an error: ${error.message}` }));
    worker.on('exit', (code) => {
      state.worker = null;
      this.finish(state, { status: 'failed', error: `The job stopped unexpectedly (worker exit code ${code}).` });
      this.pump();
    });
  }

  private send(state: JobState, message: ControlMessage): void {
    state.worker?.postMessage(message);
  }

  private finish(state: JobState, change: JobChange): void {
    if (FINISHED.has(state.job.status)) return;
    if (state.cancelTimer) clearTimeout(state.cancelTimer);
    this.update(state, { ...change, finishedAt: new Date().toISOString() });
    if (state.worker) this.catalogChanged(state, true);
    state.markFinished();
  }

  private update(state: JobState, change: JobChange): void {
    // The worker ran this job's kind, so its result is that kind's summary (the contract checks it on the way out).
    state.job = { ...state.job, ...change } as Job;
    this.emitJob(state);
  }

  /** Emits job.updated now, or (for progress) within PROGRESS_INTERVAL_MS with the latest state. */
  private emitJob(state: JobState, throttle = false): void {
    const now = Date.now();
    if (throttle && now - state.lastEmitAt < PROGRESS_INTERVAL_MS) {
      state.pendingEmit ??= setTimeout(() => this.emitJob(state), PROGRESS_INTERVAL_MS - (now - state.lastEmitAt));
      return;
    }
    if (state.pendingEmit) clearTimeout(state.pendingEmit);
    state.pendingEmit = null;
    state.lastEmitAt = now;
    this.emit('job.updated', { ...state.job });
  }

  private catalogChanged(state: JobState, final: boolean): void {
    const now = Date.now();
    if (!final && now - state.lastCatalogChangeAt < CATALOG_CHANGED_INTERVAL_MS) return;
    if (!final && state.lastCatalogChangeAt === 0) {
      state.lastCatalogChangeAt = now;
      return;
    }
    state.lastCatalogChangeAt = now;
    this.emit('catalog.changed', { reason: `${state.job.label}: ${final ? state.job.status : 'in progress'}` });
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((state) => FINISHED.has(state.job.status));
    for (const state of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(state.job.id);
  }
}
