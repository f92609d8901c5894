/**
 * Import benchmark: `npm run bench:import` (node --import tsx bench/import.bench.ts).
 *
 * Files, each imported with importFile into a fresh catalog (openDatabase runs the migrations) in
 * its own child process, so the peak RSS of one import is not mixed with another's:
 * - the shared 10K Spotify Tracks sample (../shared/data; skipped with a message when absent),
 *   best of 3 because it takes well under a second;
 * - a generated 100K-row file in the Spotify Tracks schema (real-looking repeats across genres);
 * - generated files in the TMDb 2023 (v11) schema with 100K and 1M rows (--rows N for the large one).
 * The reference is `sqlite3 <tmp.db> .mode csv .import <file> plain` (a plain table of text
 * columns, no parsing, validation or indexes), timed in the same run; the ratio is import / sqlite3.
 * A third measure, "csv-parse only", reads the same file through the importer's CSV layer
 * (encoding detection, decoding, csv-parse) without validating or writing anything, in a fresh
 * process too: it is the floor any import built on csv-parse can reach.
 * Targets: ratio <= 2x for the Spotify schema; peak RSS flat whatever the file size, checked as no
 * growth from the first to the second half of the largest import (the 100K-vs-1M peaks are printed too).
 * Writes bench/results/import.json. Generated files are deterministic (seeded PRNG) and deleted after.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/core/db/open-database.js';
import { readCsvRecords } from '../src/core/importers/csv-records.js';
import { importFile } from '../src/core/importers/import-file.js';
import { detectFileEncoding } from '../src/core/text/detect-encoding.js';
import { TMDB_V11_HEADER, tmdbV11Lines, writeSpotifyTracksCsv } from '../tests/support/generate-fixtures.js';
import { argValue, printTable, progressLine, RssSampler, sharedData, tempDir, times, verdict, writeLinesInChunks, writeResults } from './support.js';

const SQLITE3 = '/usr/bin/sqlite3';

interface ChildMeasure {
  readonly seconds: number;
  readonly rowsRead: number;
  readonly rowsImported: number;
  /** RSS after start-up and openDatabase, before the import. */
  readonly startRssMiB: number;
  readonly sampledPeakMiB: number;
  readonly maxRssMiB: number;
}

/** A child's RSS peaks, sampled by this process, in the first and the second half of the child's life. */
interface RssHalves {
  readonly firstHalfPeakMiB: number;
  readonly secondHalfPeakMiB: number;
}

/** What one import in a child measured, with its RSS halves as this process sampled them. */
type ImportMeasure = ChildMeasure & { readonly rss: RssHalves | null };

interface Case {
  readonly name: string;
  readonly schema: 'spotify' | 'tmdb-v11';
  readonly file: string;
  readonly repeat: number;
}

// ---------------------------------------------------------------- child: one import, JSON on stdout

