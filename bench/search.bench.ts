/**
 * Search-as-you-type benchmark: `npm run bench:search` (node --import tsx bench/search.bench.ts).
 *
 * Builds a temp catalog of 100K generated songs and 100K generated movies (--rows N), written by
 * importFile from generated CSVs (seeded word lists: tests/support/generate-fixtures.ts). Then it
 * "types" real generated titles and artists one character at a time (1..20 characters) and times
 * each keystroke's query, top 50, through CatalogSearch (FTS5, src/core/catalog/search.ts) and,
 * as the reference in the same run, as a plain `LIKE '%text%'` scan over title/artists/album
 * (songs) or title/original_title (movies) in SQLite.
 * Options: --rows N (items of each kind, default 100000), --queries N (keystrokes per kind, default 200).
 * Target: p50 and p95 under 50 ms on 100K rows. Writes bench/results/search.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CatalogSearch } from '../src/core/catalog/search.js';
import { openDatabase, type CatalogDatabase } from '../src/core/db/open-database.js';
import { importFile } from '../src/core/importers/import-file.js';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../tests/support/generate-fixtures.js';
import {
  argValue,
  keystrokes,
  likeScans,
  printTable,
  progressLine,
  seededRandom,
  tempDir,
  throttledProgress,
  timeEachWarm,
  timing,
  times,
  verdict,
  writeResults,
} from './support.js';
import type { Timing } from './support.js';

const MAX_TYPED = 20;
const LIMIT = 50;
const TARGET_MS = 50;

/** Random distinct values of one column (real generated titles and artists). */
function sampleTexts(db: CatalogDatabase, sql: string, count: number, seed: number): string[] {
  const values = db.prepare(sql).pluck().all() as string[];
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => values[Math.floor(random() * values.length)]!).filter((value) => value.trim() !== '');
}

/** Timing of the keystrokes whose text length is in [min, max]. */
function byLength(inputs: readonly string[], samples: readonly number[], min: number, max: number): Timing {
  return timing(samples.filter((_, index) => inputs[index]!.length >= min && inputs[index]!.length <= max));
}

async function importGenerated(db: CatalogDatabase, file: string, label: string): Promise<void> {
  const progress = throttledProgress();
  const started = performance.now();
  const summary = await importFile(db, { file, onProgress: (p) => progress(() => `  ${label}: ${p.done.toLocaleString('en-US')} rows`) });
  progressLine(`  ${label}: ${summary.counters.rowsImported.toLocaleString('en-US')} imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const rows = Number(argValue('rows') ?? 100_000);
  const perKind = Number(argValue('queries') ?? 200);
  const dir = tempDir('crossfade-bench-search-');
  const db = openDatabase(path.join(dir, 'catalog.db'));
  progressLine(`generating and importing ${rows.toLocaleString('en-US')} songs and ${rows.toLocaleString('en-US')} movies`);
  // repeatRate 0: every row is a distinct song, so the catalog holds exactly `rows` songs.
  await importGenerated(db, writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows, seed: 1, repeatRate: 0 }).file, 'songs');
  await importGenerated(db, writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows, seed: 2 }).file, 'movies');
  db.pragma('optimize');
  const songCount = db.prepare('SELECT count(*) FROM songs').pluck().get() as number;
  const movieCount = db.prepare('SELECT count(*) FROM movies').pluck().get() as number;

  // Typed texts: song titles and artists taken in turn, and movie titles.
  const titles = sampleTexts(db, 'SELECT title FROM songs', perKind, 3);
  const artists = sampleTexts(db, 'SELECT artists FROM songs', perKind, 4);
  const songTyping = keystrokes(
    titles.flatMap((title, index) => [title, artists[index] ?? title]),
    perKind,
    MAX_TYPED,
  );
  const movieTyping = keystrokes(sampleTexts(db, 'SELECT title FROM movies', perKind, 5), perKind, MAX_TYPED);

  const search = new CatalogSearch(db);
  // The reference: a full LIKE scan.
  const likeScan = likeScans(db, LIMIT);

  progressLine(`timing ${songTyping.length} song and ${movieTyping.length} movie keystrokes`);
  const samples = {
    songsFts: timeEachWarm(songTyping, (text) => search.searchSongs(text, LIMIT)),
    songsLike: timeEachWarm(songTyping, likeScan.songs),
    moviesFts: timeEachWarm(movieTyping, (text) => search.searchMovies(text, LIMIT)),
    moviesLike: timeEachWarm(movieTyping, likeScan.movies),
  };
  const results = {
    songsFts: timing(samples.songsFts),
    songsLike: timing(samples.songsLike),
    moviesFts: timing(samples.moviesFts),
    moviesLike: timing(samples.moviesLike),
  };
  const lengths = [
    [1, 1, '1 character'],
    [2, 2, '2 characters'],
    [3, MAX_TYPED, '3+ characters'],
  ] as const;
  const byKeystrokeLength = lengths.map(([min, max, label]) => ({
    label,
    songs: byLength(songTyping, samples.songsFts, min, max),
    movies: byLength(movieTyping, samples.moviesFts, min, max),
  }));
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(
    `\n${songCount.toLocaleString('en-US')} songs and ${movieCount.toLocaleString('en-US')} movies; one query per keystroke (1..${MAX_TYPED} characters), top ${LIMIT}`,
  );
  const row = (name: string, stats: Timing) => [name, stats.p50, stats.p95, stats.max, stats.runs];
  printTable([
    ['query', 'p50 ms', 'p95 ms', 'max ms', 'keystrokes'],
    row('songs: CatalogSearch (FTS5)', results.songsFts),
    row("songs: LIKE '%text%' scan", results.songsLike),
    row('movies: CatalogSearch (FTS5)', results.moviesFts),
    row("movies: LIKE '%text%' scan", results.moviesLike),
  ]);
  console.log('\nLIKE / CatalogSearch (how many times faster the FTS5 search is):');
  console.log(`  songs  p50 ${times(results.songsLike.p50 / results.songsFts.p50)}, p95 ${times(results.songsLike.p95 / results.songsFts.p95)}`);
  console.log(`  movies p50 ${times(results.moviesLike.p50 / results.moviesFts.p50)}, p95 ${times(results.moviesLike.p95 / results.moviesFts.p95)}`);
  console.log('\nCatalogSearch by length of the typed text:');
  printTable([
    ['typed', 'songs p50 ms', 'songs p95 ms', 'songs max ms', 'movies p50 ms', 'movies p95 ms', 'movies max ms', 'keystrokes'],
    ...byKeystrokeLength.map((b) => [b.label, b.songs.p50, b.songs.p95, b.songs.max, b.movies.p50, b.movies.p95, b.movies.max, b.songs.runs + b.movies.runs]),
  ]);
  for (const [name, stats] of [
    ['songs', results.songsFts],
    ['movies', results.moviesFts],
  ] as const) {
    console.log(
      `Target p50 and p95 < ${TARGET_MS} ms, ${name}: p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms, ${verdict(stats.p50 < TARGET_MS && stats.p95 < TARGET_MS)}.`,
    );
  }
  writeResults('search', { songs: songCount, movies: movieCount, ...results, byKeystrokeLength });
}

await main();
