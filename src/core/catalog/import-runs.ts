import { itemsChangedByRuns } from './import-journal.js';
import type { ImportRunState } from './import-run-states.js';
import type { CatalogDatabase } from '../db/open-database.js';

export type ImportRunStatus = 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted';

export interface ImportIssue {
  readonly line: number;
  readonly columnName: string | null;
  readonly columnNumber: number | null;
  readonly reason: string;
  readonly excerpt: string | null;
}

export interface ImportRunRow {
  readonly id: number;
  readonly sourceId: number;
  readonly path: string;
  readonly kind: 'songs' | 'movies' | 'posters';
  readonly format: string;
  readonly status: ImportRunStatus;
  readonly encoding: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsSkipped: number;
  readonly itemsAdded: number;
  readonly itemsMerged: number;
  readonly bytesDone: number;
  readonly fileSize: number | null;
  readonly warnings: string[];
  readonly error: string | null;
  /** When the run was undone (it stays in the history), or null. */
  readonly undoneAt: string | null;
}

export interface RunCounters {
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  itemsAdded: number;
  itemsMerged: number;
  bytesDone: number;
}

const RUN_SELECT = `
  SELECT r.id, r.source_id AS sourceId, s.path, s.kind, s.format, r.status, r.encoding, r.started_at AS startedAt,
         r.finished_at AS finishedAt, r.rows_read AS rowsRead, r.rows_imported AS rowsImported, r.rows_skipped AS rowsSkipped,
         r.items_added AS itemsAdded, r.items_merged AS itemsMerged, r.bytes_done AS bytesDone, r.file_size AS fileSize,
         r.warnings_json AS warningsJson, r.error, r.undone_at AS undoneAt
  FROM import_runs r JOIN sources s ON s.id = r.source_id`;

type RawRun = Omit<ImportRunRow, 'warnings'> & { warningsJson: string };

function toRun(raw: RawRun): ImportRunRow {
  const { warningsJson, ...rest } = raw;
  return { ...rest, warnings: JSON.parse(warningsJson) as string[] };
}

/** Bookkeeping for sources, import runs and their skipped-row reports. */
export class ImportRuns {
  private readonly insertIssue;
  private readonly saveCounters;

  constructor(private readonly db: CatalogDatabase) {
    this.insertIssue = db.prepare(`INSERT INTO import_issues(import_run_id, line, column_name, column_number, reason, excerpt) VALUES (?, ?, ?, ?, ?, ?)`);
    this.saveCounters = db.prepare(`
      UPDATE import_runs SET rows_read = @rowsRead, rows_imported = @rowsImported, rows_skipped = @rowsSkipped,
        items_added = @itemsAdded, items_merged = @itemsMerged, bytes_done = @bytesDone WHERE id = @id`);
  }

  ensureSource(path: string, kind: 'songs' | 'movies' | 'posters', format: string): number {
    this.db.prepare(`INSERT INTO sources(path, kind, format) VALUES (?, ?, ?) ON CONFLICT(path, format) DO NOTHING`).run(path, kind, format);
    return this.db.prepare(`SELECT id FROM sources WHERE path = ? AND format = ?`).pluck().get(path, format) as number;
  }

  start(sourceId: number, details: { encoding: string | null; fileSize: number | null; fileMtimeMs: number | null }): number {
    const result = this.db
      .prepare(`INSERT INTO import_runs(source_id, status, encoding, file_size, file_mtime_ms, pid) VALUES (?, 'running', ?, ?, ?, ?)`)
      .run(sourceId, details.encoding, details.fileSize, details.fileMtimeMs, process.pid);
    return Number(result.lastInsertRowid);
  }

  /** Call inside the batch's transaction, so counters never run ahead of committed rows. */
  recordProgress(runId: number, counters: RunCounters, issues: readonly ImportIssue[]): void {
    for (const issue of issues) {
      this.insertIssue.run(runId, issue.line, issue.columnName, issue.columnNumber, issue.reason, issue.excerpt);
    }
    this.saveCounters.run({ ...counters, id: runId });
  }

  finish(runId: number, status: Exclude<ImportRunStatus, 'running'>, warnings: readonly string[], error: string | null = null): void {
    this.db
      .prepare(`UPDATE import_runs SET status = ?, warnings_json = ?, error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`)
      .run(status, JSON.stringify(warnings), error, runId);
  }

  get(runId: number): ImportRunRow | null {
    const raw = this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(runId) as RawRun | undefined;
    return raw ? toRun(raw) : null;
  }

  list(limit = 50): ImportRunRow[] {
    return (this.db.prepare(`${RUN_SELECT} ORDER BY r.id DESC LIMIT ?`).all(limit) as RawRun[]).map(toRun);
  }

  issues(runId: number, limit = 1000, offset = 0): ImportIssue[] {
    return this.db
      .prepare(
        `SELECT line, column_name AS columnName, column_number AS columnNumber, reason, excerpt
         FROM import_issues WHERE import_run_id = ? ORDER BY line, id LIMIT ? OFFSET ?`,
      )
      .all(runId, limit, offset) as ImportIssue[];
  }
}

/**
 * The items of `kind` that imports added, or changed by merging, between two states of the runs
 * (what a cache recorded, and now), from the runs' journals: an item merged with the values it
 * had (a file imported again) is left out (itemsChangedByRuns). Null when that cannot be known: a
 * run since was undone (its journal goes with it), is still running or kept no journal, or a run
 * recorded before is gone.
 */
export function itemsImportedSince(
  db: CatalogDatabase,
  kind: 'song' | 'movie',
  before: readonly ImportRunState[],
  now: readonly ImportRunState[],
): Set<number> | null {
  const changed = journaledRunsChangedSince(db, before, now);
  if (!changed || changed.some(([, , , undoneAt]) => undoneAt !== null)) return null;
  return itemsChangedByRuns(
    db,
    kind,
    changed.map((run) => run[0]),
  );
}

/**
 * The runs changed between two states of the runs (runsChangedSince) when their journals hold
 * what they changed: null when a run recorded before is gone, or a run since is still running or
 * kept no journal. Undone runs are listed: their journal went with the undo, and what that means
 * is the caller's to say.
 */
export function journaledRunsChangedSince(db: CatalogDatabase, before: readonly ImportRunState[], now: readonly ImportRunState[]): ImportRunState[] | null {
  const changed = runsChangedSince(before, now);
  if (!changed || changed.some(([, status]) => status === 'running')) return null;
  const unjournaled = db
    .prepare(`SELECT count(*) FROM import_runs WHERE journaled = 0 AND id IN (SELECT value FROM json_each(?))`)
    .pluck()
    .get(JSON.stringify(changed.map((run) => run[0])));
  return unjournaled === 0 ? changed : null;
}

/**
 * The runs whose state differs between two states of the runs (what a cache or a build recorded,
 * and now): added, finished, cancelled or undone since. Null when a run recorded before is gone.
 */
export function runsChangedSince(before: readonly ImportRunState[], now: readonly ImportRunState[]): ImportRunState[] | null {
  const states = new Map(before.map((run) => [run[0], JSON.stringify(run)]));
  const nowIds = new Set(now.map((run) => run[0]));
  if ([...states.keys()].some((id) => !nowIds.has(id))) return null;
  return now.filter((run) => states.get(run[0]) !== JSON.stringify(run));
}
