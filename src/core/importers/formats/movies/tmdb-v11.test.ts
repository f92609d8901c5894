import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempFile } from '../../../testing/temp.js';
import { importTempFile } from '../../../testing/import-temp.js';
import { ImportRuns } from '../../../catalog/import-runs.js';
import { importFile } from '../../import-file.js';
import { count, csvText, genresOf, keywordsOf, movieWhere, V11_COLUMNS, V11_COLUMNS_WITHOUT_KEYWORDS, v11Row } from './movie-fixtures.js';

describe('tmdb-v11 (TMDB_movie_dataset_v11.csv)', () => {
  it('reads every field of the 24-column file, with ", "-joined genres and keywords', async () => {
    const { db, summary } = await importTempFile(
      'TMDB_movie_dataset_v11.csv',
      csvText(V11_COLUMNS, [
        v11Row(),
        v11Row({
          id: 8844,
          title: 'Jumanji',
          imdb_id: '0113497',
          revenue: 0,
          budget: 0,
          runtime: 0,
          adult: 'True',
          keywords: '',
          genres: 'Adventure,Fantasy',
          release_date: '',
          tagline: '',
        }),
      ]),
    );
    expect(summary).toMatchObject({ kind: 'movies', format: { id: 'tmdb-v11' }, status: 'completed' });
    expect(summary.counters).toMatchObject({ rowsRead: 2, rowsImported: 2, rowsSkipped: 0, itemsAdded: 2, itemsMerged: 0 });

    const toyStory = movieWhere(db, 'tmdb_id = 862')!;
    expect(toyStory).toMatchObject({
      imdb_id: 'tt0114709',
      movielens_id: null,
      title: 'Toy Story',
      original_title: 'Toy Story',
      release_date: '1995-10-30',
      release_year: 1995,
      runtime_minutes: 81,
      revenue: 394436586,
      budget: 30000000,
      adult: 0,
      vote_count: 17262,
      vote_average: 7.97,
      popularity: 101.463,
      poster_path: '/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg',
      status: 'Released',
      original_language: 'en',
      tagline: 'Hang on for the comedy that goes to infinity and beyond!',
    });
    expect(genresOf(db, toyStory.id)).toEqual(['adventure', 'animation', 'comedy', 'family']);
    expect(keywordsOf(db, toyStory.id)).toEqual(['friendship', 'rescue', 'toy']);

    // 0 means unknown for revenue, budget and runtime; the IMDb id is normalised.
    const jumanji = movieWhere(db, 'tmdb_id = 8844')!;
    expect(jumanji).toMatchObject({
      imdb_id: 'tt0113497',
      revenue: null,
      budget: null,
      runtime_minutes: null,
      adult: 1,
      release_date: null,
      release_year: null,
      tagline: null,
    });
    expect(genresOf(db, jumanji.id)).toEqual(['adventure', 'fantasy']);
    expect(keywordsOf(db, jumanji.id)).toEqual([]);
  });

  it('is detected without the keywords column, as in the trimmed Excel re-save', async () => {
    const { db, summary } = await importTempFile('subset.csv', csvText(V11_COLUMNS_WITHOUT_KEYWORDS, [v11Row()], '\r\n'));
    expect(summary.format.id).toBe('tmdb-v11');
    expect(summary.counters).toMatchObject({ rowsImported: 1, rowsSkipped: 0 });
    expect(count(db, `SELECT count(*) FROM movie_keywords`)).toBe(0);
    expect(count(db, `SELECT count(*) FROM movie_genres`)).toBe(4);
  });

  it('decodes a cp1252 file: accents, curly quotes and dashes', async () => {
    const db = tempDatabase();
    const rows = [
      v11Row({
        id: 194,
        imdb_id: 'tt0211915',
        title: 'Amélie',
        original_title: 'Le Fabuleux Destin d’Amélie Poulain',
        overview: 'At a tiny Parisian café, the adorable yet painfully shy Amélie accidentally discovers a gift for helping others — and “meddling”.',
      }),
      v11Row({ id: 862, overview: 'Woody’s world — and Andy’s room — are turned upside down.' }),
    ];
    const file = tempFile('cp1252.csv', iconv.encode(csvText(V11_COLUMNS_WITHOUT_KEYWORDS, rows, '\r\n'), 'windows-1252'));
    const summary = await importFile(db, { file });
    expect(summary.encoding.encoding).toBe('windows-1252');
    expect(summary.counters).toMatchObject({ rowsImported: 2, rowsSkipped: 0 });
    expect(movieWhere(db, 'tmdb_id = 194')).toMatchObject({
      title: 'Amélie',
      original_title: 'Le Fabuleux Destin d’Amélie Poulain',
      overview: 'At a tiny Parisian café, the adorable yet painfully shy Amélie accidentally discovers a gift for helping others — and “meddling”.',
    });
    expect(movieWhere(db, 'tmdb_id = 862')?.overview).toBe('Woody’s world — and Andy’s room — are turned upside down.');
  });

  it('skips malformed rows with line and column, and imports the rest', async () => {
    const { db, summary } = await importTempFile(
      'v11.csv',
      csvText(V11_COLUMNS, [
        v11Row(),
        v11Row({ id: 8844, vote_count: 'lots' }),
        v11Row({ id: 949, adult: 'maybe' }),
        v11Row({ id: 'abc' }),
        v11Row({ id: 11, imdb_id: 'nm0000123' }),
        v11Row({ id: 12, title: 'Finding Nemo', imdb_id: 'tt0266543' }),
      ]),
    );
    expect(summary.counters).toMatchObject({ rowsRead: 6, rowsImported: 2, rowsSkipped: 4 });
    expect(new ImportRuns(db).issues(summary.runId)).toEqual([
      expect.objectContaining({
        line: 3,
        columnName: 'vote_count',
        columnNumber: 4,
        reason: expect.stringContaining('expected a whole number of at least 0, got "lots"'),
      }),
      expect.objectContaining({ line: 4, columnName: 'adult', columnNumber: 9, reason: expect.stringContaining('got "maybe"') }),
      expect.objectContaining({ line: 5, columnName: 'id', columnNumber: 1 }),
      expect.objectContaining({ line: 6, columnName: 'imdb_id', columnNumber: 13, reason: expect.stringContaining('an IMDb id') }),
    ]);
    expect(db.prepare(`SELECT tmdb_id FROM movies ORDER BY tmdb_id`).pluck().all()).toEqual([12, 862]);
  });

  it('is idempotent: importing the same file again adds nothing', async () => {
    const { db, file } = await importTempFile('v11.csv', csvText(V11_COLUMNS, [v11Row(), v11Row({ id: 8844, title: 'Jumanji', imdb_id: 'tt0113497' })]));
    const tables = () => ['movies', 'movie_genres', 'movie_keywords', 'genres', 'keywords'].map((table) => count(db, `SELECT count(*) FROM ${table}`));
    const before = tables();
    const again = await importFile(db, { file });
    expect(again.counters).toMatchObject({ itemsAdded: 0, itemsMerged: 2, rowsSkipped: 0 });
    expect(tables()).toEqual(before);
  });
});
