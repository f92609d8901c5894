import { z } from 'zod';
import { browseMoviesResultSchema, browseMoviesSchema, facetSchema } from '../recommend-schemas';
import { empty, id } from './common';
import { genreDomainSchema } from '../catalog-fields';

export const catalogStatsSchema = z.object({
  songs: z.number(),
  songsWithAudioFeatures: z.number(),
  movies: z.number(),
  moviesWithPoster: z.number(),
  posters: z.number(),
  musicGenres: z.number(),
  movieGenres: z.number(),
  keywords: z.number(),
  sources: z.number(),
  importRuns: z.number(),
  schemaVersion: z.number(),
  databaseBytes: z.number(),
});

export const songHitSchema = z.object({
  id,
  title: z.string(),
  artists: z.string(),
  album: z.string().nullable(),
  releaseYear: z.number().nullable(),
  spotifyId: z.string().nullable(),
});
export const movieHitSchema = z.object({
  id,
  title: z.string(),
  originalTitle: z.string().nullable(),
  releaseYear: z.number().nullable(),
  tmdbId: z.number().nullable(),
  imdbId: z.string().nullable(),
});

export const catalogMethods = {
  'catalog.stats': { input: empty, output: catalogStatsSchema },
  'catalog.searchSongs': {
    input: z.object({ text: z.string().max(200), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(songHitSchema),
  },
  'catalog.searchMovies': {
    input: z.object({ text: z.string().max(200), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(movieHitSchema),
  },
  /** Genre names of one domain with their item counts, most used first (for filters). */
  'catalog.genres': { input: z.object({ domain: genreDomainSchema }).strict(), output: facetSchema },
  /** Original languages of movies with counts (for filters). */
  'catalog.languages': { input: empty, output: facetSchema },
  /** The poster picker's pool: movies matching text and filters, paged. */
  'catalog.browseMovies': { input: browseMoviesSchema, output: browseMoviesResultSchema },
} as const;
