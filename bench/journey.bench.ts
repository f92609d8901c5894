/**
 * The full journey: `npm run bench:journey` (node --import tsx bench/journey.bench.ts [--scale 0.1]).
 *
 * From a million movies and a million songs to the first recommendation, every stage in one run,
 * each in its own child process (so its peak RSS and CPU time are its own) and each next to a real
 * peer measured in the same run on the same data:
 *   1. import both files (importFile)          vs sqlite-utils insert --csv + enable-fts on the same
 *                                                 columns, and csv-parse alone (the parse floor)
 *   2. link the posters (scanPosterFolder)      vs listing the folder (readdir + stat)
 *   3. embed the posters (embedPosters)         vs raw ONNX Runtime on the same images and layout
 *   4. build the vibe space (full build +       vs a plain pass reading the rows the build reads
 *      snapshots, as the app's build job does)     from SQLite
 *   5. start the app (createServices) until     vs reading the snapshot files alone
 *      the first recommendation is answered
 *   6. search-as-you-type, 1M songs + 1M movies vs a LIKE '%text%' scan (Discover's calls: the song search's
 *      first page, the poster picker's most-voted-first page)
 *   7. a Discover request (recommend.query)     vs the bare engine top-k
 *   8. incremental build after a small import   vs the full build's time per item (the build job: the
 *      build, then the serving snapshots brought up to date, as stage 4 counts them for a full build)
 * Data (generated, seeded, cached between runs in bench/.cache/journey-<scale>, gitignored; see
 * journey-data.ts): 1M songs (Spotify Tracks schema), 1M movies (TMDb v11 schema with overviews),
 * 20K posters (JPEG/PNG/WebP, 185 to 2000 pixels wide). --scale 0.1 gives a quick run.
 * Peak RSS is sampled from this process (VmHWM in /proc/<pid>/status, every 50 ms), CPU time is the
 * child's user + system time (all its threads) as the kernel reports it when the child is reaped.
 * Targets are printed as verdicts with ratios; nothing here asserts a time.
 * Writes bench/results/journey.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { journeyData, type JourneyData } from './journey-data.js';
import {
  argValue,
  discoverSession,
  keystrokes,
  likeScans,
  loadAverageLine,
  machine,
  modelInputChunks,
  printTable,
  progressLine,
  repoRoot,
  seededRandom,
  timeBareTopK,
  timeEach,
  timeEachWarm,
  times,
  timing,
  verdict,
  writeResults,
  type Timing,
} from './support.js';

const self = fileURLToPath(import.meta.url);
const SQLITE_UTILS = 'sqlite-utils';
const MAX_TYPED = 20;
const SEARCH_LIMIT = 50;
const FRAME_MS = 16;

// ---------------------------------------------------------------- what a stage child reports

/** What a child measured itself: the stage's work only, not its start-up. */
interface ChildReport {
  readonly seconds: number;
  readonly items: number;
  readonly detail: Record<string, unknown>;
}

/** A child's report plus what this process saw of it. */
interface Measured extends ChildReport {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  /** RSS peaks in the first and second half of the child's life (memory flat or not). */
  readonly rssHalvesMiB: readonly [number, number] | null;
}

/**
 * Prints the child's report for the parent, and appends it to bench/results/journey-stages.jsonl
 * with the child's own CPU time and peak RSS, so a long full-scale run that is stopped part way
 * still leaves every finished stage's figures behind.
 */
function report(result: ChildReport): void {
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  const cpu = process.cpuUsage();
  const line = {
    at: new Date().toISOString(),
    scale,
    stage: argValue('child'),
    ...result,
    childCpuSeconds: (cpu.user + cpu.system) / 1e6,
    childMaxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  const dir = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'journey-stages.jsonl'), `${JSON.stringify(line)}\n`);
}

// ---------------------------------------------------------------- running and sampling a child

/** Seconds of user + system CPU of this process's reaped children so far (/proc/self/stat cutime + cstime). */
function childrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after "(comm)": state is index 0, so cutime (field 16) is index 13 and cstime index 14.
  return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // exited
  }
}

interface RunOutcome {
  readonly stdout: string;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly rssHalvesMiB: readonly [number, number] | null;
}

