/**
 * Runs one import in its own process, for tests and benchmarks that must kill it or measure it:
 *
 *   node --import tsx tests/support/import-child.ts <db> <csv> [batchSize]
 *
 * Prints one JSON object per line on stdout:
 *   {"event":"progress","committed":<rows>}   after committed batches (at most ~10 per second)
 *   {"event":"done","summary":{...},"wallMs":..,"cpuMs":..,"maxRssBytes":..,"vmHwmBytes":..}
 * "committed" is only printed after the batch's transaction has committed, so every row it
 * reports must survive a kill -9.
 */
import fs from 'node:fs';
import { openDatabase } from '../../src/core/db/open-database.js';
import { importFile } from '../../src/core/importers/import-file.js';

const [dbFile, csvFile, batchArgument] = process.argv.slice(2);
if (!dbFile || !csvFile) {
  console.error('usage: import-child.ts <db> <csv> [batchSize]');
  process.exit(2);
}

const print = (line: object) => fs.writeSync(1, `${JSON.stringify(line)}\n`);

const db = openDatabase(dbFile);
const started = performance.now();
const cpuStart = process.cpuUsage();
const summary = await importFile(db, {
  file: csvFile,
  ...(batchArgument ? { batchSize: Number(batchArgument) } : {}),
  // Called right after a batch commits; its `done` is then the number of rows committed.
  onProgress: (progress) => {
    if (progress.phase === 'importing') print({ event: 'progress', committed: progress.done });
  },
});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
db.close();
print({
  event: 'done',
  summary: { runId: summary.runId, status: summary.status, format: summary.format.id, encoding: summary.encoding.encoding, counters: summary.counters },
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  // Peak resident memory of this process: Linux reports ru_maxrss in KB.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  vmHwmBytes: readVmHwm(),
});

function readVmHwm(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