async function child(file: string, dbFile: string): Promise<void> {
  const db = openDatabase(dbFile);
  const startRssMiB = process.memoryUsage.rss() / 2 ** 20;
  const sampler = new RssSampler(50);
  let lastPrinted = performance.now();
  const started = performance.now();
  const summary = await importFile(db, {
    file,
    onProgress: (progress) => {
      if (performance.now() - lastPrinted < 2000) return;
      lastPrinted = performance.now();
      progressLine(
        `  ${progress.done.toLocaleString('en-US')} rows, ${Math.round(progress.ratePerSecond).toLocaleString('en-US')} rows/s, RSS ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MiB`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const memory = sampler.stop();
  db.close();
  const measure: ChildMeasure = { seconds, rowsRead: summary.counters.rowsRead, rowsImported: summary.counters.rowsImported, startRssMiB, ...memory };
  process.stdout.write(`${JSON.stringify(measure)}\n`);
}

/** Tokenizes the file the way importFile does (encoding detection, decoding, csv-parse), writing nothing. */
async function parseOnlyChild(file: string): Promise<void> {
  const started = performance.now();
  const guess = await detectFileEncoding(file);
  let records = 0;
  for await (const entry of readCsvRecords(file, { encoding: guess.encoding, delimiter: ',' })) if (!('skipped' in entry)) records++;
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, records })}\n`);
}

// ---------------------------------------------------------------- parent

/**
 * Samples another process's RSS (VmRSS in /proc/<pid>/status, Linux) every 50 ms. Sampled from
 * here because this process idles meanwhile: the importing process itself runs its timers only
 * when its event loop gets a turn, which a fast import rarely gives it. Null where /proc is absent.
 */
function sampleRssOf(pid: number): () => RssHalves | null {
  const samples: { atMs: number; kib: number }[] = [];
  const started = performance.now();
  const read = () => {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) samples.push({ atMs: performance.now() - started, kib: Number(match[1]) });
    } catch {
      // the process has exited, or this is not Linux
    }
  };
  const timer = setInterval(read, 50);
  return () => {
    clearInterval(timer);
    if (samples.length < 2) return null;
    const half = samples.at(-1)!.atMs / 2;
    const peak = (inHalf: (atMs: number) => boolean) => samples.reduce((max, sample) => (inHalf(sample.atMs) ? Math.max(max, sample.kib) : max), 0) / 1024;
    return { firstHalfPeakMiB: peak((atMs) => atMs < half), secondHalfPeakMiB: peak((atMs) => atMs >= half) };
  };
}

interface RunResult {
  readonly stdout: string;
  readonly seconds: number;
  /** Only when asked for with `sampleRss`. */
  readonly rss: RssHalves | null;
}

/** Runs a process, passing its stderr through and printing "still running" every few seconds; resolves with stdout and wall time. */
function run(command: string, args: readonly string[], label: string, sampleRss = false): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stopSampling = sampleRss && proc.pid !== undefined ? sampleRssOf(proc.pid) : () => null;
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    const ticker = setInterval(() => progressLine(`  ${label}: ${((performance.now() - started) / 1000).toFixed(0)} s`), 5000);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearInterval(ticker);
      const rss = stopSampling();
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ stdout, seconds, rss });
      else reject(new Error(`${label} failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join('\n')}`));
    });
  });
}

const self = fileURLToPath(import.meta.url);

async function importInChild(file: string, work: string): Promise<ImportMeasure> {
  const dbFile = path.join(work, `catalog-${Date.now()}.db`);
  try {
    const { stdout, rss } = await run(process.execPath, [...process.execArgv, self, '--child', file, dbFile], 'import', true);
    return { ...(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildMeasure), rss };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  }
}

async function parseOnlySeconds(file: string): Promise<number> {
  const { stdout } = await run(process.execPath, [...process.execArgv, self, '--parse-only', file], 'csv-parse only');
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { seconds: number }).seconds;
}

async function sqliteImportSeconds(file: string, work: string): Promise<number> {
  if (/['"\s]/.test(file)) throw new Error(`the sqlite3 reference needs a path without quotes or spaces: ${file}`);
  const dbFile = path.join(work, `plain-${Date.now()}.db`);
  try {
    return (await run(SQLITE3, [dbFile, '.mode csv', `.import ${file} plain`], 'sqlite3 .import')).seconds;
  } finally {
    fs.rmSync(dbFile, { force: true });
  }
}

/** Writes `rows` generated TMDb v11 rows (seeded, so identical every run) in ~1 MB chunks. */
function writeTmdb(file: string, rows: number): void {
  writeLinesInChunks(
    file,
    TMDB_V11_HEADER,
    tmdbV11Lines({ rows, seed: 5 }),
    (done) => `  generated ${done.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows`,
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!);
  if (process.argv[2] === '--parse-only') return parseOnlyChild(process.argv[3]!);
  if (!fs.existsSync(SQLITE3)) {
    console.log(`bench:import skipped: ${SQLITE3} not found (apt-get install sqlite3); it is the reference every ratio needs.`);
    return;
  }
  const largeRows = Number(argValue('rows') ?? 1_000_000);
  const work = tempDir('crossfade-bench-import-');
  const cases: Case[] = [];
  const spotify = path.join(sharedData, 'spotify-tracks-maharshipandya/dataset_sample_10k_random.csv');
  if (fs.existsSync(spotify)) cases.push({ name: 'Spotify Tracks 10K sample (shared)', schema: 'spotify', file: spotify, repeat: 3 });
  else console.log(`Skipping the Spotify 10K sample: ${spotify} not found (../shared is not beside the checkout).`);
  progressLine('generating 100,000 Spotify Tracks rows');
  cases.push({
    name: 'Spotify Tracks generated 100K',
    schema: 'spotify',
    file: writeSpotifyTracksCsv(path.join(work, 'spotify-100000.csv'), { rows: 100_000, seed: 4 }).file,
    repeat: 1,
  });
  for (const rows of [100_000, largeRows]) {
    progressLine(`generating ${rows.toLocaleString('en-US')} TMDb v11 rows`);
    const file = path.join(work, `tmdb-${rows}.csv`);
    writeTmdb(file, rows);
    cases.push({ name: `TMDb v11 generated ${rows.toLocaleString('en-US')}`, schema: 'tmdb-v11', file, repeat: 1 });
  }

  const results = [];
  try {
    for (const entry of cases) {
      let best: ImportMeasure | null = null;
      let reference = Infinity;
      let parseOnly = Infinity;
      for (let attempt = 0; attempt < entry.repeat; attempt++) {
        progressLine(`importFile: ${entry.name}${entry.repeat > 1 ? ` (run ${attempt + 1} of ${entry.repeat})` : ''}`);
        const measure = await importInChild(entry.file, work);
        if (!best || measure.seconds < best.seconds) best = measure;
        progressLine(`sqlite3 .import: ${entry.name}`);
        reference = Math.min(reference, await sqliteImportSeconds(entry.file, work));
        progressLine(`csv-parse only: ${entry.name}`);
        parseOnly = Math.min(parseOnly, await parseOnlySeconds(entry.file));
      }
      const sizeMiB = fs.statSync(entry.file).size / 2 ** 20;
      results.push({
        ...entry,
        sizeMiB,
        ...best!,
        rowsPerSecond: best!.rowsRead / best!.seconds,
        sqliteSeconds: reference,
        sqliteRowsPerSecond: best!.rowsRead / reference,
        ratio: best!.seconds / reference,
        parseOnlySeconds: parseOnly,
        parseOnlyRatio: parseOnly / reference,
      });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  console.log('');
  printTable([
    [
      'file',
      'MiB',
      'rows read',
      'imported',
      'seconds',
      'rows/s',
      'RSS start MiB',
      'peak RSS MiB',
      'sqlite3 s',
      'sqlite3 rows/s',
      'import / sqlite3',
      'csv-parse only s',
      'csv-parse only / sqlite3',
    ],
    ...results.map((r) => [
      r.name,
      r.sizeMiB,
      r.rowsRead,
      r.rowsImported,
      r.seconds,
      r.rowsPerSecond,
      r.startRssMiB,
      r.maxRssMiB,
      r.sqliteSeconds,
      r.sqliteRowsPerSecond,
      times(r.ratio),
      r.parseOnlySeconds,
      times(r.parseOnlyRatio),
    ]),
  ]);
  console.log('\npeak RSS = getrusage maxrss of the importing child (whole process); the 50 ms RSS samples are in the JSON.');
  for (const r of results.filter((result) => result.schema === 'spotify'))
    console.log(`Target <= 2x sqlite3 .import, ${r.name}: ${times(r.ratio)}, ${verdict(r.ratio <= 2)} (csv-parse alone: ${times(r.parseOnlyRatio)}).`);
  const tmdb = results.filter((r) => r.schema === 'tmdb-v11');
  const [small, large] = [tmdb[0], tmdb.at(-1)];
  if (small && large && small !== large) {
    const growth = large.maxRssMiB - small.maxRssMiB;
    console.log(
      `Peak RSS ${small.maxRssMiB.toFixed(0)} MiB at ${small.rowsRead.toLocaleString('en-US')} rows, ${large.maxRssMiB.toFixed(0)} MiB at ${large.rowsRead.toLocaleString('en-US')} rows ` +
        `(${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MiB for ${(large.rowsRead / small.rowsRead).toFixed(0)}x the rows; part of it is SQLite's page cache, capped at 64 MiB, which a 100K-row catalog does not fill).`,
    );
  }
  if (large?.rss) {
    // Flat means no growth once the import is under way: the second half of the largest import
    // may not peak more than 10% above its first half, by the end of which every cache is full.
    const { firstHalfPeakMiB: first, secondHalfPeakMiB: second } = large.rss;
    console.log(
      `Memory flat, ${large.name}: RSS peak ${first.toFixed(0)} MiB in the first half of the import, ${second.toFixed(0)} MiB in the second ` +
        `(${second >= first ? '+' : ''}${(second - first).toFixed(0)} MiB, sampled every 50 ms): ${verdict(second <= 1.1 * first)} (at most +10%).`,
    );
  }
  writeResults('import', results);
}

await main();
