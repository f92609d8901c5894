/// <reference types="electron-vite/node" />
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkerScript, startWorker } from '../workers/start-worker.js';
import type { PoolBuilder, PoolImage } from './search.js';
import type { PoolWorkerInput } from './search-pool-worker.js';

/** search-pool-worker.js/.ts beside this module, or the chunk electron-vite emits for it. */
function poolWorkerScript() {
  return findWorkerScript(
    path.dirname(fileURLToPath(import.meta.url)),
    'search-pool-worker',
    async () => (await import('./search-pool-worker.js?modulePath')).default,
  );
}

/** A PoolBuilder that builds each pool in a worker thread over its own read-only connection to `databasePath`. */
export function poolBuilderInWorkers(databasePath: string, nativeBinding?: string): PoolBuilder {
  return (kind, size) => {
    let cancelled = false;
    let stop: (() => Promise<number>) | null = null;
    const result = (async (): Promise<PoolImage> => {
      const script = await poolWorkerScript();
      if (cancelled) throw new Error('The search pool build was cancelled.');
      const worker = startWorker(script, { workerData: { databasePath, kind, size, ...(nativeBinding ? { nativeBinding } : {}) } satisfies PoolWorkerInput });
      stop = () => worker.terminate();
      return await new Promise<PoolImage>((resolve, reject) => {
        worker.once('message', (pool: PoolImage) => resolve(pool));
        worker.once('error', (error) => reject(new Error(`The search pool of ${kind} could not be built: ${error.message}`)));
        worker.once('exit', (code) => reject(new Error(`The search pool worker stopped (exit code ${code}) before it answered.`)));
      });
    })();
    return {
      result,
      cancel() {
        cancelled = true;
        void stop?.();
      },
    };
  };
}
