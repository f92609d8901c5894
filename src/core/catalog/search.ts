import type { CatalogDatabase } from '../db/open-database.js';

export interface SongHit {
  readonly id: number;
  readonly title: string;
  readonly artists: string;
  readonly album: string | null;
  readonly releaseYear: number | null;
  readonly spotifyId: string | null;
}

export interface MovieHit {
  readonly id: number;
  readonly title: string;
  readonly originalTitle: string | null;
  readonly releaseYear: number | null;
  readonly tmdbId: number | null;
  readonly imdbId: string | null;
}

/**
 * Turns what the user typed into an FTS5 query: every word must match, the last one as a
 * prefix (search-as-you-type). Words are quoted, so FTS5 syntax in the input is inert.
 *
 * The first keystrokes ("l", "lo") would match most of a large catalog and rank all of it, which
 * is slow and useless; a lone word shorter than SHORT_PREFIX therefore only matches the start of
 * a title, artist or album (FTS5's ^ initial-token operator).
 */
export const SHORT_PREFIX = 3;

export function toFtsQuery(input: string): string | null {
  const words = input
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  if (words.length === 0) return null;
  if (words.length === 1 && [...words[0]!].length < SHORT_PREFIX) return `^"${words[0]}"*`;
  return words.map((word, index) => (index === words.length - 1 ? `"${word}"*` : `"${word}"`)).join(' ');
}

/** Prepared search statements; ranked by FTS relevance, ties broken by popularity. */
export class CatalogSearch {
  private readonly songs;
  private readonly movies;

  constructor(db: CatalogDatabase) {
    this.songs = db.prepare(`
      SELECT s.id, s.title, s.artists, s.album, s.release_year AS releaseYear, s.spotify_id AS spotifyId
      FROM songs_fts f JOIN songs s ON s.id = f.rowid
      WHERE songs_fts MATCH ?
      ORDER BY bm25(songs_fts, 4.0, 2.0, 1.0) - COALESCE(s.popularity, 0) / 50.0
      LIMIT ?`);
    this.movies = db.prepare(`
      SELECT m.id, m.title, m.original_title AS originalTitle, m.release_year AS releaseYear, m.tmdb_id AS tmdbId, m.imdb_id AS imdbId
      FROM movies_fts f JOIN movies m ON m.id = f.rowid
      WHERE movies_fts MATCH ?
      ORDER BY bm25(movies_fts, 3.0, 1.0) - ln(1 + COALESCE(m.vote_count, 0)) / 4.0
      LIMIT ?`);
  }

  searchSongs(text: string, limit = 20): SongHit[] {
    const query = toFtsQuery(text);
    return query === null ? [] : (this.songs.all(query, limit) as SongHit[]);
  }

  searchMovies(text: string, limit = 20): MovieHit[] {
    const query = toFtsQuery(text);
    return query === null ? [] : (this.movies.all(query, limit) as MovieHit[]);
  }
}
