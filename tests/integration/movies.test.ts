import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/core/importers/import-file.js';
import { tempDatabase } from '../support/temp.js';

const dir = path.resolve(import.meta.dirname, '../../../shared/data');
const present = fs.existsSync(dir);
if (!present) console.warn(`Skipping movie dataset integration tests: ${dir} (../shared/data beside this checkout) does not exist.`);

const ML = 'movielens-ml-latest-small/movies.csv';
const TMDB_5000 = 'tmdb-5000-movies/tmdb_5000_movies.csv';
const TOP_10K = 'tmdb-top10k-movies/top10K-TMDB-movies.csv';
const V11 = 'tmdb-movies-dataset-2023-v11-subset/TMDB_movie_dataset_v11_subset91_cp1252.csv';

const file = (relative: string) => path.join(dir, relative);
const count = (db: ReturnType<typeof tempDatabase>, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

/** Rows of a shared file as objects, read with csv-parse directly (independently of the importer). */
function rows(relative: string, encoding = 'utf-8'): Record<string, string>[] {
  return parse(iconv.decode(fs.readFileSync(file(relative)), encoding), { columns: true, bom: true, relax_quotes: true }) as Record<string, string>[];
}
const column = (relative: string, name: string, encoding?: string) => rows(relative, encoding).map((row) => row[name] ?? '');
const distinct = (values: readonly string[]) => new Set(values.filter((value) => value !== ''));

describe.skipIf(!present)('movie datasets in ../shared/data', () => {
  it('TMDB 5000: 4,803 movies with JSON genres and keywords', async () => {
    const db = tempDatabase();
    const summary = await importFile(db, { file: file(TMDB_5000) });
    expect(summary.format.id).toBe('tmdb-5000');
    expect(summary.counters).toMatchObject({ rowsRead: 4_803, rowsImported: 4_803, rowsSkipped: 0, itemsAdded: 4_803, itemsMerged: 0 });
    expect(count(db, `SELECT count(*) FROM movies`)).toBe(4_803);
    expect(count(db, `SELECT count(*) FROM movies WHERE imdb_id IS NOT NULL`)).toBe(0);
    // 28 rows have genres [] and 412 keywords [] (PROVENANCE.md).
    expect(count(db, `SELECT count(*) FROM movies m WHERE NOT EXISTS (SELECT 1 FROM movie_genres g WHERE g.movie_id = m.id)`)).toBe(28);
    expect(count(db, `SELECT count(*) FROM movies m WHERE NOT EXISTS (SELECT 1 FROM movie_keywords k WHERE k.movie_id = m.id)`)).toBe(412);
    const avatar = db.prepare(`SELECT id, title, budget, release_date AS released FROM movies WHERE tmdb_id = 19995`).get() as { id: number };
    expect(avatar).toMatchObject({ title: 'Avatar', budget: 237_000_000, released: '2009-12-10' });
    const genres = db.prepare(`SELECT g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = ? ORDER BY 1`).pluck().all(avatar.id);
    expect(genres).toEqual(['action', 'adventure', 'fantasy', 'science fiction']);
  });

  it('MovieLens small: 9,742 rows with links, tags and ratings; 9,741 movies, 9,733 distinct TMDb ids', async () => {
    const linkRows = rows('movielens-ml-latest-small/links.csv');
    const tmdbIds = distinct(linkRows.map((row) => row.tmdbId ?? ''));
    const withoutTmdb = linkRows.filter((row) => row.tmdbId === '').length;
    expect([linkRows.length, tmdbIds.size, withoutTmdb]).toEqual([9_742, 9_733, 8]);

    const db = tempDatabase();
    const summary = await importFile(db, { file: file(ML) });
    expect(summary.format.id).toBe('movielens');
    expect(summary.warnings).toEqual([]);
    // Two rows (6003 and 144606, "Confessions of a Dangerous Mind (2002)") share TMDb id 4912 and merge.
    expect(summary.counters).toMatchObject({ rowsRead: 9_742, rowsImported: 9_742, rowsSkipped: 0, itemsAdded: 9_741, itemsMerged: 1 });
    expect(count(db, `SELECT count(*) FROM movies`)).toBe(tmdbIds.size + withoutTmdb);
    expect(count(db, `SELECT count(*) FROM movies WHERE tmdb_id IS NOT NULL`)).toBe(9_733);
    expect(count(db, `SELECT count(*) FROM movies WHERE imdb_id IS NOT NULL`)).toBe(9_741);

    const toyStory = db.prepare(`SELECT * FROM movies WHERE movielens_id = 1`).get();
    expect(toyStory).toMatchObject({ title: 'Toy Story', release_year: 1995, tmdb_id: 862, imdb_id: 'tt0114709', vote_count: 215, vote_average: 7.84 });
    expect(db.prepare(`SELECT title, release_year AS year FROM movies WHERE movielens_id = 318`).get()).toEqual({
      title: 'The Shawshank Redemption',
      year: 1994,
    });
    const stepBrothers = db.prepare(`SELECT id FROM movies WHERE movielens_id = 60756`).pluck().get();
    const keywords = db
      .prepare(`SELECT k.name FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id WHERE mk.movie_id = ? ORDER BY 1`)
      .pluck()
      .all(stepBrothers);
    expect(keywords).toEqual(['comedy', 'funny', 'highly quotable', 'will ferrell']);
    expect(count(db, `SELECT count(*) FROM genres WHERE name LIKE '%no genres%'`)).toBe(0);

    const again = await importFile(db, { file: file(ML) });
    expect(again.counters).toMatchObject({ itemsAdded: 0, itemsMerged: 9_742 });
    expect(count(db, `SELECT count(*) FROM movies`)).toBe(9_741);
  });

  it('MovieLens links.csv imported directly: told to import movies.csv instead', async () => {
    await expect(importFile(tempDatabase(), { file: file('movielens-ml-latest-small/links.csv') })).rejects.toThrow(
      /Import movies\.csv from the same folder instead/,
    );
  });

  it('Top 10000: 10,000 distinct movies with comma-joined genres', async () => {
    expect(distinct(column(TOP_10K, 'id')).size).toBe(10_000);
    const db = tempDatabase();
    const summary = await importFile(db, { file: file(TOP_10K) });
    expect(summary.format.id).toBe('tmdb-top10k');
    expect(summary.counters).toMatchObject({ rowsRead: 10_000, rowsImported: 10_000, rowsSkipped: 0, itemsAdded: 10_000 });
    const genres = db
      .prepare(`SELECT g.name FROM movies m JOIN movie_genres mg ON mg.movie_id = m.id JOIN genres g ON g.id = mg.genre_id WHERE m.tmdb_id = 278 ORDER BY 1`)
      .pluck()
      .all();
    expect(genres).toEqual(['crime', 'drama']);
    // 3 rows have an empty genre (counted here with csv-parse, not the importer).
    expect(count(db, `SELECT count(*) FROM movies m WHERE NOT EXISTS (SELECT 1 FROM movie_genres g WHERE g.movie_id = m.id)`)).toBe(
      column(TOP_10K, 'genre').filter((genre) => genre === '').length,
    );
  });

  it('TMDB v11 subset: 91 movies without a keywords column; cp1252 punctuation and UTF-8 leftovers repaired', async () => {
    const db = tempDatabase();
    const summary = await importFile(db, { file: file(V11) });
    expect(summary.format.id).toBe('tmdb-v11');
    expect(summary.encoding.encoding).toBe('windows-1252');
    expect(summary.counters).toMatchObject({ rowsRead: 91, rowsImported: 91, rowsSkipped: 0, itemsAdded: 91 });
    expect(count(db, `SELECT count(*) FROM movies WHERE imdb_id IS NOT NULL AND poster_path IS NOT NULL`)).toBe(91);
    const overview = (tmdbId: number) => db.prepare(`SELECT overview FROM movies WHERE tmdb_id = ?`).pluck().get(tmdbId) as string;
    // "?" + 0x94 (an em dash that lost its first two UTF-8 bytes) and "?" + 0x99 (a right single quote).
    expect(overview(13)).toContain('present during significant historic events—in each case, far exceeding');
    expect(overview(99861)).toContain('Earth’s Mightiest Heroes');
    // UTF-8 bytes read as cp1252 ("fiancÃ©", "WALLÂ·E") are repaired.
    expect(overview(597)).toContain('with her mother and fiancé. Meanwhile');
    expect(overview(597)).toContain('death—on its first and last voyage—on April 15, 1912.');
    expect(db.prepare(`SELECT title FROM movies WHERE tmdb_id = 10681`).pluck().get()).toBe('WALL·E');
    expect(count(db, `SELECT count(*) FROM movies WHERE overview LIKE '%Ã%' OR title LIKE '%Â%' OR overview LIKE '%?”%'`)).toBe(0);
    expect(db.prepare(`SELECT runtime_minutes, revenue, budget, adult, vote_count FROM movies WHERE tmdb_id = 27205`).get()).toEqual({
      runtime_minutes: 148,
      revenue: 825_532_764,
      budget: 160_000_000,
      adult: 0,
      vote_count: 34_495,
    });
  });

  it('all four merged: one movie per distinct TMDb id, plus the MovieLens movies that have none', async () => {
    const tmdbIds = new Set([
      ...distinct(column('movielens-ml-latest-small/links.csv', 'tmdbId')),
      ...distinct(column(TMDB_5000, 'id')),
      ...distinct(column(TOP_10K, 'id')),
      ...distinct(column(V11, 'id', 'windows-1252')),
    ]);
    const movieLensWithoutTmdb = column('movielens-ml-latest-small/links.csv', 'tmdbId').filter((id) => id === '').length;
    expect(tmdbIds.size).toBe(14_791);

    const db = tempDatabase();
    const summaries = [];
    for (const relative of [ML, TMDB_5000, TOP_10K, V11]) summaries.push(await importFile(db, { file: file(relative) }));
    expect(summaries.map((summary) => summary.counters.rowsSkipped)).toEqual([0, 0, 0, 0]);
    expect(count(db, `SELECT count(*) FROM movies WHERE tmdb_id IS NOT NULL`)).toBe(tmdbIds.size);
    expect(count(db, `SELECT count(*) FROM movies`)).toBe(tmdbIds.size + movieLensWithoutTmdb);
    // MovieLens links Spider-Man: Homecoming (tt2250912) to TMDb 202249; v11 and Top 10000 say 315635.
    expect(summaries[3]!.warnings.join('\n')).toMatch(/TMDb 315635, IMDb tt2250912, MovieLens -\) belong to 2 different catalog movies/);

    const inception = db.prepare(`SELECT * FROM movies WHERE tmdb_id = 27205`).get() as { id: number };
    expect(inception).toMatchObject({ imdb_id: 'tt1375666', movielens_id: 79132, title: 'Inception' });
    expect(count(db, `SELECT count(*) FROM item_sources WHERE item_kind = 'movie' AND item_id = ?`, inception.id)).toBe(4);
    expect(db.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
  });
});
