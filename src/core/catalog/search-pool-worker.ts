import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open-database.js';
import { buildPoolImage, type PoolKind } from './search.js';

/** What the pool worker is started with (search-pool-client.ts). */
export interface PoolWorkerInput {
  readonly databasePath: string;
  readonly kind: PoolKind;
  readonly size: number;
  readonly nativeBinding?: string;
}

// Builds one popular pool from its own read-only connection and posts its image (search.ts).
const { databasePath, kind, size, nativeBinding } = workerData as PoolWorkerInput;
const db = openDatabase(databasePath, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
try {
  const pool = buildPoolImage(db, kind, size);
  parentPort!.postMessage(pool, [pool.ids.buffer as ArrayBuffer]);
} finally {
  db.close();
}
