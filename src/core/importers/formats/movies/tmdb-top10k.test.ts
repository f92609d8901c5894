import { describe, expect, it } from 'vitest';
import { tempDatabase, tempFile } from '../../../testing/temp.js';
import { ImportRuns } from '../../../catalog/import-runs.js';
import { importFile } from '../../import-file.js';
import { count, csvText, genresOf, movieWhere, TOP10K_COLUMNS, top10kRow } from './movie-fixtures.js';

describe('tmdb-top10k (top10K-TMDB-movies.csv)', () => {
  it('reads the comma-joined genre column; CRLF without a final newline', async () => {
    const db = tempDatabase();
    const text = csvText(
      TOP10K_COLUMNS,
      [top10kRow(), top10kRow({ id: 19404, title: 'Dilwale Dulhania Le Jayenge', genre: 'Comedy,Drama,Romance', original_language: 'hi', overview: '' })],
      '\r\n',
    );
    const file = tempFile('top10K-TMDB-movies.csv', text.trimEnd());
    const summary = await importFile(db, { file });
    expect(summary.format.id).toBe('tmdb-top10k');
    expect(summary.counters).toMatchObject({ rowsRead: 2, rowsImported: 2, rowsSkipped: 0, itemsAdded: 2 });
    const shawshank = movieWhere(db, 'tmdb_id = 278')!;
    expect(shawshank).toMatchObject({
      title: 'The Shawshank Redemption',
      release_date: '1994-09-23',
      release_year: 1994,
      vote_average: 8.7,
      vote_count: 21862,
      popularity: 94.075,
      original_language: 'en',
    });
    expect(genresOf(db, shawshank.id)).toEqual(['crime', 'drama']);
    expect(movieWhere(db, 'tmdb_id = 19404')).toMatchObject({ original_language: 'hi', overview: null });
  });

  it('rejects an out-of-range vote average with line and column', async () => {
    const db = tempDatabase();
    const file = tempFile('top10k.csv', csvText(TOP10K_COLUMNS, [top10kRow({ vote_average: 87 }), top10kRow({ id: 1, vote_count: '' })]));
    const summary = await importFile(db, { file });
    expect(summary.counters).toMatchObject({ rowsImported: 1, rowsSkipped: 1 });
    expect(new ImportRuns(db).issues(summary.runId)).toEqual([
      expect.objectContaining({ line: 2, columnName: 'vote_average', columnNumber: 8, reason: expect.stringContaining('a number from 0 to 10, got "87"') }),
    ]);
    expect(movieWhere(db, 'tmdb_id = 1')).toMatchObject({ vote_count: null });
  });

  it('is idempotent', async () => {
    const db = tempDatabase();
    const file = tempFile('top10k.csv', csvText(TOP10K_COLUMNS, [top10kRow(), top10kRow({ id: 2, title: 'Other' })]));
    await importFile(db, { file });
    const again = await importFile(db, { file });
    expect(again.counters).toMatchObject({ itemsAdded: 0, itemsMerged: 2 });
    expect(count(db, `SELECT count(*) FROM movies`)).toBe(2);
    expect(count(db, `SELECT count(*) FROM movie_genres`)).toBe(4);
  });
});
