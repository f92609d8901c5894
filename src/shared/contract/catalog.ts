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

/**
 * What Discover asks per keystroke, which the journey bench times: the song search's first page
 * (the list asks for more, up to SONG_SEARCH_MAX, only as it is scrolled: at a million songs a
 * page of 300 took 36 ms at p95 against 20 ms for 50) and the poster picker's first page (three
 * screens of posters; then pages of MOVIE_BROWSE_PAGE as the grid is scrolled). A page the
 * popular pool holds is answered from it, which a small first page makes likelier: at a million
 * movies a keystroke's p95 was 11 ms for 60 posters against 15 ms for 240.
 */
export const SONG_SEARCH_PAGE = 50;
export const SONG_SEARCH_MAX = 400;
export const MOVIE_BROWSE_FIRST_PAGE = 60;
export const MOVIE_BROWSE_PAGE = 240;

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
