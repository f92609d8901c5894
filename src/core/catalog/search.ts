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

/** Answers kept for repeated keystrokes (the same few first letters come up again and again). */
const RECENT_ANSWERS = 512;

/** Prepared search statements; ranked by FTS relevance, ties broken by popularity. */
export class CatalogSearch {
  private readonly songs;
  private readonly movies;
  private readonly changes;
  private readonly dataVersion;
  /**
   * Recent answers by kind, limit and FTS query. At a million items the first keystrokes ("m",
   * "lo") rank tens of thousands of matches (100+ ms each); typing and deleting asks them again.
   * Dropped as soon as the catalog changes (this connection's writes, or another's commit).
   */
  private readonly recent = new Map<string, readonly (SongHit | MovieHit)[]>();
  private catalogVersion = '';

  constructor(db: CatalogDatabase) {
    this.changes = db.prepare(`SELECT total_changes()`).pluck();
    this.dataVersion = db.prepare(`PRAGMA data_version`).pluck();
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
    return query === null ? [] : (this.remembered(`s${limit}:${query}`, () => this.songs.all(query, limit) as SongHit[]) as SongHit[]);
  }

  searchMovies(text: string, limit = 20): MovieHit[] {
    const query = toFtsQuery(text);
    return query === null ? [] : (this.remembered(`m${limit}:${query}`, () => this.movies.all(query, limit) as MovieHit[]) as MovieHit[]);
  }

  /** A copy of the remembered answer while the catalog is unchanged, else a fresh one (remembered). */
  private remembered(key: string, run: () => readonly (SongHit | MovieHit)[]): (SongHit | MovieHit)[] {
    const version = `${this.dataVersion.get() as number}:${this.changes.get() as number}`;
    if (version !== this.catalogVersion) {
      this.recent.clear();
      this.catalogVersion = version;
    }
    let hits = this.recent.get(key);
    if (hits) this.recent.delete(key); // re-inserted below as the most recent
    else hits = run();
    this.recent.set(key, hits);
    if (this.recent.size > RECENT_ANSWERS) this.recent.delete(this.recent.keys().next().value!);
    return hits.map((hit) => ({ ...hit }));
  }
}
