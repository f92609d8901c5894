import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { locateWorkerScript, startWorker, type WorkerScript } from '../workers/start-worker.js';
import type { RangeResult, RangeScan } from './quantized.js';
import type { StorageLayout } from './storage.js';

/** Messages to a scan worker. */
export type WorkerRequest =
  | { type: 'storage'; memory: WebAssembly.Memory; module: WebAssembly.Module; layout: StorageLayout }
  | { type: 'scan'; id: number; scan: RangeScan; slot: number }
  | { type: 'quantize'; id: number; start: number; end: number }
  | { type: 'read'; id: number; fd: number; position: number; offset: number; bytes: number; countAt?: number };

/** Messages from a scan worker. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; results: RangeResult[] }
  | { type: 'quantized'; id: number; badRow: number }
  | { type: 'read'; id: number }
  | { type: 'error'; id: number; message: string };

/**
 * Finds scan.worker next to `base` (this module's URL by default): `scan.worker.js` after a
 * build, else `scan.worker.ts` when running from source (vitest, tsx). Null if neither exists
 * (the engine then scans on the calling thread).
 */
export function scanWorkerScript(base: string | URL = import.meta.url): WorkerScript | null {
  const url = new URL(base);
  if (url.protocol !== 'file:') return null;
  return locateWorkerScript([path.dirname(fileURLToPath(url))], 'scan.worker');
}

export function spawnScanWorker(script: WorkerScript): Worker {
  return startWorker(script, { execArgv: [...process.execArgv] });
}

interface Pending {
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

class PooledWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  failure: Error | null = null;

  constructor(worker: Worker, onFailure: (error: Error) => void) {
    this.worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') return;
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.type === 'error') pending.reject(new Error(`scan worker: ${reply.message}`));
      else pending.resolve(reply);
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      onFailure(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`scan worker exited (code ${code})`)));
  }

  request(message: WorkerRequest & { id: number }): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(message);
    });
  }
}

/** A fixed set of scan workers sharing the engine's memory. */
export class ScanPool {
  private readonly workers: PooledWorker[];
  private nextId = 1;
  private closed = false;
  /** The first worker failure (the pool is unusable after one). */
  failure: Error | null = null;

  private constructor(workers: PooledWorker[]) {
    this.workers = workers;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Starts `size` workers on a storage and waits until each has loaded its code. */
  static async start(
    size: number,
    script: WorkerScript,
    storage: { memory: WebAssembly.Memory; module: WebAssembly.Module; layout: StorageLayout },
    timeoutMs = 60_000,
  ): Promise<ScanPool> {
    const pool = new ScanPool([]);
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = spawnScanWorker(script);
      ready.push(
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('scan worker did not start in time')), timeoutMs);
          timer.unref();
          worker.once('message', (reply: WorkerReply) => {
            clearTimeout(timer);
            if (reply.type === 'ready') resolve();
            else reject(new Error(`scan worker sent ${reply.type} before ready`));
          });
          worker.once('error', (error) => {
            clearTimeout(timer);
            reject(error);
          });
        }),
      );
      pool.workers.push(new PooledWorker(worker, (error) => (pool.failure ??= error)));
      worker.postMessage({ type: 'storage', ...storage } satisfies WorkerRequest);
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      await pool.close();
      throw error;
    }
    for (const w of pool.workers) w.worker.unref();
    return pool;
  }

  /** Points every worker at a new storage (queued before any later request). */
  setStorage(storage: { memory: WebAssembly.Memory; module: WebAssembly.Module; layout: StorageLayout }): void {
    for (const w of this.workers) w.worker.postMessage({ type: 'storage', ...storage } satisfies WorkerRequest);
  }

  /** Each of the scan's queries' top k of its range (see scanRange). */
  async scan(worker: number, scan: RangeScan): Promise<RangeResult[]> {
    // worker i uses candidate slot i + 1 (slot 0 is the calling thread's)
    const reply = await this.workers[worker]!.request({ type: 'scan', id: this.nextId++, scan, slot: worker + 1 });
    if (reply.type !== 'result') throw new Error(`unexpected scan reply ${reply.type}`);
    return reply.results;
  }

  /** Quantises rows [start, end) on a worker; resolves to the first non-finite row or -1. */
  async quantize(worker: number, start: number, end: number): Promise<number> {
    const reply = await this.workers[worker]!.request({ type: 'quantize', id: this.nextId++, start, end });
    if (reply.type !== 'quantized') throw new Error(`unexpected quantize reply ${reply.type}`);
    return reply.badRow;
  }

  /** Reads `bytes` bytes of the open file `fd` at `position` into the shared memory at byte `offset`, on a worker (see ChunkReader). */
  async read(worker: number, fd: number, position: number, offset: number, bytes: number, countAt?: number): Promise<void> {
    const reply = await this.workers[worker]!.request({
      type: 'read',
      id: this.nextId++,
      fd,
      position,
      offset,
      bytes,
      ...(countAt !== undefined ? { countAt } : {}),
    });
    if (reply.type !== 'read') throw new Error(`unexpected read reply ${reply.type}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= new Error('scan pool closed');
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
