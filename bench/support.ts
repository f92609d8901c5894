/** Helpers shared by the bench/ scripts: timing statistics, memory, seeded data, result files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogDatabase } from '../src/core/db/open-database.js';
import type { VibeIndex } from '../src/core/recommend/vibe-index.js';
import type { RecommendQuery } from '../src/shared/recommend-schemas.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sharedData = path.resolve(repoRoot, '../shared/data');

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Timing {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly runs: number;
}

export function timing(samples: readonly number[]): Timing {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), runs: samples.length };
}

/** Peak resident set size of this process so far, in MiB (getrusage maxrss). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The same seeded generator as the evaluation's, so benchmark data is identical on every run. */
export { seededRandom } from '../src/core/random.js';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export function printTable(rows: readonly (readonly (string | number)[])[]): void {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  for (const row of cells) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function machine(): string {
  return `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** Writes bench/results/<name>.json (gitignored) and says where. */
export function writeResults(name: string, results: unknown): void {
  const dir = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ machine: machine(), at: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), file)}`);
}

export function progressLine(message: string): void {
  process.stderr.write(`… ${message}\n`);
}

/** Formats a ratio as "1.23x". */
export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '-';
}

/** "met" or "MISSED", for target lines. */
export function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

/**
 * Prints a progress line at most every `everyMs` (call it as often as you like from a loop; the
 * message is only built when it is printed). Synchronous loops cannot rely on timers, so this
 * checks the clock instead.
 */
export function throttledProgress(everyMs = 2000): (message: () => string) => void {
  let last = performance.now();
  return (message) => {
    const now = performance.now();
    if (now - last < everyMs) return;
    last = now;
    progressLine(message());
  };
}

/**
 * Samples this process's resident set size every `intervalMs` (timers only fire between
 * asynchronous steps, so getrusage maxrss, which the kernel keeps exactly, is reported too).
 */
export class RssSampler {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops sampling; returns the sampled peak and the kernel's maxrss, in MiB. */
  stop(): { sampledPeakMiB: number; maxRssMiB: number } {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return { sampledPeakMiB: this.peak / 2 ** 20, maxRssMiB: peakRssMiB() };
  }
}

/** Milliseconds `run` takes, with its result. */
export function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

export async function timedAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

/** Every prefix of the texts up to `maxTyped` characters, as typed (one query per keystroke), until `count` keystrokes. */
export function keystrokes(texts: readonly string[], count: number, maxTyped: number): string[] {
  const out: string[] = [];
  for (const text of texts) {
    for (let end = 1; end <= Math.min(text.length, maxTyped) && out.length < count; end++) {
      const prefix = text.slice(0, end);
      if (prefix.trim() !== '') out.push(prefix);
    }
    if (out.length >= count) break;
  }
  return out;
}

/**
 * What the Discover screen sends in one session, each a new request: picks (from the given
 * song and movie ids), then slider moves, filter toggles, blend mode, diversity and the other target.
 */
export function discoverSession(songIds: readonly number[], movieIds: readonly number[], index: number): RecommendQuery[] {
  const picks = [
    { kind: 'song' as const, id: songIds[index % songIds.length]! },
    { kind: 'song' as const, id: songIds[(index + 7) % songIds.length]! },
    { kind: 'movie' as const, id: movieIds[index % movieIds.length]! },
  ];
  const base: RecommendQuery = { picks, target: 'movie', k: 30 };
  return [
    base,
    ...[0.2, 0.35, 0.5, 0.65, 0.8].map((mood) => ({ ...base, weights: { mood, genre: 0.3, language: 0.1, popularity: 0.05, visual: 0.15 } })),
    { ...base, filters: { yearMin: 1990, yearMax: 2010 } },
    { ...base, filters: { minVotes: 100 } },
    { ...base, mode: 'blend' as const },
    { ...base, diversity: 0.7 },
    { ...base, target: 'song' as const },
  ];
}

