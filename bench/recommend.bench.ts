/**
 * Recommendation latency benchmark: `npm run bench:recommend`.
 *
 * Builds a catalog of 100K generated songs and 100K generated movies (--rows), builds the vibe
 * space, then replays what the Discover screen sends while a user moves a weight slider, toggles a
 * filter or diversity: every request goes through the services' recommend.query (validation,
 * engine, explanations, hydrated cards), as the UI calls it. The issue's budget is 100 ms from a
 * change to updated results; the reference measured in the same run is the bare engine top-k on
 * the same queries, so the ratio shows what explanations and cards cost on top.
 * Writes bench/results/recommend.json.
 */
import path from 'node:path';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../tests/support/generate-fixtures.js';
import { openDatabase } from '../src/core/db/open-database.js';
import { importFile } from '../src/core/importers/import-file.js';
import { VibeIndex } from '../src/core/recommend/vibe-index.js';
import { buildVibeIndex } from '../src/core/vibe/build-index.js';
import { createServices } from '../src/services/index.js';
import { argValue, discoverSession, printTable, progressLine, seededRandom, tempDir, timeBareTopK, timeEach, timing, writeResults } from './support.js';

const rows = Number(argValue('rows') ?? 100_000);
const dir = tempDir('crossfade-bench-recommend-');
const databasePath = path.join(dir, 'crossfade.db');
const db = openDatabase(databasePath);
progressLine(`importing ${rows.toLocaleString('en-US')} generated songs and movies`);
await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows, seed: 1, repeatRate: 0 }).file });
await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows, seed: 2 }).file });
progressLine('building the vibe space');
const build = await buildVibeIndex(db);
db.close();

const services = createServices({ dataDir: dir, databasePath, mode: 'browser', workerThreads: 2, autoRefreshVibe: false });
const random = seededRandom(5);
const songIds = Array.from({ length: 40 }, () => 1 + Math.floor(random() * build.songs));
const movieIds = Array.from({ length: 40 }, () => 1 + Math.floor(random() * build.movies));

await services.api['recommend.query'](discoverSession(songIds, movieIds, 0)[0]!); // loads the index
const requests = Array.from({ length: 10 }, (_, index) => discoverSession(songIds, movieIds, index)).flat();
progressLine(`${requests.length} requests through the services`);
const full = await timeEach(requests, (request) => services.api['recommend.query'](request));

// Reference: the engine's top-k alone for the same profiles (no filters, explanations or cards).
const index = VibeIndex.load(openDatabase(databasePath), { engine: { threads: 2 } })!;
await index.movies.engine.search({ vector: index.movies.vectorOf(0), k: 10 }); // starts the scan threads
await index.songs.engine.search({ vector: index.songs.vectorOf(0), k: 10 });
const bare = await timeBareTopK(index, requests);
await index.close();
await services.close();

const fullStats = timing(full);
const bareStats = timing(bare);
console.log(
  `\n${build.songs.toLocaleString('en-US')} songs and ${build.movies.toLocaleString('en-US')} movies (${build.dims} dims); vibe space built in ${build.elapsedSeconds.toFixed(1)} s`,
);
printTable([
  ['request', 'p50 ms', 'p95 ms', 'max ms', 'requests'],
  ['recommend.query (services, cards, reasons)', fullStats.p50, fullStats.p95, fullStats.max, fullStats.runs],
  ['engine top-k only (reference)', bareStats.p50, bareStats.p95, bareStats.max, bareStats.runs],
]);
console.log(
  `\nfull request / bare top-k (p50): ${(fullStats.p50 / bareStats.p50).toFixed(1)}x; budget 100 ms per change: p95 ${fullStats.p95.toFixed(1)} ms (${fullStats.p95 <= 100 ? 'met' : 'MISSED'})`,
);
writeResults('recommend', { rows, build, full: fullStats, bare: bareStats });
