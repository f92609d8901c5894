/// <reference types="electron-vite/node" />
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { findWorkerScript, startWorker, type WorkerScript } from '../core/workers/start-worker.js';
import { ServiceError } from './dispatch';
import type { ImportPreview } from './preview';

interface PreviewRequest {
  /** Resolved and checked by the caller (services: imports.preview). */
  readonly file: string;
  readonly displayName: string;
  readonly encoding?: string;
}

/** Pool -> worker. */
export interface PreviewTask extends PreviewRequest {
  readonly id: number;
}

/** Worker -> pool. `expected`: the message is a sentence for the user (a ServiceError), not a bug. */
export type PreviewWorkerMessage =
  | { readonly id: number; readonly ok: true; readonly preview: ImportPreview }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly expected: boolean };

interface PreviewPoolOptions {
  /** Workers at most; default one per core. */
  readonly maxWorkers?: number;
  /** A preview still running after this long is stopped; default 10 s. */
  readonly timeoutMs?: number;
  /** An idle worker exits after this long; default 30 s. */
  readonly idleMs?: number;
  readonly script?: WorkerScript;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_IDLE_MS = 30_000;

interface PendingPreview {
  readonly task: PreviewTask;
  readonly resolve: (preview: ImportPreview) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Slot {
  readonly worker: Worker;
  running: PendingPreview | null;
  deadline: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
}

/** preview-worker.ts beside this module (sources, vitest), or the chunk electron-vite emits for it. */
function previewWorkerScript(): Promise<WorkerScript> {
  return findWorkerScript(path.dirname(fileURLToPath(import.meta.url)), 'preview-worker', async () => (await import('./preview-worker.js?modulePath')).default);
}

/**
 * Previews run in a small pool of worker threads: at most one per core however many requests
 * arrive (30 at once used to start 73 threads and take 1.5 GB), each preview limited in time, and
 * stopped as soon as its caller gives up (AbortSignal). Parsing is synchronous inside a worker, so
 * a preview that has to stop takes its worker with it (terminate) and a fresh one is started for
 * whatever waits. Idle workers end after a while and never keep the process alive.
 */
export class PreviewPool {
  private readonly queue: PendingPreview[] = [];
  private readonly slots = new Set<Slot>();
  private readonly maxWorkers: number;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private script: Promise<WorkerScript> | null = null;
  private nextId = 1;
  private started = 0;
  private closed = false;

  constructor(private readonly options: PreviewPoolOptions = {}) {
    this.maxWorkers = Math.max(1, Math.min(options.maxWorkers ?? os.availableParallelism(), os.availableParallelism()));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  /** Worker threads started so far (all time). */
  get workersStarted(): number {
    return this.started;
  }

  /** Worker threads alive now. */
  get liveWorkers(): number {
    return this.slots.size;
  }

  preview(request: PreviewRequest, signal?: AbortSignal): Promise<ImportPreview> {
    if (this.closed) return Promise.reject(new ServiceError('Crossfade is shutting down.'));
    if (signal?.aborted) return Promise.reject(cancelled(request));
    return new Promise<ImportPreview>((resolve, reject) => {
      const pending: PendingPreview = {
        task: { ...request, id: this.nextId++ },
        resolve,
        reject,
        signal,
        onAbort: () => this.abort(pending),
      };
      signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.queue.push(pending);
      void this.pump();
    });
  }

  /** Stops every worker; waiting and running previews fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, new ServiceError('Crossfade is shutting down.'));
    await Promise.all([...this.slots].map((slot) => this.stop(slot, new ServiceError('Crossfade is shutting down.'))));
  }

  private async pump(): Promise<void> {
    let script: WorkerScript;
    try {
      script = await (this.script ??= this.options.script ? Promise.resolve(this.options.script) : previewWorkerScript());
    } catch (error) {
      for (const pending of this.queue.splice(0)) this.settle(pending, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    while (this.queue.length > 0 && !this.closed) {
      let slot = [...this.slots].find((each) => each.running === null);
      if (!slot) {
        if (this.slots.size >= this.maxWorkers) return;
        slot = this.spawn(script);
      }
      this.run(slot, this.queue.shift()!);
    }
  }

  private spawn(script: WorkerScript): Slot {
    const worker = startWorker(script);
    this.started++;
    const slot: Slot = { worker, running: null, deadline: null, idle: null };
    this.slots.add(slot);
    worker.on('message', (message: PreviewWorkerMessage) => {
      const pending = slot.running;
      if (!pending || pending.task.id !== message.id) return;
      this.release(slot);
      if (message.ok) this.settle(pending, null, message.preview);
      else this.settle(pending, message.expected ? new ServiceError(message.message) : new Error(message.message));
    });
    const lost = (why: string) => {
      if (!this.slots.delete(slot)) return;
      this.clearTimers(slot);
      const pending = slot.running;
      slot.running = null;
      if (pending) this.settle(pending, new ServiceError(`The preview of ${pending.task.displayName} stopped unexpectedly (${why}); try again.`));
      void this.pump();
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return slot;
  }

  private run(slot: Slot, pending: PendingPreview): void {
    this.clearTimers(slot);
    slot.running = pending;
    slot.worker.ref();
    slot.deadline = setTimeout(() => void this.stop(slot, timedOut(pending.task, this.timeoutMs)), this.timeoutMs);
    slot.worker.postMessage(pending.task);
  }

  /** The slot's preview has answered: the worker waits for the next one, or ends after idleMs. */
  private release(slot: Slot): void {
    this.clearTimers(slot);
    slot.running = null;
    slot.worker.unref();
    slot.idle = setTimeout(() => void this.stop(slot, null), this.idleMs);
    slot.idle.unref();
    void this.pump();
  }

  /** Ends a worker (and fails its preview with `error`), then lets the queue go on with a fresh one. */
  private async stop(slot: Slot, error: Error | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    this.clearTimers(slot);
    const pending = slot.running;
    slot.running = null;
    if (pending) this.settle(pending, error ?? new ServiceError('The preview was stopped.'));
    void this.pump();
    await slot.worker.terminate();
  }

  private abort(pending: PendingPreview): void {
    const queued = this.queue.indexOf(pending);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      this.settle(pending, cancelled(pending.task));
      return;
    }
    const slot = [...this.slots].find((each) => each.running === pending);
    if (slot) void this.stop(slot, cancelled(pending.task));
  }

  private settle(pending: PendingPreview, error: Error | null, preview?: ImportPreview): void {
    pending.signal?.removeEventListener('abort', pending.onAbort);
    if (error) pending.reject(error);
    else pending.resolve(preview!);
  }

  private clearTimers(slot: Slot): void {
    if (slot.deadline) clearTimeout(slot.deadline);
    if (slot.idle) clearTimeout(slot.idle);
    slot.deadline = null;
    slot.idle = null;
  }
}

function cancelled(request: PreviewRequest): ServiceError {
  return new ServiceError(`The preview of ${request.displayName} was cancelled.`);
}

function timedOut(request: PreviewRequest, timeoutMs: number): ServiceError {
  return new ServiceError(
    `Previewing ${request.displayName} took longer than ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`} and was stopped. Check that it is a CSV file; importing it shows how far reading gets.`,
  );
}
