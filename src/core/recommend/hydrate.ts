import type { CatalogDatabase } from '../db/open-database.js';

/** What a result card shows for a song. */
export interface SongCard {
  readonly id: number;
  readonly title: string;
  readonly artists: string;
  readonly album: string | null;
  readonly releaseYear: number | null;
  readonly durationMs: number | null;
  readonly spotifyId: string | null;
  readonly genres: readonly string[];
}

/** What a result card shows for a movie. */
export interface MovieCard {
  readonly id: number;
  readonly title: string;
  readonly releaseYear: number | null;
  readonly tmdbId: number | null;
  readonly imdbId: string | null;
  readonly originalLanguage: string | null;
  readonly overview: string | null;
  readonly runtimeMinutes: number | null;
  /** A poster registered in the catalog (served by the poster protocol), or null: show a title card. */
  readonly posterId: number | null;
  readonly genres: readonly string[];
}

/** Song cards by id, in one query (ids missing from the catalog are absent from the map). */
export function songCards(db: CatalogDatabase, ids: readonly number[]): Map<number, SongCard> {
  const rows = db
    .prepare(
      `SELECT s.id, s.title, s.artists, s.album, s.release_year AS releaseYear, s.duration_ms AS durationMs, s.spotify_id AS spotifyId,
              (SELECT json_group_array(g.name) FROM song_genres sg JOIN genres g ON g.id = sg.genre_id WHERE sg.song_id = s.id) AS genres
         FROM songs s WHERE s.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as (Omit<SongCard, 'genres'> & { genres: string })[];
  return new Map(rows.map((row) => [row.id, { ...row, genres: JSON.parse(row.genres) as string[] }]));
}

export function movieCards(db: CatalogDatabase, ids: readonly number[]): Map<number, MovieCard> {
  const rows = db
    .prepare(
      `SELECT m.id, m.title, m.release_year AS releaseYear, m.tmdb_id AS tmdbId, m.imdb_id AS imdbId, m.original_language AS originalLanguage,
              m.overview, m.runtime_minutes AS runtimeMinutes,
              (SELECT min(p.id) FROM posters p WHERE p.movie_id = m.id) AS posterId,
              (SELECT json_group_array(g.name) FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id) AS genres
         FROM movies m WHERE m.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as (Omit<MovieCard, 'genres'> & { genres: string })[];
  return new Map(rows.map((row) => [row.id, { ...row, genres: JSON.parse(row.genres) as string[] }]));
}

/** "Listen on Spotify": the track page when its id is known, otherwise a search for title and artist. */
export function spotifyUrl(song: Pick<SongCard, 'spotifyId' | 'title' | 'artists'>): string {
  if (song.spotifyId && /^[A-Za-z0-9]{22}$/.test(song.spotifyId)) return `https://open.spotify.com/track/${song.spotifyId}`;
  return `https://open.spotify.com/search/${encodeURIComponent(`${song.title} ${song.artists}`.trim())}`;
}

export function tmdbUrl(movie: Pick<MovieCard, 'tmdbId'>): string | null {
  return movie.tmdbId ? `https://www.themoviedb.org/movie/${movie.tmdbId}` : null;
}

export function imdbUrl(movie: Pick<MovieCard, 'imdbId'>): string | null {
  return movie.imdbId ? `https://www.imdb.com/title/${movie.imdbId}/` : null;
}
