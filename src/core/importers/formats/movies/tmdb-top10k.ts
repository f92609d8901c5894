import { emptyMovie } from '../../records.js';
import type { FormatDefinition } from '../types.js';
import { readCommaList, readTmdbCommon } from './tmdb-fields.js';

/** Kaggle "Top 10000 movies from TMDB" top10K-TMDB-movies.csv: one "genre" column, comma-joined ("Drama,Crime"). */
export const tmdbTop10k: FormatDefinition<'movies'> = {
  id: 'tmdb-top10k',
  kind: 'movies',
  label: 'Top 10000 TMDB movies (top10K-TMDB-movies.csv)',
  requiredColumns: ['id', 'title', 'genre', 'original_language', 'overview', 'popularity', 'release_date', 'vote_average', 'vote_count'],
  createParser: () => (row) => ({
    ...emptyMovie(),
    ...readTmdbCommon(row),
    genres: readCommaList(row, 'genre'),
  }),
};
