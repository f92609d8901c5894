import type { CatalogDatabase } from '../db/open-database.js';
import { foldText, songTitleKey } from '../evaluation/normalise-title.js';
import { completenessSql, groupRecordings, type RecordingCandidate } from './recordings.js';

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

type SongCandidate = SongHit & RecordingCandidate;

const SONG_OVERFETCH = 4;
const MAX_EXTRA_CANDIDATES = 1000;

function toSongHit({ id, title, artists, album, releaseYear, spotifyId }: SongCandidate): SongHit {
  return { id, title, artists, album, releaseYear, spotifyId };
}

/**
 * Orders search candidates (given in relevance order): titles equal to what was typed first, then
 * titles starting with it, each of those by popularity; then the rest in relevance order. Each
 * recording appears once, as its best-known version, where its best-placed version stood.
 */
function rankSongHits<T extends SongCandidate>(text: string, candidates: readonly T[]): T[] {
  const typed = foldText(text);
  const titleClass = (title: string): number => {
    const key = songTitleKey(title);
    if (typed === '' || key === '') return 2;
    if (key === typed || foldText(title) === typed) return 0;
    return key.startsWith(typed) ? 1 : 2;
  };
  const classes = new Map(candidates.map((candidate) => [candidate.id, titleClass(candidate.title)] as const));
  const relevance = new Map(candidates.map((candidate, index) => [candidate.id, index] as const));
  const ordered = [...candidates].sort((a, b) => {
    const classA = classes.get(a.id)!;
    const classB = classes.get(b.id)!;
    if (classA !== classB) return classA - classB;
    if (classA < 2) {
      const byPopularity = (b.popularity ?? -1) - (a.popularity ?? -1);
      if (byPopularity !== 0) return byPopularity;
    }
    return relevance.get(a.id)! - relevance.get(b.id)!;
  });
  const canonical = new Map<number, T>();
  for (const group of groupRecordings(candidates)) for (const member of group) canonical.set(member.id, group[0]!);
  const shown = new Set<number>();
  const result: T[] = [];
  for (const candidate of ordered) {
    const best = canonical.get(candidate.id) ?? candidate;
    if (shown.has(best.id)) continue;
    shown.add(best.id);
    result.push(best);
  }
  return result;
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
      SELECT s.id, s.title, s.artists, s.album, s.release_year AS releaseYear, s.spotify_id AS spotifyId,
             s.duration_ms AS durationMs, s.popularity, ${completenessSql('s')} AS completeness
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

  /**
   * Songs matching `text`, each recording once (its best-known version; see recordings.ts). Songs
   * whose title is what was typed come first, best-known first, so "hallelujah" opens with the
   * most popular Hallelujah rather than the cover whose album is also called that.
   */
  searchSongs(text: string, limit = 20): SongHit[] {
    const query = toFtsQuery(text);
    if (query === null) return [];
    // Over-fetch: collapsing versions removes rows, and the title rule may lift a lower-ranked one.
    return this.remembered(`s${limit}:${query}`, () => {
      const candidates = this.songs.all(query, Math.min(limit * SONG_OVERFETCH, limit + MAX_EXTRA_CANDIDATES)) as SongCandidate[];
      return rankSongHits(text, candidates).slice(0, limit).map(toSongHit);
    }) as SongHit[];
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
    if (hits)
      this.recent.delete(key); // re-inserted below as the most recent
    else hits = run();
    this.recent.set(key, hits);
    if (this.recent.size > RECENT_ANSWERS) this.recent.delete(this.recent.keys().next().value!);
    return hits.map((hit) => ({ ...hit }));
  }
}
