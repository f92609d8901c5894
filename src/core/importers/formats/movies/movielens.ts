import path from 'node:path';
import { splitList, splitMovieLensTitle } from '../../fields.js';
import { emptyMovie } from '../../records.js';
import type { RowReader } from '../../row.js';
import type { FormatDefinition } from '../types.js';
import { readMovieLensSideFiles, type MovieLensSideData } from './movielens-side-files.js';

const NO_GENRES = '(no genres listed)';

/**
 * MovieLens movies.csv (movieId,title,genres), joined with links.csv, tags.csv and ratings.csv
 * from the same folder: links give the TMDb and IMDb ids that merge these movies with TMDb
 * sources, tags become keywords, and ratings give a vote count and an average on TMDb's 0-10 scale.
 */
export const movieLens: FormatDefinition<'movies'> = {
  id: 'movielens',
  kind: 'movies',
  label: 'MovieLens movies.csv (reads links.csv, tags.csv and ratings.csv beside it)',
  requiredColumns: ['movieId', 'title', 'genres'],
  async createParser(context) {
    const side = await readMovieLensSideFiles(path.dirname(context.filePath), context);
    return (row) => {
      const movielensId = row.requiredNumber('movieId', { integer: true, min: 1 });
      const fullTitle = row.requiredText('title', 'a movie title');
      const { title, year } = splitMovieLensTitle(fullTitle);
      const link = side.links?.get(movielensId);
      const rated = side.ratings.get(movielensId);
      return {
        ...emptyMovie(),
        movielensId,
        tmdbId: link?.tmdbId ?? null,
        imdbId: link?.imdbId ?? null,
        title: title === '' ? fullTitle : title,
        releaseYear: year,
        genres: splitList(row.text('genres'), '|').filter((genre) => genre.toLowerCase() !== NO_GENRES),
        keywords: keywordsOf(row, side, movielensId),
        voteCount: rated?.count ?? null,
        voteAverage: rated === undefined ? null : Math.round((rated.sum / rated.count) * 200) / 100,
        votesAreFallback: true,
      };
    };
  },
};

/** The movie's tags, cleaned like any other text, lower-cased and deduplicated. */
function keywordsOf(row: RowReader, side: MovieLensSideData, movielensId: number): string[] {
  const tags = side.tags.get(movielensId);
  if (tags === undefined) return [];
  const keywords = new Set<string>();
  for (const tag of tags) {
    const keyword = row.clean(tag).toLowerCase();
    if (keyword !== '') keywords.add(keyword);
  }
  return [...keywords];
}
