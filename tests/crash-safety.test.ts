import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/core/db/open-database.js';
import { importFile } from '../src/core/importers/import-file.js';
import { Prng, writeSpotifyTracksCsv } from './support/generate-fixtures.js';
import { tempDir } from './support/temp.js';

/**
 * Kills a real import process with SIGKILL at three seeded moments and checks what a crash may
 * leave behind. What is exactly provable after a kill:
 *
 * - the database is intact (integrity_check);
 * - the interrupted run's counters only ever describe whole committed batches: it read no
 *   more rows than it imported plus skipped (nothing is skipped in this file), its row count is
 *   a multiple of the batch size, and it is at least what the child reported as committed
 *   before it died (every committed batch survived);
 * - the catalog is exactly the distinct tracks of the first N data rows, N being the most rows
 *   any run committed (every run re-reads the file from the top), so nothing of a half-written
 *   batch is there: songs = sum over runs of (rows imported - merged), and one song_genres
 *   row per data row (the fixture never repeats a track under the same genre);
 * - the next openDatabase marks the run 'interrupted'.
 *
 * The three kills form a chain on one catalog: the first interrupts a fresh import, the second
 * and third interrupt re-runs of the same import that start by merging what is already there.
 * A final re-run completes it: one song per distinct track id, no duplicates. (Three separate
 * catalogs would need three complete imports of the file, about three times as long.)
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const childScript = path.join(repoRoot, 'tests/support/import-child.ts');

const ROWS = 150_000;
const SEED = 20_240_917;
const BATCH_SIZE = 500;
/** Where each kill lands, as a fraction of the file's rows committed by the child. */
const KILL_WINDOWS: readonly (readonly [number, number])[] = [
  [0.03, 0.1],
  [0.25, 0.35],
  [0.5, 0.6],
];

interface KilledChild {
  readonly lastReported: number;
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

/** Starts the import child and SIGKILLs it `delayMs` after it reports `threshold` committed rows. */
function runChildAndKill(dbFile: string, csvFile: string, threshold: number, delayMs: number): Promise<KilledChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dbFile, csvFile, String(BATCH_SIZE)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastReported = 0;
    let killScheduled = false;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const message = JSON.parse(line) as { event: string; committed?: number };
        if (message.event !== 'progress') continue;
        lastReported = message.committed!;
        if (!killScheduled && lastReported >= threshold) {
          killScheduled = true;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ lastReported, signal, code, stderr }));
  });
}

interface RunRow {
  id: number;
  status: string;
  rows_read: number;
  rows_imported: number;
  rows_skipped: number;
  items_added: number;
  items_merged: number;
}

describe('crash safety', () => {
  it('kill -9 at three points keeps every committed batch and nothing partial; a re-run completes without duplicates', async () => {
    const dir = tempDir('crossfade-crash-');
    const csvFile = path.join(dir, 'tracks.csv');
    const dbFile = path.join(dir, 'catalog.db');
    const trackIds: string[] = [];
    const firstSeen: boolean[] = [];
    const fixture = writeSpotifyTracksCsv(csvFile, {
      rows: ROWS,
      seed: SEED,
      onRow: (row) => {
        trackIds.push(row.trackId);
        firstSeen.push(!row.repeat);
      },
    });
    expect(fixture.distinctItems).toBeLessThan(ROWS);

    // Create the catalog first, so that the children only import.
    openDatabase(dbFile).close();
    const rng = new Prng(SEED);
    let committedRows = 0;
    for (const [from, to] of KILL_WINDOWS) {
      const threshold = Math.round((from + rng.next() * (to - from)) * ROWS);
      const delayMs = rng.int(0, 40);
      const child = await runChildAndKill(dbFile, csvFile, threshold, delayMs);
      expect(child.signal, `the child should have been killed, not exit (${child.code}): ${child.stderr}`).toBe('SIGKILL');
      expect(child.lastReported).toBeGreaterThanOrEqual(threshold);

      // Look at the files exactly as the killed process left them (no migrations, no repairs).
      const raw = new Database(dbFile);
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        const runs = raw.prepare(`SELECT * FROM import_runs ORDER BY id`).all() as RunRow[];
        const run = runs.at(-1)!;
        expect(run.status).toBe('running');
        expect(run.rows_skipped).toBe(0);
        expect(run.rows_read).toBe(run.rows_imported);
        expect(run.rows_read % BATCH_SIZE).toBe(0);
        expect(run.rows_read).toBeGreaterThanOrEqual(child.lastReported);
        expect(run.items_added + run.items_merged).toBe(run.rows_imported);
        committedRows = Math.max(committedRows, run.rows_read);

        const songIds = raw.prepare(`SELECT spotify_id FROM songs`).pluck().all() as string[];
        const expected = new Set(trackIds.slice(0, committedRows).filter((_id, index) => firstSeen[index]));
        expect(songIds.length).toBe(runs.reduce((sum, each) => sum + each.rows_imported - each.items_merged, 0));
        expect(songIds.length).toBe(expected.size);
        expect(songIds.every((id) => expected.has(id))).toBe(true);
        expect(raw.prepare(`SELECT count(*) FROM song_genres`).pluck().get()).toBe(committedRows);
        expect(raw.prepare(`SELECT count(*) FROM item_sources WHERE item_kind = 'song'`).pluck().get()).toBe(songIds.length);
        expect(raw.prepare(`SELECT count(*) FROM songs_fts WHERE songs_fts MATCH ?`).pluck().get('"love"*')).toBeGreaterThan(0);
        // Search indexing is deferred to the end of each batch, inside its transaction: never left half done.
        expect(raw.prepare(`SELECT count(*) FROM search_backlog`).pluck().get()).toBe(0);
        raw.prepare(`INSERT INTO songs_fts(songs_fts, rank) VALUES ('integrity-check', 1)`).run();
      } finally {
        raw.close();
      }

      const db = openDatabase(dbFile);
      try {
        const statuses = db.prepare(`SELECT status FROM import_runs ORDER BY id`).pluck().all();
        expect(statuses.at(-1)).toBe('interrupted');
        expect(statuses).not.toContain('running');
      } finally {
        db.close();
      }
    }

    const db = openDatabase(dbFile);
    try {
      const summary = await importFile(db, { file: csvFile, batchSize: BATCH_SIZE });
      expect(summary.status).toBe('completed');
      expect(summary.counters).toMatchObject({ rowsRead: ROWS, rowsImported: ROWS, rowsSkipped: 0 });
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      expect(count(`SELECT count(*) FROM songs`)).toBe(fixture.distinctItems);
      expect(count(`SELECT count(DISTINCT spotify_id) FROM songs`)).toBe(fixture.distinctItems);
      expect(count(`SELECT count(*) FROM song_genres`)).toBe(ROWS);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The FTS index agrees with its content table after all the interrupted batches.
      db.exec(`INSERT INTO songs_fts(songs_fts, rank) VALUES ('integrity-check', 1)`);
    } finally {
      db.close();
    }
  }, 120_000);
});
