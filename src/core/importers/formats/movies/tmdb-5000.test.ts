import { describe, expect, it } from 'vitest';
import { importTempFile } from '../../../testing/import-temp.js';
import { ImportRuns } from '../../../catalog/import-runs.js';
import { importFile } from '../../import-file.js';
import { avatar5000Row, count, csvText, genresOf, jsonNames, keywordsOf, movieWhere, TMDB5000_COLUMNS, tmdb5000Row } from './movie-fixtures.js';

describe('tmdb-5000 (tmdb_5000_movies.csv)', () => {
  it('reads JSON genre and keyword lists, the TMDb id, and 0 or empty as unknown', async () => {
    const { db, summary } = await importTempFile(
      'tmdb_5000_movies.csv',
      csvText(TMDB5000_COLUMNS, [
        tmdb5000Row(),
        avatar5000Row({
          budget: 0,
          revenue: 0,
          runtime: '',
          genres: '[]',
          keywords: jsonNames(['culture clash', 'Culture Clash', 'future']),
          tagline: 'Enter the World of Pandora.',
          release_date: '2009-12-10',
        }),
      ]),
    );
    expect(summary.format.id).toBe('tmdb-5000');
    expect(summary.counters).toMatchObject({ rowsRead: 2, rowsImported: 2, rowsSkipped: 0, itemsAdded: 2 });

    const toyStory = movieWhere(db, 'tmdb_id = 862')!;
    expect(toyStory).toMatchObject({
      imdb_id: null,
      title: 'Toy Story',
      release_date: '1995-10-30',
      release_year: 1995,
      runtime_minutes: 81,
      budget: 30000000,
      revenue: 373554033,
      vote_average: 7.7,
      vote_count: 5269,
      popularity: 73.640445,
      tagline: null,
      status: 'Released',
      adult: null,
    });
    expect(genresOf(db, toyStory.id)).toEqual(['animation', 'comedy', 'family']);
    expect(keywordsOf(db, toyStory.id)).toEqual(['boy', 'friendship', 'jealousy', 'toy']);

    const avatar = movieWhere(db, 'tmdb_id = 19995')!;
    expect(avatar).toMatchObject({ budget: null, revenue: null, runtime_minutes: null, tagline: 'Enter the World of Pandora.', release_year: 2009 });
    expect(genresOf(db, avatar.id)).toEqual([]);
    expect(keywordsOf(db, avatar.id)).toEqual(['culture clash', 'future']);
  });

  it('reports a malformed JSON cell or a non-numeric count with line and column, and imports the rest', async () => {
    const { db, summary } = await importTempFile(
      'tmdb_5000_movies.csv',
      csvText(TMDB5000_COLUMNS, [
        tmdb5000Row({ id: 1, genres: '[{"id": 28, "name": "Action"' }),
        tmdb5000Row({ id: 2, keywords: '[{"id": 1}]' }),
        tmdb5000Row({ id: 3, vote_count: '12k' }),
        tmdb5000Row({ id: 4, release_date: '30/10/1995' }),
        tmdb5000Row({ id: 5 }),
      ]),
    );
    expect(summary.counters).toMatchObject({ rowsRead: 5, rowsImported: 1, rowsSkipped: 4 });
    expect(new ImportRuns(db).issues(summary.runId)).toEqual([
      expect.objectContaining({ line: 2, columnName: 'genres', columnNumber: 2, reason: expect.stringContaining('expected a JSON list') }),
      expect.objectContaining({ line: 3, columnName: 'keywords', columnNumber: 5, reason: expect.stringContaining('expected a JSON list') }),
      expect.objectContaining({ line: 4, columnName: 'vote_count', columnNumber: 20, reason: expect.stringContaining('got "12k"') }),
      expect.objectContaining({ line: 5, columnName: 'release_date', columnNumber: 12 }),
    ]);
    expect(summary.warnings).toContain('4 malformed row(s) were skipped; see the report.');
    expect(db.prepare(`SELECT tmdb_id FROM movies`).pluck().all()).toEqual([5]);
  });

  it('is idempotent: a second import changes no counts and adds nothing', async () => {
    const { db, file } = await importTempFile('tmdb_5000_movies.csv', csvText(TMDB5000_COLUMNS, [tmdb5000Row(), tmdb5000Row({ id: 19995, title: 'Avatar' })]));
    const tables = () =>
      ['movies', 'movie_genres', 'movie_keywords', 'genres', 'keywords', 'item_sources'].map((table) => count(db, `SELECT count(*) FROM ${table}`));
    const before = tables();
    const again = await importFile(db, { file });
    expect(again.counters).toMatchObject({ rowsImported: 2, itemsAdded: 0, itemsMerged: 2 });
    expect(tables()).toEqual(before);
  });
});