/** Runs one process to the end (only one at a time, so the children's CPU delta is its own). */
function runProcess(command: string, args: readonly string[], label: string, env?: NodeJS.ProcessEnv): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuSeconds();
    const started = performance.now();
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    const samples: { atMs: number; kib: number }[] = [];
    let hwm = 0;
    const sample = () => {
      if (proc.pid === undefined) return;
      const rss = statusKiB(proc.pid, 'VmRSS');
      const peak = statusKiB(proc.pid, 'VmHWM');
      if (rss !== null) samples.push({ atMs: performance.now() - started, kib: rss });
      if (peak !== null) hwm = Math.max(hwm, peak);
    };
    const sampler = setInterval(sample, 50);
    const ticker = setInterval(() => progressLine(`  ${label}: ${((performance.now() - started) / 1000).toFixed(0)} s`), 15_000);
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 1 << 16) stderr = stderr.slice(-(1 << 15));
      process.stderr.write(chunk);
    });
    proc.on('error', (error) => {
      clearInterval(sampler);
      clearInterval(ticker);
      reject(error);
    });
    proc.on('close', (code) => {
      clearInterval(sampler);
      clearInterval(ticker);
      const wallSeconds = (performance.now() - started) / 1000;
      const cpuSeconds = childrenCpuSeconds() - cpuBefore;
      const peakKiB = Math.max(hwm, ...samples.map((s) => s.kib));
      let rssHalvesMiB: readonly [number, number] | null = null;
      if (samples.length >= 4) {
        const half = samples.at(-1)!.atMs / 2;
        const peakIn = (first: boolean) => samples.reduce((max, s) => (s.atMs < half === first ? Math.max(max, s.kib) : max), 0) / 1024;
        rssHalvesMiB = [peakIn(true), peakIn(false)];
      }
      if (code === 0) resolve({ stdout, wallSeconds, cpuSeconds, peakRssMiB: peakKiB / 1024, rssHalvesMiB });
      else reject(new Error(`${label} failed (exit ${code}):\n${stderr.trim().split('\n').slice(-8).join('\n')}`));
    });
  });
}

/** Runs a stage (or a peer written in TypeScript) in a fresh Node child. */
async function runChild(stage: string, label: string, extra: readonly string[] = []): Promise<Measured> {
  progressLine(label);
  const outcome = await runProcess(process.execPath, [...process.execArgv, self, '--child', stage, '--scale', String(scale), ...extra], label);
  const line = outcome.stdout.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(line) as ChildReport;
  return { ...result, wallSeconds: outcome.wallSeconds, cpuSeconds: outcome.cpuSeconds, peakRssMiB: outcome.peakRssMiB, rssHalvesMiB: outcome.rssHalvesMiB };
}

/** Runs an external command as a peer; its elapsed time is the wall time of the whole process. */
async function runCommand(command: string, args: readonly string[], label: string, items: number): Promise<Measured> {
  progressLine(label);
  const outcome = await runProcess(command, args, label);
  return { seconds: outcome.wallSeconds, items, detail: {}, ...outcome };
}

// ---------------------------------------------------------------- the stages (children)

const scale = Number(argValue('scale') ?? 1);

