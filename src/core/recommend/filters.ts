import type { CatalogDatabase } from '../db/open-database.js';
import { Bitset } from '../engine/index.js';
import type { KindIndex } from './vibe-index.js';

/** What the user narrowed the results to. Every field is optional; absent means "any". */
export interface RecommendFilters {
  /** Genre names of the target kind (any of them). */
  readonly genres?: readonly string[];
  readonly yearMin?: number;
  readonly yearMax?: number;
  /** ISO 639-1 codes (movies). */
  readonly languages?: readonly string[];
  /** Songs: include explicit tracks (default true). */
  readonly includeExplicit?: boolean;
  /** Movies: include adult titles (default false). */
  readonly includeAdult?: boolean;
  /** Movies: at least this many votes. */
  readonly minVotes?: number;
  /** Songs: only those matched to a file in the user's music folder ("only songs I have"). */
  readonly onlyLocal?: boolean;
}

/**
 * The rows the filters allow, as a bitset over the target kind's matrix, or undefined when
 * nothing is filtered (the engine then scans everything without a bitset test).
 */
export function allowedRows(db: CatalogDatabase, index: KindIndex, filters: RecommendFilters = {}): Bitset | undefined {
  const { columns } = index;
  const count = columns.year.length;
  const tests: ((row: number) => boolean)[] = [];
  const yearMin = filters.yearMin ?? -Infinity;
  const yearMax = filters.yearMax ?? Infinity;
  if (Number.isFinite(yearMin) || Number.isFinite(yearMax)) tests.push((row) => columns.year[row]! >= yearMin && columns.year[row]! <= yearMax);
  const hideFlagged = index.kind === 'song' ? filters.includeExplicit === false : filters.includeAdult !== true;
  if (hideFlagged) tests.push((row) => columns.flagged[row] === 0);
  if (index.kind === 'movie' && filters.languages && filters.languages.length > 0) {
    const wanted = new Set(filters.languages.map((code) => columns.languages.indexOf(code.toLowerCase())));
    tests.push((row) => wanted.has(columns.language[row]!));
  }
  if (index.kind === 'movie' && filters.minVotes !== undefined && filters.minVotes > 0) {
    const minVotes = filters.minVotes;
    tests.push((row) => columns.votes[row]! >= minVotes);
  }
  let allowed = tests.length > 0 ? Bitset.fromPredicate(count, (row) => tests.every((test) => test(row))) : undefined;
  if (filters.genres && filters.genres.length > 0) {
    const genreRows = Bitset.fromRows(count, rowsWithGenres(db, index, filters.genres));
    allowed = allowed ? allowed.and(genreRows) : genreRows;
  }
  if (index.kind === 'song' && filters.onlyLocal === true) {
    const localRows = Bitset.fromRows(count, rowsOfLocalSongs(db, index));
    allowed = allowed ? allowed.and(localRows) : localRows;
  }
  return allowed;
}

/** Rows of the songs a file in the music folder was matched to (src/core/music-folder). */
function rowsOfLocalSongs(db: CatalogDatabase, index: KindIndex): number[] {
  const ids = db.prepare(`SELECT DISTINCT song_id FROM local_tracks WHERE song_id IS NOT NULL`).pluck().all() as number[];
  return ids.map((id) => index.rowOf(id)).filter((row) => row >= 0);
}

function rowsWithGenres(db: CatalogDatabase, index: KindIndex, genres: readonly string[]): number[] {
  const [table, column, domain] = index.kind === 'song' ? ['song_genres', 'song_id', 'music'] : ['movie_genres', 'movie_id', 'movie'];
  const ids = db
    .prepare(
      `SELECT DISTINCT l.${column} FROM ${table} l JOIN genres g ON g.id = l.genre_id
        WHERE g.domain = ? AND lower(g.name) IN (SELECT lower(value) FROM json_each(?))`,
    )
    .pluck()
    .all(domain, JSON.stringify(genres)) as number[];
  const rows: number[] = [];
  for (const id of ids) {
    const row = index.rowOf(id);
    if (row >= 0) rows.push(row);
  }
  return rows;
}
