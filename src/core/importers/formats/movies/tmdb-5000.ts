import { parseJsonNames } from '../../fields.js';
import { emptyMovie } from '../../records.js';
import type { RowReader } from '../../row.js';
import type { FormatDefinition } from '../types.js';
import { positiveOrNull, readTmdbCommon } from './tmdb-fields.js';

/** A JSON list cell such as '[{"id": 28, "name": "Action"}]'; anything else skips the row. */
function jsonNames(row: RowReader, column: string): string[] {
  const names = parseJsonNames(row.raw(column));
  if (names === null) throw row.error(column, 'a JSON list such as [{"id": 28, "name": "Action"}]');
  return [...new Set(names.map((name) => row.clean(name)).filter((name) => name !== ''))];
}

/** Kaggle "TMDB 5000 Movie Dataset" tmdb_5000_movies.csv: genres and keywords as JSON {id, name} lists, no IMDb ids. */
export const tmdb5000: FormatDefinition<'movies'> = {
  id: 'tmdb-5000',
  kind: 'movies',
  label: 'TMDB 5000 Movie Dataset (tmdb_5000_movies.csv)',
  requiredColumns: [
    'id',
    'title',
    'genres',
    'keywords',
    'budget',
    'revenue',
    'runtime',
    'release_date',
    'original_language',
    'original_title',
    'overview',
    'popularity',
    'vote_average',
    'vote_count',
  ],
  optionalColumns: ['tagline', 'status', 'homepage', 'production_companies', 'production_countries', 'spoken_languages'],
  createParser: () => (row) => ({
    ...emptyMovie(),
    ...readTmdbCommon(row),
    originalTitle: row.text('original_title'),
    tagline: row.text('tagline'),
    status: row.text('status'),
    revenue: positiveOrNull(row, 'revenue', true),
    budget: positiveOrNull(row, 'budget', true),
    runtimeMinutes: positiveOrNull(row, 'runtime', false),
    genres: jsonNames(row, 'genres'),
    keywords: jsonNames(row, 'keywords'),
  }),
};
