/**
 * Import benchmark: `npm run bench:import`.
 *
 * Imports, each in a fresh child process (so peak RSS is per import) into a fresh catalog:
 * - the shared 10K Spotify Tracks sample (../shared/data, skipped when absent), 10x concatenated
 *   as well (100K rows) so the timing is not dominated by start-up;
 * - generated files in the TMDb 2023 (v11) schema with 100K and 1M rows (--rows to change the large one).
 * The reference is `sqlite3 .import` of the same file into a plain table, timed in the same run.
 * Targets: at most 2x sqlite3 .import for the Spotify schema; peak memory flat whatever the file size.
 * Writes bench/results/import.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTmdbV11Csv } from '../tests/support/generate-fixtures.js';
import { openDatabase } from '../src/core/db/open-database.js';
import { importFile } from '../src/core/importers/import-file.js';
import { argValue, peakRssMiB, printTable, progressLine, sharedData, tempDir, writeResults } from './support.js';

interface ImportMeasure {
  readonly seconds: number;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly peakRssMiB: number;
}

// Child mode: import one file and report on stdout.
if (process.argv[2] === '--child') {
  const [file, dbFile] = process.argv.slice(3) as [string, string];
  const db = openDatabase(dbFile);
  const started = performance.now();
  const summary = await importFile(db, { file });
  const seconds = (performance.now() - started) / 1000;
  db.close();
  const measure: ImportMeasure = { seconds, rowsRead: summary.counters.rowsRead, rowsImported: summary.counters.rowsImported, peakRssMiB: peakRssMiB() };
  process.stdout.write(JSON.stringify(measure));
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const work = tempDir('crossfade-bench-import-');

function importInChild(file: string): ImportMeasure {
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', file, path.join(work, `catalog-${path.basename(file)}.db`)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`import of ${file} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ImportMeasure;
}

function sqliteImportSeconds(file: string): number {
  const db = path.join(work, `plain-${path.basename(file)}.db`);
  const started = performance.now();
  execFileSync('sqlite3', [db, '.mode csv', `.import '${file.replace(/'/g, "''")}' plain`], { stdio: ['ignore', 'ignore', 'pipe'] });
  return (performance.now() - started) / 1000;
}

/** The file plus (copies - 1) more copies of its data rows: same schema, more rows. */
function repeated(file: string, copies: number): string {
  const [header, ...rest] = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/(?<=\n)/);
  const body = rest.join('');
  const out = path.join(work, `${path.basename(file, '.csv')}-x${copies}.csv`);
  fs.writeFileSync(out, header + body.repeat(copies));
  return out;
}

const largeRows = Number(argValue('rows') ?? 1_000_000);
const cases: { name: string; schema: string; file: string }[] = [];
const spotify = path.join(sharedData, 'spotify-tracks-maharshipandya/dataset_sample_10k_random.csv');
if (fs.existsSync(spotify)) {
  cases.push({ name: 'Spotify Tracks 10K sample', schema: 'spotify', file: spotify });
  cases.push({ name: 'Spotify Tracks sample x10', schema: 'spotify', file: repeated(spotify, 10) });
} else console.log(`Skipping the Spotify sample: ${spotify} not found (../shared is not beside the checkout).`);
for (const rows of [100_000, largeRows]) {
  progressLine(`generating ${rows.toLocaleString('en-US')} TMDb v11 rows`);
  cases.push({ name: `TMDb v11 generated ${rows.toLocaleString('en-US')}`, schema: 'tmdb-v11', file: writeTmdbV11Csv(path.join(work, `tmdb-${rows}.csv`), { rows, seed: 5 }).file });
}

const results = [];
for (const entry of cases) {
  progressLine(`importing ${entry.name}`);
  const measure = importInChild(entry.file);
  progressLine(`sqlite3 .import ${entry.name}`);
  const reference = sqliteImportSeconds(entry.file);
  const sizeMiB = fs.statSync(entry.file).size / 2 ** 20;
  results.push({ ...entry, sizeMiB, ...measure, rowsPerSecond: measure.rowsRead / measure.seconds, sqliteImportSeconds: reference, ratio: measure.seconds / reference });
}

console.log('');
printTable([
  ['file', 'MiB', 'rows', 'seconds', 'rows/s', 'peak RSS MiB', 'sqlite3 .import s', 'ratio'],
  ...results.map((r) => [r.name, r.sizeMiB, r.rowsRead, r.seconds, r.rowsPerSecond, r.peakRssMiB, r.sqliteImportSeconds, `${r.ratio.toFixed(2)}x`]),
]);
console.log('\nTargets: ratio <= 2x for the Spotify schema; peak RSS about the same for 100K and 1M rows.');
fs.rmSync(work, { recursive: true, force: true });
writeResults('import', results);
