/**
 * Search-as-you-type benchmark: `npm run bench:search`.
 *
 * Builds a catalog of 100K generated songs and 100K generated movies (--rows to change), then
 * types real titles and artists one character at a time and times every keystroke's query through
 * CatalogSearch (FTS5), against the same prefixes as a plain LIKE '%…%' scan, in the same run.
 * Target: under 50 ms per keystroke on 100K rows. Writes bench/results/search.json.
 */
import path from 'node:path';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../tests/support/generate-fixtures.js';
import { CatalogSearch } from '../src/core/catalog/search.js';
import { openDatabase } from '../src/core/db/open-database.js';
import { importFile } from '../src/core/importers/import-file.js';
import { argValue, printTable, progressLine, seededRandom, tempDir, timing, writeResults } from './support.js';

const rows = Number(argValue('rows') ?? 100_000);
const typed = Number(argValue('queries') ?? 40);
const dir = tempDir('crossfade-bench-search-');
const db = openDatabase(path.join(dir, 'catalog.db'));
progressLine(`importing ${rows.toLocaleString('en-US')} generated songs and movies`);
await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows, seed: 1, repeatRate: 0 }).file });
await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows, seed: 2 }).file });

const random = seededRandom(3);
const sample = (sql: string) => {
  const values = db.prepare(sql).pluck().all() as string[];
  return Array.from({ length: typed }, () => values[Math.floor(random() * values.length)]!);
};
/** Every prefix of what the user types (search-as-you-type sends one query per keystroke). */
const keystrokes = (texts: readonly string[]) => texts.flatMap((text) => Array.from({ length: Math.min(text.length, 24) }, (_, end) => text.slice(0, end + 1)).filter((prefix) => prefix.trim() !== ''));
const songTyping = keystrokes(sample(`SELECT title || ' ' || artists FROM songs ORDER BY id LIMIT 5000`));
const movieTyping = keystrokes(sample(`SELECT title FROM movies ORDER BY id LIMIT 5000`));

const search = new CatalogSearch(db);
const likeSongs = db.prepare(`SELECT id FROM songs WHERE title LIKE ?1 OR artists LIKE ?1 OR album LIKE ?1 ORDER BY popularity DESC LIMIT 50`);
const likeMovies = db.prepare(`SELECT id FROM movies WHERE title LIKE ?1 OR original_title LIKE ?1 ORDER BY vote_count DESC LIMIT 50`);

function measure(inputs: readonly string[], run: (text: string) => unknown): number[] {
  return inputs.map((text) => {
    const started = performance.now();
    run(text);
    return performance.now() - started;
  });
}

progressLine(`${songTyping.length + movieTyping.length} keystrokes`);
const results = {
  songsFts: timing(measure(songTyping, (text) => search.searchSongs(text, 50))),
  songsLike: timing(measure(songTyping, (text) => likeSongs.all(`%${text}%`))),
  moviesFts: timing(measure(movieTyping, (text) => search.searchMovies(text, 50))),
  moviesLike: timing(measure(movieTyping, (text) => likeMovies.all(`%${text}%`))),
};
db.close();

console.log(`\n${rows.toLocaleString('en-US')} songs and ${rows.toLocaleString('en-US')} movies; one query per keystroke, top 50`);
printTable([
  ['query', 'p50 ms', 'p95 ms', 'max ms', 'keystrokes'],
  ['songs: FTS5 (CatalogSearch)', results.songsFts.p50, results.songsFts.p95, results.songsFts.max, results.songsFts.runs],
  ['songs: LIKE scan', results.songsLike.p50, results.songsLike.p95, results.songsLike.max, results.songsLike.runs],
  ['movies: FTS5 (CatalogSearch)', results.moviesFts.p50, results.moviesFts.p95, results.moviesFts.max, results.moviesFts.runs],
  ['movies: LIKE scan', results.moviesLike.p50, results.moviesLike.p95, results.moviesLike.max, results.moviesLike.runs],
]);
console.log(`\nFTS5 vs LIKE (p50): songs ${(results.songsLike.p50 / results.songsFts.p50).toFixed(1)}x, movies ${(results.moviesLike.p50 / results.moviesFts.p50).toFixed(1)}x faster. Target: p95 under 50 ms.`);
writeResults('search', { rows, ...results });
