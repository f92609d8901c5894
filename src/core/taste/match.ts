import { CatalogSearch } from '../catalog/search.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { movieTitleKey, nameKey, songTitleKey, splitArtists } from '../evaluation/normalise-title.js';
import type { SpotifyTrackRef } from './spotify.js';

interface MovieQuery {
  readonly name: string;
  readonly year: number | null;
  readonly tmdbId: number | null;
  readonly imdbId: string | null;
}

type MovieMatch =
  | { readonly status: 'matched'; readonly id: number; readonly by: 'tmdb' | 'imdb' | 'title-year' }
  | { readonly status: 'ambiguous'; readonly candidates: readonly { readonly id: number; readonly title: string; readonly year: number | null }[] }
  | { readonly status: 'missing' };

type SongMatch = { readonly status: 'matched'; readonly id: number; readonly by: 'uri' | 'title-artist' } | { readonly status: 'missing' };

/** Candidates read per lookup: enough for a short common title ("Crash") among a million films. */
const CANDIDATES = 200;

/**
 * Finds the user's films and tracks in the catalog. Films: by TMDb id, then IMDb id, then by
 * title and year (the title compared as a key that ignores case, accents, punctuation, articles
 * and bracketed alternative titles; the year exact, or one off when no film has the exact year,
 * as release dates differ between countries). Two or more films with that title and year are
 * ambiguous and reported, not guessed. Tracks: by Spotify track URI, then by title (without
 * version suffixes) and any shared artist; the best-known of several versions wins.
 */
export class CatalogMatcher {
  private readonly search: CatalogSearch;
  private readonly byTmdb;
  private readonly byImdb;
  private readonly bySpotify;
  private readonly movieYears;
  private readonly songCache = new Map<string, SongMatch>();

  constructor(db: CatalogDatabase) {
    this.search = new CatalogSearch(db);
    this.byTmdb = db.prepare(`SELECT id FROM movies WHERE tmdb_id = ?`).pluck();
    this.byImdb = db.prepare(`SELECT id FROM movies WHERE imdb_id = ?`).pluck();
    this.bySpotify = db.prepare(`SELECT id FROM songs WHERE spotify_id = ?`).pluck();
    this.movieYears = db.prepare(`SELECT release_year FROM movies WHERE id = ?`).pluck();
  }

  movie(query: MovieQuery): MovieMatch {
    if (query.tmdbId !== null) {
      const id = this.byTmdb.get(query.tmdbId) as number | undefined;
      if (id !== undefined) return { status: 'matched', id, by: 'tmdb' };
    }
    if (query.imdbId !== null) {
      const id = this.byImdb.get(query.imdbId) as number | undefined;
      if (id !== undefined) return { status: 'matched', id, by: 'imdb' };
    }
    const key = movieTitleKey(query.name);
    const sameTitle = this.search
      .searchMovies(query.name, CANDIDATES)
      .filter((hit) => movieTitleKey(hit.title) === key || (hit.originalTitle !== null && movieTitleKey(hit.originalTitle) === key));
    let candidates = sameTitle;
    if (query.year !== null) {
      const year = query.year;
      const exact = sameTitle.filter((hit) => hit.releaseYear === year);
      candidates = exact.length > 0 ? exact : sameTitle.filter((hit) => hit.releaseYear !== null && Math.abs(hit.releaseYear - year) === 1);
    }
    if (candidates.length === 0) return { status: 'missing' };
    if (candidates.length === 1) return { status: 'matched', id: candidates[0]!.id, by: 'title-year' };
    return { status: 'ambiguous', candidates: candidates.slice(0, 5).map((hit) => ({ id: hit.id, title: hit.title, year: hit.releaseYear })) };
  }

  song(track: SpotifyTrackRef): SongMatch {
    if (track.spotifyId !== null) {
      const id = this.bySpotify.get(track.spotifyId) as number | undefined;
      if (id !== undefined) return { status: 'matched', id, by: 'uri' };
    }
    const titleKey = songTitleKey(track.title);
    const artistKey = nameKey(track.artist);
    const cacheKey = `${titleKey}|${artistKey}`;
    const cached = this.songCache.get(cacheKey);
    if (cached) return cached;
    // Search with the title's own words (the index tokenises them as the catalog wrote them), without its version suffix.
    const titleWords = track.title.replace(/\s+[-\u2013\u2014]\s+.*$/u, '').replace(/\s*(?:\([^()]*\)|\[[^[\]]*\])/gu, '');
    const hits = titleKey === '' ? [] : this.search.searchSongs(`${titleWords || track.title} ${track.artist}`, CANDIDATES);
    const hit = hits.find(
      (candidate) => songTitleKey(candidate.title) === titleKey && splitArtists(candidate.artists).some((artist) => nameKey(artist) === artistKey),
    );
    const match: SongMatch = hit ? { status: 'matched', id: hit.id, by: 'title-artist' } : { status: 'missing' };
    this.songCache.set(cacheKey, match);
    return match;
  }

  /** The release year of a catalog movie (for reports). */
  movieYear(id: number): number | null {
    return (this.movieYears.get(id) as number | null | undefined) ?? null;
  }
}
