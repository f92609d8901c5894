import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { importFile } from '../importers/import-file.js';
import { browseMovies, type BrowseMoviesQuery } from './browse.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { CatalogSearch, toFtsQuery } from './search.js';

/** Every filter applied one by one in plain code over every movie, most voted first. */
function naive(db: CatalogDatabase, query: BrowseMoviesQuery): { total: number; ids: number[] } {
  type Row = { id: number; year: number | null; language: string | null };
  let rows = db
    .prepare(`SELECT id, release_year AS year, lower(original_language) AS language FROM movies ORDER BY coalesce(vote_count, 0) DESC, id`)
    .all() as Row[];
  const ids = (sql: string, ...params: unknown[]) =>
    new Set(
      db
        .prepare(sql)
        .pluck()
        .all(...params) as number[],
    );
  const fts = toFtsQuery(query.text);
  if (fts !== null) {
    const matching = ids(`SELECT rowid FROM movies_fts WHERE movies_fts MATCH ?`, fts);
    rows = rows.filter((row) => matching.has(row.id));
  }
  if (query.genres.length > 0) {
    const inGenre = ids(
      `SELECT mg.movie_id FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE lower(g.name) IN (SELECT lower(value) FROM json_each(?))`,
      JSON.stringify(query.genres),
    );
    rows = rows.filter((row) => inGenre.has(row.id));
  }
  if (query.withPosterOnly) {
    const withPoster = ids(`SELECT movie_id FROM posters`);
    rows = rows.filter((row) => withPoster.has(row.id));
  }
  rows = rows.filter(
    (row) =>
      (query.yearMin === undefined || (row.year !== null && row.year >= query.yearMin)) &&
      (query.yearMax === undefined || (row.year !== null && row.year <= query.yearMax)) &&
      (query.languages.length === 0 || (row.language !== null && query.languages.includes(row.language))),
  );
  return { total: rows.length, ids: rows.slice(query.offset, query.offset + query.limit).map((row) => row.id) };
}

const DEFAULTS: BrowseMoviesQuery = { text: '', genres: [], languages: [], withPosterOnly: false, order: 'popular', seed: 0, offset: 0, limit: 20 };

