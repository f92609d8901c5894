import { emptyMovie } from '../../records.js';
import type { FormatDefinition } from '../types.js';
import { positiveOrNull, readCommaList, readImdbId, readTmdbCommon } from './tmdb-fields.js';

/**
 * Kaggle asaniczka "TMDB Movies Dataset 2023 (930K+ Movies)", TMDB_movie_dataset_v11.csv.
 * genres and keywords are ", "-joined. The keywords column is optional: trimmed re-saves of
 * the file (such as the 91-row Excel subset) drop it. Unknown budget, revenue and runtime are 0.
 */
export const tmdbV11: FormatDefinition<'movies'> = {
  id: 'tmdb-v11',
  kind: 'movies',
  label: 'TMDB Movies Dataset 2023 (TMDB_movie_dataset_v11.csv)',
  // More columns than tmdb-5000 requires, so a full v11 file (which has all of TMDB 5000's columns) picks this format.
  requiredColumns: [
    'id',
    'title',
    'vote_average',
    'vote_count',
    'status',
    'release_date',
    'revenue',
    'runtime',
    'adult',
    'budget',
    'imdb_id',
    'original_language',
    'original_title',
    'overview',
    'popularity',
    'poster_path',
    'genres',
  ],
  optionalColumns: ['keywords', 'tagline', 'backdrop_path', 'homepage', 'production_companies', 'production_countries', 'spoken_languages'],
  createParser: () => (row) => ({
    ...emptyMovie(),
    ...readTmdbCommon(row),
    imdbId: readImdbId(row),
    originalTitle: row.text('original_title'),
    tagline: row.text('tagline'),
    status: row.text('status'),
    adult: row.boolean('adult'),
    posterPath: row.text('poster_path'),
    revenue: positiveOrNull(row, 'revenue', true),
    budget: positiveOrNull(row, 'budget', true),
    runtimeMinutes: positiveOrNull(row, 'runtime', false),
    genres: readCommaList(row, 'genres'),
    keywords: readCommaList(row, 'keywords'),
  }),
};
