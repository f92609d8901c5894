import { normaliseImdbId, readReleaseDate, splitList } from '../../fields.js';
import type { MovieRecord } from '../../records.js';
import type { RowReader } from '../../row.js';

/** Cell readers shared by the TMDb-derived movie formats (TMDB 5000, Top 10000, TMDB v11). */

/** The TMDb id in the "id" column: a positive whole number, or the row is skipped. */
export function readTmdbId(row: RowReader, column = 'id'): number {
  return row.requiredNumber(column, { integer: true, min: 1 });
}

/** TMDb writes 0 for an unknown budget, revenue or runtime: stored as null. */
export function positiveOrNull(row: RowReader, column: string, integer: boolean): number | null {
  const value = row.number(column, { integer, min: 0 });
  return value === 0 ? null : value;
}

export function readImdbId(row: RowReader, column = 'imdb_id'): string | null {
  const text = row.text(column);
  if (text === null) return null;
  const id = normaliseImdbId(text);
  if (id === null) throw row.error(column, 'an IMDb id such as tt0114709');
  return id;
}

/** A comma-joined list cell ("Drama, Crime" or "Drama,Crime"), each name cleaned. */
export function readCommaList(row: RowReader, column: string): string[] {
  return splitList(row.text(column), ',');
}

/** The columns every TMDb export shares, with TMDb's scales (vote average 0-10). */
export function readTmdbCommon(
  row: RowReader,
): Pick<MovieRecord, 'tmdbId' | 'title' | 'originalLanguage' | 'overview' | 'popularity' | 'releaseDate' | 'releaseYear' | 'voteAverage' | 'voteCount'> {
  const released = readReleaseDate(row, 'release_date', '2010-07-15, 2010-07 or 2010');
  return {
    tmdbId: readTmdbId(row),
    title: row.requiredText('title', 'a movie title'),
    originalLanguage: row.text('original_language'),
    overview: row.text('overview'),
    popularity: row.number('popularity', { min: 0 }),
    releaseDate: released.date,
    releaseYear: released.year,
    voteAverage: row.number('vote_average', { min: 0, max: 10 }),
    voteCount: row.number('vote_count', { integer: true, min: 0 }),
  };
}
