import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { importFile } from '../importers/import-file.js';
import { browseMovies, type BrowseMoviesQuery } from './browse.js';
import { CatalogSearch } from './search.js';

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
    ];
    for (const query of queries) {
      const full = { ...DEFAULTS, ...query };
      const reference = browseMovies(db, full);
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
