import { movieLens } from './movies/movielens.js';
import { movieLensLinks, movieLensRatings, movieLensTags } from './movies/movielens-companions.js';
import { tmdb5000 } from './movies/tmdb-5000.js';
import { tmdbTop10k } from './movies/tmdb-top10k.js';
import { tmdbV11 } from './movies/tmdb-v11.js';
import { spotify1921To2020 } from './songs/spotify-1921-2020.js';
import { spotify2023MostStreamed } from './songs/spotify-2023-most-streamed.js';
import { spotifySongsTidyTuesday } from './songs/spotify-songs-tidytuesday.js';
import { spotifyTracksHf } from './songs/spotify-tracks-hf.js';
import type { AnyFormat } from './types.js';

/** Every built-in format. Detection picks the one whose required columns all appear in the header. */
export const FORMATS: readonly AnyFormat[] = [
  spotifyTracksHf,
  spotifySongsTidyTuesday,
  spotify1921To2020,
  spotify2023MostStreamed,
  tmdbV11,
  tmdb5000,
  tmdbTop10k,
  movieLens,
  movieLensLinks,
  movieLensTags,
  movieLensRatings,
];
