import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrate.js';

export type CatalogDatabase = Database.Database;

export interface OpenDatabaseOptions {
  readonly readonly?: boolean;
  /** Path to a better_sqlite3.node built for the current runtime (Electron needs its own ABI build). */
  readonly nativeBinding?: string;
  /**
   * How long a write waits for another connection's write transaction (default 5 s). Background
   * jobs wait much longer: SQLite has one writer at a time, and two imports started together must
   * take turns batch by batch instead of failing with "database is locked".
   */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the catalog at `file`, in WAL mode, and migrates it.
 * WAL with synchronous=NORMAL keeps every committed transaction across a process kill,
 * which is what crash-safe imports rely on.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): CatalogDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  db.pragma('foreign_keys = ON');
  // 64 MiB of page cache (the default is 2 MiB): the songs, FTS and unique-key B-trees an import
  // updates stay in memory, which makes large imports markedly faster; memory stays bounded.
  db.pragma('cache_size = -65536');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    markInterruptedRuns(db);
  }
  return db;
}

/** Runs left 'running' by a process that no longer exists were interrupted (killed or crashed). */
function markInterruptedRuns(db: CatalogDatabase): void {
  const running = db.prepare(`SELECT id, pid FROM import_runs WHERE status = 'running'`).all() as { id: number; pid: number | null }[];
  const mark = db.prepare(
    `UPDATE import_runs SET status = 'interrupted', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
       error = 'The import stopped before it finished (the process was closed or crashed). Run the same import again to complete it.'
     WHERE id = ?`,
  );
  for (const run of running) {
    if (run.pid === null || !isProcessAlive(run.pid)) mark.run(run.id);
  }
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
