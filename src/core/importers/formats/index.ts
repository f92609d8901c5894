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
  // movie formats
];