function paths(data: JourneyData) {
  const work = path.join(data.dir, 'work');
  return {
    work,
    database: path.join(work, 'crossfade.db'),
    appDir: path.join(work, 'app'),
    snapshotDir: path.join(work, 'app', 'cache'),
  };
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

async function stageChild(stage: string): Promise<void> {
  const data = await journeyData(scale);
  const where = paths(data);
  const { openDatabase } = await import('../src/core/db/open-database.js');
  switch (stage) {
    case 'import': {
      const { importFile } = await import('../src/core/importers/import-file.js');
      fs.mkdirSync(where.work, { recursive: true });
      fs.rmSync(where.appDir, { recursive: true, force: true });
      removeDatabase(where.database);
      const db = openDatabase(where.database);
      const started = performance.now();
      const songs = await importFile(db, { file: data.songsFile });
      const songSeconds = (performance.now() - started) / 1000;
      const movies = await importFile(db, { file: data.moviesFile });
      const seconds = (performance.now() - started) / 1000;
      db.close();
      return report({
        seconds,
        items: songs.counters.rowsRead + movies.counters.rowsRead,
        detail: { songSeconds, movieSeconds: seconds - songSeconds, songsImported: songs.counters.rowsImported, moviesImported: movies.counters.rowsImported },
      });
    }
    case 'parse-only': {
      const { readCsvRecords } = await import('../src/core/importers/csv-records.js');
      const { detectFileEncoding } = await import('../src/core/text/detect-encoding.js');
      const started = performance.now();
      let records = 0;
      for (const file of [data.songsFile, data.moviesFile]) {
        const guess = await detectFileEncoding(file);
        for await (const entry of readCsvRecords(file, { encoding: guess.encoding, delimiter: ',' })) if (!('skipped' in entry)) records++;
      }
      return report({ seconds: (performance.now() - started) / 1000, items: records, detail: {} });
    }
    case 'link': {
      const { scanPosterFolder } = await import('../src/core/posters/scan-poster-folder.js');
      const db = openDatabase(where.database);
      const started = performance.now();
      const result = await scanPosterFolder(db, { folder: data.postersDir });
      const seconds = (performance.now() - started) / 1000;
      db.close();
      return report({ seconds, items: result.imagesSeen, detail: { linked: result.linked, unmatched: result.unmatched.length } });
    }
    case 'list-posters': {
      const started = performance.now();
      let files = 0;
      for (const name of fs.readdirSync(data.postersDir)) {
        fs.statSync(path.join(data.postersDir, name));
        files++;
      }
      return report({ seconds: (performance.now() - started) / 1000, items: files, detail: {} });
    }
    case 'embed': {
      const { embedPosters } = await import('../src/core/posters/embedding/embed-posters.js');
      const db = openDatabase(where.database);
      db.exec(`DELETE FROM poster_embeddings`);
      const started = performance.now();
      const summary = await embedPosters(db);
      const seconds = (performance.now() - started) / 1000;
      db.close();
      return report({
        seconds,
        items: summary.embedded + summary.failed,
        detail: {
          embedded: summary.embedded,
          failed: summary.failed,
          workers: summary.workers,
          threadsPerWorker: summary.threadsPerWorker,
          decodeIn: summary.decodeIn,
          batchSize: summary.batchSize,
        },
      });
    }
    case 'raw-onnx':
      return rawOnnx(data, Number(argValue('limit') ?? 2000));
    case 'build': {
      const { buildVibeIndex } = await import('../src/core/vibe/build-index.js');
      const { writeVibeSnapshots } = await import('../src/core/recommend/vibe-index.js');
      const { recordingGroupsNow } = await import('../src/core/recommend/recording-groups-snapshot.js');
      const db = openDatabase(where.database);
      fs.rmSync(where.snapshotDir, { recursive: true, force: true });
      const started = performance.now();
      // As the app's build job does: the snapshots are written from the rows the build made.
      let built: Parameters<typeof writeVibeSnapshots>[2] = null;
      const summary = await buildVibeIndex(db, {
        mode: 'full',
        onBuilt: (rows) => (built = rows),
        recordingGroups: () => recordingGroupsNow(db, where.snapshotDir),
      });
      const buildSeconds = (performance.now() - started) / 1000;
      writeVibeSnapshots(db, where.snapshotDir, built);
      const seconds = (performance.now() - started) / 1000;
      db.close();
      return report({
        seconds,
        items: summary.songs + summary.movies,
        detail: {
          buildSeconds,
          snapshotSeconds: seconds - buildSeconds,
          dims: summary.dims,
          visual: summary.visual,
          moviesWithPosterEmbedding: summary.moviesWithPosterEmbedding,
        },
      });
    }
    case 'read-features': {
      // The floor: every row the build reads, straight out of SQLite, nothing computed.
      const db = openDatabase(where.database, { readonly: true });
      const started = performance.now();
      let rows = 0;
      for (const table of ['songs', 'movies', 'poster_embeddings']) for (const _row of db.prepare(`SELECT * FROM ${table}`).raw().iterate()) rows++;
      const seconds = (performance.now() - started) / 1000;
      db.close();
      return report({ seconds, items: rows, detail: {} });
    }
    case 'start':
      return startApp(where);
    case 'read-snapshots': {
      const started = performance.now();
      let bytes = 0;
      for (const name of fs.readdirSync(where.snapshotDir)) bytes += fs.readFileSync(path.join(where.snapshotDir, name)).length;
      return report({ seconds: (performance.now() - started) / 1000, items: bytes, detail: { bytes } });
    }
    case 'search':
      return searchAsYouType(where, openDatabase);
    case 'discover':
      return discover(where);
    case 'incremental': {
      const { importFile } = await import('../src/core/importers/import-file.js');
      const { buildVibeIndex } = await import('../src/core/vibe/build-index.js');
      const { undoImport } = await import('../src/core/catalog/undo-import.js');
      const { vibeSnapshotTag, writeVibeSnapshots } = await import('../src/core/recommend/vibe-index.js');
      const db = openDatabase(where.database);
      /** What the app's build job does after an import: the incremental build, then the serving snapshots brought up to date. */
      const buildJob = async () => {
        const tagBefore = vibeSnapshotTag(db);
        let extended: Parameters<typeof writeVibeSnapshots>[3] = null;
        const started = performance.now();
        const summary = await buildVibeIndex(db, { mode: 'incremental', onExtended: (rows) => (extended = { ...rows, tagBefore }) });
        const built = performance.now();
        writeVibeSnapshots(db, where.snapshotDir, null, extended);
        return { summary, buildSeconds: (built - started) / 1000, snapshotSeconds: (performance.now() - built) / 1000 };
      };
      // Rerunnable on a catalog a previous run left: that run's import of the same songs is undone
      // first (removing them and their vectors) and the snapshots follow, so they are new again
      // and the measured job starts where the app's would after a first import.
      const previous = db
        .prepare(`SELECT r.id FROM import_runs r JOIN sources s ON s.id = r.source_id WHERE s.path = ? AND r.status = 'completed' AND r.undone_at IS NULL`)
        .pluck()
        .all(path.resolve(data.extraSongsFile)) as number[];
      for (const runId of previous.reverse()) undoImport(db, runId);
      if (previous.length > 0) await buildJob();
      const imported = await importFile(db, { file: data.extraSongsFile });
      const { summary, buildSeconds, snapshotSeconds } = await buildJob();
      db.close();
      return report({
        seconds: buildSeconds + snapshotSeconds,
        items: summary.encoded,
        detail: { mode: summary.mode, imported: imported.counters.rowsImported, encoded: summary.encoded, buildSeconds, snapshotSeconds },
      });
    }
    default:
      throw new Error(`unknown stage ${stage}`);
  }
}

/** ONNX Runtime alone on the first `limit` posters: decoded beforehand, the job's layout, only inference timed. */
async function rawOnnx(data: JourneyData, limit: number): Promise<void> {
  const { prepareModel } = await import('../src/core/model/image-model.js');
  const { resolveModel } = await import('../src/core/model/resolve-model.js');
  const { posterWorkerLayout } = await import('../src/core/posters/embedding/embed-posters.js');
  const { EmbedWorker } = await import('../src/core/posters/embedding/embed-worker-client.js');
  const { DEFAULT_DECODE_LIMITS, loadPoster } = await import('../src/core/posters/embedding/preprocess.js');
  const batchSize = 16;
  const files = fs.readdirSync(data.postersDir).sort().slice(0, limit);
  const rgbs: Uint8Array[] = [];
  for (const file of files) rgbs.push((await loadPoster(path.join(data.postersDir, file), DEFAULT_DECODE_LIMITS)).rgb);
  const model = await prepareModel(resolveModel().location!);
  const layout = posterWorkerLayout({});
  const workers = await Promise.all(
    Array.from({ length: layout.workers }, () => EmbedWorker.start(model, { threads: layout.threads, limits: DEFAULT_DECODE_LIMITS })),
  );
  let inferenceSeconds = 0;
  try {
    const chunkBatches = 4 * layout.workers;
    for await (const tensors of modelInputChunks(rgbs, batchSize, chunkBatches)) {
      const started = performance.now();
      await Promise.all(tensors.map(({ tensor, count }, i) => workers[i % workers.length]!.embed(tensor, count)));
      inferenceSeconds += (performance.now() - started) / 1000;
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
  report({ seconds: inferenceSeconds, items: rgbs.length, detail: { workers: layout.workers, threadsPerWorker: layout.threads, batchSize } });
}

/** From opening the catalog (createServices) to the first recommendation answered. */
async function startApp(where: ReturnType<typeof paths>): Promise<void> {
  const started = performance.now();
  const { createServices } = await import('../src/services/index.js');
  const importedAt = performance.now();
  const services = createServices({ dataDir: where.appDir, databasePath: where.database, mode: 'browser', workerThreads: 2 });
  const openedAt = performance.now();
  const db = (await import('../src/core/db/open-database.js')).openDatabase(where.database, { readonly: true });
  const movieId = db.prepare(`SELECT id FROM movies ORDER BY vote_count DESC LIMIT 1`).pluck().get() as number;
  const songId = db.prepare(`SELECT id FROM songs ORDER BY popularity DESC LIMIT 1`).pluck().get() as number;
  db.close();
  const pickedAt = performance.now();
  const response = await services.api['recommend.query']({
    picks: [
      { kind: 'movie', id: movieId },
      { kind: 'song', id: songId },
    ],
    target: 'movie',
    k: 24,
  });
  const answeredAt = performance.now();
  await services.close();
  // Picking the two ids is the bench's own work, not the app's: createServices + the first query.
  const seconds = (openedAt - importedAt + (answeredAt - pickedAt)) / 1000;
  report({
    seconds,
    items: 1,
    detail: {
      modulesSeconds: (importedAt - started) / 1000,
      createServicesSeconds: (openedAt - importedAt) / 1000,
      firstQuerySeconds: (answeredAt - pickedAt) / 1000,
      // performance.now() counts from the process's start: Node, tsx and the app's modules included.
      sinceProcessStartSeconds: (answeredAt - (pickedAt - openedAt)) / 1000,
      results: (response as { results?: unknown[] }).results?.length ?? null,
    },
  });
}

async function searchAsYouType(where: ReturnType<typeof paths>, openDatabase: typeof import('../src/core/db/open-database.js').openDatabase): Promise<void> {
  const { CatalogSearch } = await import('../src/core/catalog/search.js');
  const { browseMovies } = await import('../src/core/catalog/browse.js');
  const { MOVIE_BROWSE_FIRST_PAGE, SONG_SEARCH_PAGE } = await import('../src/shared/contract/catalog.js');
  const db = openDatabase(where.database);
  const perKind = Number(argValue('queries') ?? 300);
  const likeCount = Number(argValue('like-queries') ?? 40);
  const random = seededRandom(3);
  // Random rows' texts (ids are dense: importFile numbers items from 1).
  const sample = (table: 'songs' | 'movies', column: 'title' | 'artists', count: number) => {
    const max = db.prepare(`SELECT max(id) FROM ${table}`).pluck().get() as number;
    const one = db.prepare(`SELECT ${column} FROM ${table} WHERE id >= ? ORDER BY id LIMIT 1`).pluck();
    return Array.from({ length: count }, () => one.get(1 + Math.floor(random() * max)) as string | null).filter(
      (text): text is string => typeof text === 'string' && text.trim() !== '',
    );
  };
  const titles = sample('songs', 'title', perKind);
  const artists = sample('songs', 'artists', perKind);
  const songTyping = keystrokes(
    titles.flatMap((title, index) => [title, artists[index] ?? title]),
    perKind,
    MAX_TYPED,
  );
  const movieTyping = keystrokes(sample('movies', 'title', perKind), perKind, MAX_TYPED);
  const search = new CatalogSearch(db);
  const likeScan = likeScans(db, SEARCH_LIMIT);
  // What Discover sends per keystroke (the catalog handlers' calls): the song search's first page,
  // and the poster picker's first page, whose movie search is the most-voted-first browse.
  const pickerPage = (text: string) =>
    browseMovies(
      db,
      { text, genres: [], languages: [], withPosterOnly: false, order: 'popular', seed: 0, offset: 0, limit: MOVIE_BROWSE_FIRST_PAGE },
      (typed, count) => search.popularMovies(typed, count),
      { remembered: (key, count) => search.rememberedCount(key, count) },
    );
  const started = performance.now();
  const songs = timeEachWarm(songTyping, (text) => search.searchSongs(text, SONG_SEARCH_PAGE));
  const movies = timeEachWarm(movieTyping, pickerPage);
  const seconds = (performance.now() - started) / 1000;
  const pickerOpenMs = timeEachWarm([''], pickerPage)[0]!;
  // The movie search method (the CLI's and the contract's catalog.searchMovies), for comparison.
  const movieSearchMethod = timeEachWarm(movieTyping, (text) => search.searchMovies(text, SEARCH_LIMIT));
  // The LIKE scan takes a second or more per keystroke at 1M rows: a sample of the same keystrokes.
  const likeSongMs = timeEachWarm(songTyping.slice(0, likeCount), likeScan.songs);
  const likeMovieMs = timeEachWarm(movieTyping.slice(0, likeCount), likeScan.movies);
  // Keystrokes whose text was not typed before in this run (CatalogSearch remembers recent answers).
  const firstTyped = (inputs: readonly string[], samples: readonly number[]) => {
    const seen = new Set<string>();
    return timing(samples.filter((_, index) => !seen.has(inputs[index]!) && seen.add(inputs[index]!)));
  };
  const slowest = (inputs: readonly string[], samples: readonly number[]) =>
    samples
      .map((ms, index) => ({ text: inputs[index]!, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5);
  db.close();
  report({
    seconds,
    items: songs.length + movies.length,
    detail: {
      songs: timing(songs),
      movies: timing(movies),
      songsFirstTyped: firstTyped(songTyping, songs),
      moviesFirstTyped: firstTyped(movieTyping, movies),
      likeSongs: timing(likeSongMs),
      likeMovies: timing(likeMovieMs),
      slowestSongs: slowest(songTyping, songs),
      slowestMovies: slowest(movieTyping, movies),
      pickerOpenMs,
      movieSearchMethod: timing(movieSearchMethod),
    },
  });
}

/** Discover requests through the services (slider moves, filters, diversity), and the bare engine top-k on the same queries. */
async function discover(where: ReturnType<typeof paths>): Promise<void> {
  const { createServices } = await import('../src/services/index.js');
  const { openDatabase } = await import('../src/core/db/open-database.js');
  const { VibeIndex } = await import('../src/core/recommend/vibe-index.js');
  const db = openDatabase(where.database, { readonly: true });
  const songCount = db.prepare(`SELECT max(id) FROM songs`).pluck().get() as number;
  const movieCount = db.prepare(`SELECT max(id) FROM movies`).pluck().get() as number;
  db.close();
  const random = seededRandom(5);
  const songIds = Array.from({ length: 40 }, () => 1 + Math.floor(random() * songCount));
  const movieIds = Array.from({ length: 40 }, () => 1 + Math.floor(random() * movieCount));
  const services = createServices({ dataDir: where.appDir, databasePath: where.database, mode: 'browser', workerThreads: 2 });
  await services.api['recommend.query'](discoverSession(songIds, movieIds, 0)[0]!); // loads the index
  const requests = Array.from({ length: 10 }, (_, index) => discoverSession(songIds, movieIds, index)).flat();
  // The first pass starts right after opening, while the index's remaining rows still load in the
  // background (the start stage's tail); the second, once the start's background work is done (every
  // row in memory, the search pools built), is the steady state the target is read on.
  const firstSeconds = await timeEach(requests, (request) => services.api['recommend.query'](request));
  await services.startupWorkDone();
  const started = performance.now();
  const full = await timeEach(requests, (request) => services.api['recommend.query'](request));
  const seconds = (performance.now() - started) / 1000;
  await services.close();

  const index = VibeIndex.load(openDatabase(where.database, { readonly: true }), { engine: { threads: 2 }, snapshotDir: where.snapshotDir })!;
  await index.whenRowsLoaded();
  await index.movies.engine.search({ vector: index.movies.vectorOf(0), k: 10 });
  await index.songs.engine.search({ vector: index.songs.vectorOf(0), k: 10 });
  const bare = await timeBareTopK(index, requests);
  await index.close();
  report({ seconds, items: requests.length, detail: { full: timing(full), firstSeconds: timing(firstSeconds), bare: timing(bare) } });
}

// ---------------------------------------------------------------- parent

interface StageRow {
  readonly stage: string;
  readonly unit: string;
  readonly ours: Measured;
  readonly peer: Measured | null;
  readonly peerName: string;
  /** Ours / peer (seconds, or p95 for latency stages). */
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean | null;
}

function hasSqliteUtils(): boolean {
  return spawnSync(SQLITE_UTILS, ['--version'], { encoding: 'utf8' }).status === 0;
}

async function sqliteUtilsPeer(data: JourneyData): Promise<Measured | null> {
  if (!hasSqliteUtils()) {
    console.log(`Skipping the sqlite-utils peer: ${SQLITE_UTILS} is not installed (apt-get install -y sqlite-utils; .ci/run installs it).`);
    return null;
  }
  const db = path.join(paths(data).work, 'sqlite-utils.db');
  removeDatabase(db);
  const steps: [string[], string][] = [
    [['insert', db, 'songs', data.songsFile, '--csv'], 'sqlite-utils insert songs'],
    [['enable-fts', db, 'songs', 'track_name', 'artists', 'album_name'], 'sqlite-utils enable-fts songs'],
    [['insert', db, 'movies', data.moviesFile, '--csv'], 'sqlite-utils insert movies'],
    [['enable-fts', db, 'movies', 'title', 'original_title'], 'sqlite-utils enable-fts movies'],
  ];
  const detail: Record<string, number> = {};
  let seconds = 0;
  let cpuSeconds = 0;
  let peakRssMiB = 0;
  for (const [args, label] of steps) {
    const step = await runCommand(SQLITE_UTILS, args, label, 0);
    detail[label] = step.seconds;
    seconds += step.seconds;
    cpuSeconds += step.cpuSeconds;
    peakRssMiB = Math.max(peakRssMiB, step.peakRssMiB);
  }
  removeDatabase(db);
  return { seconds, wallSeconds: seconds, cpuSeconds, peakRssMiB, items: data.songRows + data.movieRows, detail, rssHalvesMiB: null };
}

function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

async function main(): Promise<void> {
  const stage = argValue('child');
  if (stage) return stageChild(stage);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got ${argValue('scale')}`);

  const runStarted = performance.now();
  const data = await journeyData(scale);
  const only = argValue('stages')?.split(',');
  const want = (name: string) => !only || only.includes(name);
  console.log(
    `Journey benchmark at scale ${scale}: ${data.songRows.toLocaleString('en-US')} songs, ${data.movieRows.toLocaleString('en-US')} movies, ${data.posters.toLocaleString('en-US')} posters (${Object.entries(
      data.posterFormats,
    )
      .map(([f, n]) => `${n} ${f}`)
      .join(', ')}); ${machine()}`,
  );
  console.log(loadAverageLine());
  const rows: StageRow[] = [];
  const extra: Record<string, unknown> = {};
  // Written after every stage, so a long run stopped part way keeps what it measured.
  const save = () =>
    writeResults('journey', {
      scale,
      complete: false,
      data: { songs: data.songRows, movies: data.movieRows, posters: data.posters, posterFormats: data.posterFormats },
      stages: rows,
      extra,
    });
  const push = (row: StageRow) => {
    rows.push(row);
    save();
  };

  if (want('import')) {
    const ours = await runChild('import', '1. import both files (importFile)');
    const sqliteUtils = await sqliteUtilsPeer(data);
    const parseOnly = await runChild('parse-only', '   peer: csv-parse alone');
    const [first, second] = ours.rssHalvesMiB ?? [NaN, NaN];
    const flat = second <= first * 1.1;
    extra.import = { parseOnly, sqliteUtils, memoryFlat: { firstHalfPeakMiB: first, secondHalfPeakMiB: second, flat } };
    push({
      stage: 'import',
      unit: 'rows',
      ours,
      peer: sqliteUtils,
      peerName: sqliteUtils ? 'sqlite-utils insert --csv + enable-fts' : 'sqlite-utils (not installed)',
      ratio: sqliteUtils ? ours.seconds / sqliteUtils.seconds : NaN,
      target: `< sqlite-utils; <= 2x csv-parse alone (${times(ours.seconds / parseOnly.seconds)}); RSS flat (${fmt(first, 0)} -> ${fmt(second, 0)} MiB)`,
      met: (sqliteUtils ? ours.seconds < sqliteUtils.seconds : true) && ours.seconds <= 2 * parseOnly.seconds && flat,
    });
  }
  if (want('link')) {
    const ours = await runChild('link', '2. link the posters (scanPosterFolder)');
    const peer = await runChild('list-posters', '   peer: readdir + stat');
    push({
      stage: 'link posters',
      unit: 'files',
      ours,
      peer,
      peerName: 'readdir + stat of the folder',
      ratio: ours.seconds / peer.seconds,
      target: '-',
      met: null,
    });
  }
  if (want('embed')) {
    const ours = await runChild('embed', '3. embed the posters (embedPosters)');
    const limit = Math.min(data.posters, 2000);
    const peer = await runChild('raw-onnx', `   peer: raw ONNX Runtime on ${limit} of the posters`, ['--limit', String(limit)]);
    const share = ours.items / ours.seconds / (peer.items / peer.seconds);
    push({
      stage: 'embed posters',
      unit: 'posters',
      ours,
      peer,
      peerName: `raw ONNX Runtime, same layout (${limit} posters)`,
      ratio: 1 / share,
      target: `>= 70% of raw throughput (${fmt(100 * share, 0)}%)`,
      met: share >= 0.7,
    });
  }
  if (want('build')) {
    const ours = await runChild('build', '4. build the vibe space (full build + snapshots)');
    const peer = await runChild('read-features', '   peer: read every row the build reads');
    push({
      stage: 'build vibe space',
      unit: 'items',
      ours,
      peer,
      peerName: 'SELECT * from songs, movies, poster_embeddings',
      ratio: ours.seconds / peer.seconds,
      target: `<= 30 s at 1M+1M (scaled: ${fmt(30 * scale)} s), peak RSS <= 2 GiB`,
      met: ours.seconds <= 30 * scale && ours.peakRssMiB <= 2048,
    });
  }
  if (want('start')) {
    const ours = await runChild('start', '5. start the app until the first recommendation');
    const peer = await runChild('read-snapshots', '   peer: read the snapshot files alone');
    push({
      stage: 'start to first answer',
      unit: 'answers',
      ours,
      peer,
      peerName: 'readFileSync of the snapshots',
      ratio: ours.seconds / peer.seconds,
      target: '<= 0.5 s',
      met: ours.seconds <= 0.5,
    });
  }
  if (want('search')) {
    const ours = await runChild('search', '6. search-as-you-type');
    const detail = ours.detail as Record<'songs' | 'movies' | 'likeSongs' | 'likeMovies', Timing>;
    const p95 = Math.max(detail.songs.p95, detail.movies.p95);
    const peer: Measured = { ...ours, seconds: NaN, detail: {} };
    push({
      stage: 'search-as-you-type',
      unit: 'keystrokes',
      ours,
      peer,
      peerName: `LIKE scan p95 songs ${fmt(detail.likeSongs.p95)} ms, movies ${fmt(detail.likeMovies.p95)} ms`,
      ratio: p95 / Math.max(detail.likeSongs.p95, detail.likeMovies.p95),
      target: `p95 <= ${FRAME_MS} ms (songs ${fmt(detail.songs.p95)}, movies ${fmt(detail.movies.p95)})`,
      met: p95 <= FRAME_MS,
    });
  }
  if (want('discover')) {
    const ours = await runChild('discover', '7. Discover requests');
    const detail = ours.detail as Record<'full' | 'bare', Timing>;
    push({
      stage: 'Discover request',
      unit: 'requests',
      ours,
      peer: null,
      peerName: `bare engine top-k p95 ${fmt(detail.bare.p95)} ms`,
      ratio: detail.full.p95 / detail.bare.p95,
      target: `p95 <= ${FRAME_MS} ms (${fmt(detail.full.p95)} ms)`,
      met: detail.full.p95 <= FRAME_MS,
    });
  }
  if (want('incremental')) {
    const ours = await runChild('incremental', '8. incremental build after a small import');
    const full = rows.find((row) => row.stage === 'build vibe space')?.ours;
    const perItemFull = full ? full.seconds / full.items : NaN;
    const proportional = ours.seconds / Math.max(1, ours.items) <= 3 * perItemFull;
    push({
      stage: 'incremental build',
      unit: 'items',
      ours,
      peer: null,
      peerName: full ? `full build: ${fmt(perItemFull * 1e6, 2)} µs per item` : 'full build not run',
      ratio: full ? ours.seconds / Math.max(1, ours.items) / perItemFull : NaN,
      target: 'time proportional to the new items (<= 3x the full build per item)',
      met: full ? proportional : null,
    });
  }

  console.log(
    `\nScale ${scale}: ${data.songRows.toLocaleString('en-US')} songs + ${data.movieRows.toLocaleString('en-US')} movies, ${data.posters.toLocaleString('en-US')} posters; ${new Date().toISOString().slice(0, 10)}; ${machine()}`,
  );
  printTable([
    ['stage', 'items', 'seconds', 'items/s', 'peak RSS MiB', 'CPU s', 'peer', 'peer s', 'ours / peer', 'target', 'verdict'],
    ...rows.map((row) => [
      row.stage,
      row.ours.items,
      row.ours.seconds,
      row.ours.items / row.ours.seconds,
      row.ours.peakRssMiB,
      row.ours.cpuSeconds,
      row.peerName,
      row.peer && Number.isFinite(row.peer.seconds) ? row.peer.seconds : '-',
      times(row.ratio),
      row.target,
      row.met === null ? '-' : verdict(row.met),
    ]),
  ]);
  const search = rows.find((row) => row.stage === 'search-as-you-type');
  if (search) {
    const d = search.ours.detail as Record<string, Timing>;
    if (d.songsFirstTyped)
      console.log(
        `\nsearch p50/p95 ms, texts typed for the first time in the run: songs ${fmt(d.songsFirstTyped.p50)}/${fmt(d.songsFirstTyped.p95)}, movies ${fmt(d.moviesFirstTyped!.p50)}/${fmt(d.moviesFirstTyped!.p95)}`,
      );
    console.log(
      `search p50/p95 ms: songs ${fmt(d.songs!.p50)}/${fmt(d.songs!.p95)}, movies (the poster picker) ${fmt(d.movies!.p50)}/${fmt(d.movies!.p95)}; LIKE songs ${fmt(d.likeSongs!.p50)}/${fmt(d.likeSongs!.p95)}, movies ${fmt(d.likeMovies!.p50)}/${fmt(d.likeMovies!.p95)}`,
    );
    const extra = search.ours.detail as { pickerOpenMs?: number; movieSearchMethod?: Timing };
    if (extra.movieSearchMethod)
      console.log(
        `poster picker opened (no text) in ${fmt(extra.pickerOpenMs ?? NaN)} ms; the catalog.searchMovies method p50/p95 ${fmt(extra.movieSearchMethod.p50)}/${fmt(extra.movieSearchMethod.p95)} ms`,
      );
  }
  const disc = rows.find((row) => row.stage === 'Discover request');
  if (disc) {
    const d = disc.ours.detail as Record<string, Timing>;
    console.log(
      `Discover p50/p95 ms: recommend.query ${fmt(d.full!.p50)}/${fmt(d.full!.p95)} (the same requests right after opening: ${fmt(d.firstSeconds?.p50 ?? NaN)}/${fmt(d.firstSeconds?.p95 ?? NaN)}), bare top-k ${fmt(d.bare!.p50)}/${fmt(d.bare!.p95)}`,
    );
  }
  const start = rows.find((row) => row.stage === 'start to first answer');
  if (start) console.log(`start: ${JSON.stringify(start.ours.detail)}`);
  const incremental = rows.find((row) => row.stage === 'incremental build');
  if (incremental) {
    const d = incremental.ours.detail as { buildSeconds?: number; snapshotSeconds?: number };
    console.log(`incremental build job: build ${fmt(d.buildSeconds ?? NaN)} s, then snapshots ${fmt(d.snapshotSeconds ?? NaN)} s`);
  }
  console.log(
    `\nWhole run ${fmt((performance.now() - runStarted) / 1000, 0)} s. Items per second for search and Discover are keystrokes/requests answered per second of the measured loop.`,
  );
  writeResults('journey', {
    scale,
    complete: true,
    data: { songs: data.songRows, movies: data.movieRows, posters: data.posters, posterFormats: data.posterFormats },
    stages: rows,
    extra,
  });
}

await main();