/** Milliseconds each input took, in input order, running them one after another. */
export async function timeEach<T>(inputs: readonly T[], run: (input: T) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (const input of inputs) {
    const started = performance.now();
    await run(input);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * The model inputs for the decoded posters, in batches of `batchSize` images, `chunkBatches`
 * batches to a chunk: the poster benches build a chunk's tensors untimed (here), then time the
 * chunk's inference as one. Preprocess is imported here so a bench that does not call this does not load it.
 */
export async function* modelInputChunks(
  images: readonly Uint8Array[],
  batchSize: number,
  chunkBatches: number,
): AsyncGenerator<{ tensor: Float32Array; count: number }[]> {
  const { IMAGE_TENSOR_LENGTH, writeModelInput } = await import('../src/core/posters/embedding/preprocess.js');
  for (let start = 0; start < images.length; start += chunkBatches * batchSize) {
    const tensors: { tensor: Float32Array; count: number }[] = [];
    for (let b = start; b < Math.min(images.length, start + chunkBatches * batchSize); b += batchSize) {
      const batch = images.slice(b, b + batchSize);
      const tensor = new Float32Array(batch.length * IMAGE_TENSOR_LENGTH);
      batch.forEach((rgb, slot) => writeModelInput(rgb, tensor, slot));
      tensors.push({ tensor, count: batch.length });
    }
    yield tensors;
  }
}

/**
 * Writes a header line and then generated lines to `file` in ~1 MB chunks (so millions of rows
 * never sit in memory at once), calling `onLine` for each line and `progressMessage` now and then.
 */
export function writeLinesInChunks<T extends { readonly index: number; readonly line: string }>(
  file: string,
  header: string,
  lines: Iterable<T>,
  progressMessage: (done: number) => string,
  onLine: (item: T) => void = () => {},
): void {
  const fd = fs.openSync(file, 'w');
  const progress = throttledProgress();
  let parts: string[] = [`${header}\n`];
  let pending = 0;
  try {
    for (const item of lines) {
      onLine(item);
      parts.push(item.line, '\n');
      pending += item.line.length + 1;
      if (pending < 1 << 20) continue;
      fs.writeSync(fd, parts.join(''));
      parts = [];
      pending = 0;
      progress(() => progressMessage(item.index + 1));
    }
    fs.writeSync(fd, parts.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The reference for the Discover benches: milliseconds of the bare engine top-k alone for each
 * request's profile (no filters, explanations or cards); the query vector is built untimed.
 * The vibe modules are imported here, not at the top, so a bench that does not call this does not load them.
 */
export async function timeBareTopK(index: VibeIndex, requests: readonly RecommendQuery[]): Promise<number[]> {
  const { reweightQuery } = await import('../src/core/vibe/encode.js');
  const { meanProfile } = await import('../src/core/vibe/profile.js');
  const { normaliseWeights } = await import('../src/core/vibe/weights.js');
  const samples: number[] = [];
  for (const request of requests) {
    const vectors = request.picks.map((pick) => index.of(pick.kind).vectorOf(index.of(pick.kind).rowOf(pick.id)));
    const query = reweightQuery(meanProfile(vectors, index.model), index.model, normaliseWeights({ ...index.model.weights, ...request.weights }));
    const started = performance.now();
    await index.of(request.target).engine.search({ vector: query, k: request.k ?? 24 });
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Milliseconds per input, in input order, after a warm-up on the first five (statement and page cache). */
export function timeEachWarm(inputs: readonly string[], run: (text: string) => unknown): number[] {
  for (const text of inputs.slice(0, 5)) run(text);
  return inputs.map((text) => {
    const started = performance.now();
    run(text);
    return performance.now() - started;
  });
}

/**
 * The search benches' reference: a full LIKE scan for the typed text (the columns the search
 * covers, the same order and limit); % and _ in the typed text are escaped so they match themselves.
 */
export function likeScans(db: CatalogDatabase, limit: number): { songs: (text: string) => unknown[]; movies: (text: string) => unknown[] } {
  const songs = db.prepare(
    `SELECT id FROM songs WHERE title LIKE @text ESCAPE '\\' OR artists LIKE @text ESCAPE '\\' OR album LIKE @text ESCAPE '\\' ORDER BY popularity DESC LIMIT ${limit}`,
  );
  const movies = db.prepare(
    `SELECT id FROM movies WHERE title LIKE @text ESCAPE '\\' OR original_title LIKE @text ESCAPE '\\' ORDER BY vote_count DESC LIMIT ${limit}`,
  );
  const like = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return { songs: (text) => songs.all({ text: like(text) }), movies: (text) => movies.all({ text: like(text) }) };
}

/** "Load average before: 0.52 0.61 0.70" and a blank line, for a bench's header. */
export function loadAverageLine(): string {
  return `Load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`;
}