describe('browseMovies from the popular pool', () => {
  it('gives the very pages SQLite ranks, whether the pool holds them, runs out part way, or holds every movie', async () => {
    const db = tempDatabase();
    await importFile(db, { file: writeTmdbV11Csv(path.join(tempDir(), 'movies.csv'), { rows: 400, seed: 11 }).file });
    // Ties in vote count, so the order's second key (the id) counts too.
    db.prepare(`UPDATE movies SET vote_count = 7 WHERE id % 5 = 0`).run();
    const small = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 60 });
    const whole = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 1000 });
    const asked: number[] = [];
    const fromSmall = (text: string, count: number) => {
      const found = small.popularMovies(text, count);
      if (found) asked.push(found.ids.length);
      return found;
    };
    const fromWhole = (text: string, count: number) => whole.popularMovies(text, count);
    const word = (db.prepare(`SELECT title FROM movies ORDER BY vote_count DESC LIMIT 1`).pluck().get() as string).split(' ')[0]!;
    const genre = db
      .prepare(`SELECT g.name FROM genres g JOIN movie_genres mg ON mg.genre_id = g.id GROUP BY g.id ORDER BY count(*) DESC LIMIT 1`)
      .pluck()
      .get() as string;
    // Posters for every third movie.
    db.prepare(
      `INSERT INTO posters(movie_id, path, file_size, file_mtime_ms, matched_by) SELECT id, '/posters/' || id || '.jpg', 1000, 0, 'tmdb_id' FROM movies WHERE id % 3 = 0`,
    ).run();
    const queries: Partial<BrowseMoviesQuery>[] = [
      {},
      { offset: 40 },
      { offset: 55, limit: 20 }, // reaches past the pool's 60 movies
      { text: word },
      { text: word.slice(0, 2) },
      { text: 'zzyzx' },
      { genres: [genre] },
      { genres: [genre], text: word.slice(0, 1) },
      { yearMin: 1990, yearMax: 2005, limit: 50 },
      { languages: ['en'], offset: 10 },
      { withPosterOnly: true },
      { withPosterOnly: true, text: word.slice(0, 1), genres: [genre] },
      { withPosterOnly: true, yearMin: 1990, limit: 50 },
    ];
    for (const query of queries) {
      const full = { ...DEFAULTS, ...query };
      const reference = browseMovies(db, full);
      expect(reference.total, JSON.stringify(query)).toBe(naive(db, full).total);
      expect(
        reference.items.map((item) => item.id),
        JSON.stringify(query),
      ).toEqual(naive(db, full).ids);
      expect(browseMovies(db, full, fromSmall), JSON.stringify(query)).toEqual(reference);
      expect(browseMovies(db, full, fromWhole), JSON.stringify(query)).toEqual(reference);
    }
    // The small pool answered some pages itself and handed the others to SQLite.
    expect(asked.length).toBeGreaterThan(0);
    expect(browseMovies(db, { ...DEFAULTS, limit: 30 }, fromSmall).items).toHaveLength(30);
    small.close();
    whole.close();
    db.close();
  });

  it('counts matches up to a limit, says when more pass, and remembers counts only while the catalog is unchanged', async () => {
    const db = tempDatabase();
    await importFile(db, { file: writeTmdbV11Csv(path.join(tempDir(), 'movies.csv'), { rows: 200, seed: 13 }).file });
    const search = new CatalogSearch(db);
    const remembered = (key: string, count: () => number) => search.rememberedCount(key, count);
    const every = naive(db, { ...DEFAULTS, limit: 1000 });
    const aboveLimit = browseMovies(db, { ...DEFAULTS, genres: [] }, undefined, { countUpTo: 10 });
    // Every movie: counted exactly whatever the limit (SQLite counts a table without reading it).
    expect(aboveLimit).toMatchObject({ total: every.total, totalAtLeast: false });
    // The first letter most titles start with.
    const word = [...'abcdefghijklmnopqrstuvwxyz'].reduce((best, letter) =>
      naive(db, { ...DEFAULTS, text: letter }).total > naive(db, { ...DEFAULTS, text: best }).total ? letter : best,
    );
    const matching = naive(db, { ...DEFAULTS, text: word, limit: 1000 });
    expect(matching.total).toBeGreaterThan(3);
    for (const countUpTo of [1, 3, matching.total - 1]) {
      const page = browseMovies(db, { ...DEFAULTS, text: word, limit: 1000 }, undefined, { countUpTo });
      expect(page, `up to ${countUpTo}`).toMatchObject({ total: countUpTo, totalAtLeast: true });
      // The limit is on the count only: every match is still listed.
      expect(page.items.map((item) => item.id)).toEqual(matching.ids);
    }
    for (const countUpTo of [matching.total, matching.total + 1]) {
      const page = browseMovies(db, { ...DEFAULTS, text: word }, undefined, { countUpTo, remembered });
      expect(page, `up to ${countUpTo}`).toMatchObject({ total: matching.total, totalAtLeast: false });
    }
    // Remembered: a count is not read again while nothing changed; any write drops it.
    let counted = 0;
    const count = () => ++counted;
    expect([search.rememberedCount('k', count), search.rememberedCount('k', count)]).toEqual([1, 1]);
    db.prepare(`UPDATE movies SET title = 'Renamed' WHERE id = 1`).run();
    expect(search.rememberedCount('k', count)).toBe(2);
    const renamed = browseMovies(db, { ...DEFAULTS, text: 'renamed' }, undefined, { remembered });
    expect(renamed).toMatchObject({ total: 1, totalAtLeast: false });
    search.close();
    db.close();
  });

  it('falls back to SQLite when there is no pool yet, and orders other than the popular one never ask for it', async () => {
    const db = tempDatabase();
    await importFile(db, { file: writeTmdbV11Csv(path.join(tempDir(), 'movies.csv'), { rows: 50, seed: 12 }).file });
    let asked = 0;
    const none = () => {
      asked++;
      return null;
    };
    expect(browseMovies(db, DEFAULTS, none)).toEqual(browseMovies(db, DEFAULTS));
    expect(asked).toBe(1);
    for (const order of ['title', 'year', 'shuffle'] as const) browseMovies(db, { ...DEFAULTS, order }, none);
    expect(asked).toBe(1);
    db.close();
  });
});
