import path from 'node:path';
import type { FormatDefinition } from '../types.js';

/**
 * links.csv, tags.csv and ratings.csv only add to MovieLens movies.csv, whose import reads
 * them from the same folder. Importing one of them directly is a mistake these formats
 * catch, so the user is told what to import instead of seeing an "unknown header" error.
 */
function companionFile(id: string, fileName: string, requiredColumns: readonly string[], adds: string): FormatDefinition<'movies'> {
  return {
    id,
    kind: 'movies',
    label: `MovieLens ${fileName} (import movies.csv instead)`,
    requiredColumns,
    createParser(context) {
      const advice = context.uploaded
        ? 'Import movies.csv instead, choosing links.csv and tags.csv together with it: they are read beside it.'
        : `Import movies.csv from the same folder instead (${path.join(path.dirname(context.filePath), 'movies.csv')}): it reads links.csv, tags.csv and ratings.csv beside it.`;
      throw new Error(`${context.displayName} looks like MovieLens ${fileName}, which holds ${adds} and cannot be imported on its own. ${advice}`);
    },
  };
}

export const movieLensLinks = companionFile(
  'movielens-links',
  'links.csv',
  ['movieId', 'imdbId', 'tmdbId'],
  'the IMDb and TMDb ids of the movies in movies.csv',
);
export const movieLensTags = companionFile('movielens-tags', 'tags.csv', ['userId', 'movieId', 'tag'], "users' tags for the movies in movies.csv");
export const movieLensRatings = companionFile(
  'movielens-ratings',
  'ratings.csv',
  ['userId', 'movieId', 'rating'],
  "users' ratings of the movies in movies.csv",
);
