import { imdbUrl, spotifyUrl, tmdbUrl, type MovieCard, type SongCard } from '../core/recommend/hydrate.js';
import type { MovieCardData, SongCardData } from '../shared/recommend-schemas';

/** A catalog song card as the contract sends it: with its "Listen on Spotify" link. */
export function songCardData(card: SongCard): SongCardData {
  return { ...card, genres: [...card.genres], spotifyUrl: spotifyUrl(card) };
}

/** A catalog movie card as the contract sends it: with its TMDb and IMDb links. */
export function movieCardData(card: MovieCard): MovieCardData {
  return { ...card, genres: [...card.genres], tmdbUrl: tmdbUrl(card), imdbUrl: imdbUrl(card) };
}
