import type { CatalogDatabase } from '../db/open-database.js';
import { Bitset, type VectorMatrix } from '../engine/index.js';
import type { KindIndex } from './vibe-index.js';
import { FAMILY_GENRES } from '../features/movie-features.js';
import type { VibeLayout } from '../vibe/layout.js';

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
 * The title of the family film that weighs most among the picks of a song query, when at least
 * half the picked films are family films (by pick weight: a taste profile's hundreds of films are
 * not a family film's) and explicit songs (flagged, or likely explicit: notForFamilies) and
 * aggressive music are to be left out for them: unless
 * the user asked for explicit songs (includeExplicit true, which shows both). A parent who picks
 * Toy Story must never get an explicit song or aggressive music, and the era fit, which makes the
 * film's own years' hits fit, outweighs the learned content fit that holds them back (California
 * Love came 12th). Null otherwise.
 */
export function familyFilmAmongPicks(
  db: CatalogDatabase,
  picks: readonly { readonly kind: 'song' | 'movie'; readonly id: number }[],
  target: 'song' | 'movie',
  filters: RecommendFilters | undefined,
  pickWeights?: readonly number[],
): string | null {
  const films = picks.flatMap((pick, index) => (pick.kind === 'movie' ? [{ id: pick.id, weight: pickWeights?.[index] ?? 1 }] : []));
  if (target !== 'song' || films.length === 0 || filters?.includeExplicit === true) return null;
  const family = new Map(
    db
      .prepare(
        `SELECT DISTINCT m.id, m.title FROM movies m JOIN movie_genres mg ON mg.movie_id = m.id JOIN genres g ON g.id = mg.genre_id
         WHERE m.id IN (SELECT value FROM json_each(?)) AND lower(g.name) IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify(films.map((film) => film.id)), JSON.stringify([...FAMILY_GENRES])) as [number, string][],
  );
  const weightOf = (of: readonly { weight: number }[]) => of.reduce((sum, film) => sum + film.weight, 0);
  const familyFilms = films.filter((film) => family.has(film.id));
  if (familyFilms.length === 0 || weightOf(familyFilms) * 2 < weightOf(films)) return null;
  const heaviest = familyFilms.reduce((best, film) => (film.weight > best.weight ? film : best));
  return family.get(heaviest.id)!;
}

/** Filter sets remembered per index: a few differ per session (the default, a year range, a genre). */
const REMEMBERED_FILTERS = 32;

interface RememberedRows {
  /** The catalog version the DB-derived sets (genres, local songs) were read at. */
  catalogVersion: string;
  readonly byFilters: Map<string, { readonly rows: Bitset | undefined; readonly readsCatalog: boolean }>;
}

/**
 * Per loaded index (a reload after a build or an import is a new object, so its sets go with the
 * old one). At a million movies building the default "no adult titles" set is a million-row pass,
 * several times a Discover request's engine scan; the set is the same for every request.
 */
const rememberedRows = new WeakMap<KindIndex, RememberedRows>();

/**
 * The rows the filters allow, as a bitset over the target kind's matrix, or undefined when
 * nothing is filtered (the engine then scans everything without a bitset test). Remembered per
 * index and filters; the sets that read the catalog (genres, local songs) are dropped when the
 * catalog changes. The returned set is shared: callers must not modify it.
 */
export function allowedRows(
  db: CatalogDatabase,
  index: KindIndex,
  filters: RecommendFilters = {},
  /** For a family film's songs: also leave out the songs notForFamilies finds in the vectors of this layout. */
  forFamily?: VibeLayout,
): Bitset | undefined {
  let remembered = rememberedRows.get(index);
  if (!remembered) rememberedRows.set(index, (remembered = { catalogVersion: '', byFilters: new Map() }));
  const readsCatalog = filtersReadCatalog(index.kind, filters);
  if (readsCatalog) {
    const version = catalogVersion(db);
    if (version !== remembered.catalogVersion) {
      for (const [key, entry] of remembered.byFilters) if (entry.readsCatalog) remembered.byFilters.delete(key);
      remembered.catalogVersion = version;
    }
  }
  const family = forFamily !== undefined && index.kind === 'song' ? forFamily : undefined;
  const key = filtersKey(index.kind, filters) + (family ? ' for a family film' : '');
  let entry = remembered.byFilters.get(key);
  if (entry)
    remembered.byFilters.delete(key); // re-inserted below as the most recent
  else entry = { rows: computeAllowedRows(db, index, filters, family), readsCatalog };
  remembered.byFilters.set(key, entry);
  if (remembered.byFilters.size > REMEMBERED_FILTERS) remembered.byFilters.delete(remembered.byFilters.keys().next().value!);
  return entry.rows;
}

/** Whether the set depends on catalog tables (not only on the index's own columns). */
function filtersReadCatalog(kind: KindIndex['kind'], filters: RecommendFilters): boolean {
  return (filters.genres !== undefined && filters.genres.length > 0) || (kind === 'song' && filters.onlyLocal === true);
}

/** The filters that matter for a kind, in a fixed order, as the key of their set (non-finite numbers spelled out, so Infinity is not -Infinity). */
function filtersKey(kind: KindIndex['kind'], filters: RecommendFilters): string {
  const movie = kind === 'movie';
  return JSON.stringify(
    {
      genres: filters.genres && filters.genres.length > 0 ? [...filters.genres] : undefined,
      yearMin: filters.yearMin,
      yearMax: filters.yearMax,
      languages: movie && filters.languages && filters.languages.length > 0 ? [...filters.languages] : undefined,
      includeExplicit: movie ? undefined : filters.includeExplicit === false ? false : undefined,
      includeAdult: movie ? filters.includeAdult === true : undefined,
      minVotes: movie && filters.minVotes !== undefined && filters.minVotes > 0 ? filters.minVotes : undefined,
      onlyLocal: !movie && filters.onlyLocal === true ? true : undefined,
    },
    (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
  );
}

/** Changes with every write on this connection and every commit by another one (an import in a worker). */
function catalogVersion(db: CatalogDatabase): string {
  const [dataVersion, changes] = db.prepare(`SELECT (SELECT data_version FROM pragma_data_version()), total_changes()`).raw().get() as [number, number];
  return `${dataVersion}:${changes}`;
}

function computeAllowedRows(db: CatalogDatabase, index: KindIndex, filters: RecommendFilters, forFamily: VibeLayout | undefined): Bitset | undefined {
  const { columns } = index;
  const { count } = columns;
  const tests: ((row: number) => boolean)[] = [];
  const yearMin = filters.yearMin ?? -Infinity;
  const yearMax = filters.yearMax ?? Infinity;
  // Each column is taken once, outside the per-row tests: a snapshot's columns are read at their first use.
  if (Number.isFinite(yearMin) || Number.isFinite(yearMax)) {
    const year = columns.year;
    tests.push((row) => year[row]! >= yearMin && year[row]! <= yearMax);
  }
  const hideFlagged = index.kind === 'song' ? filters.includeExplicit === false : filters.includeAdult !== true;
  if (hideFlagged) {
    const flagged = columns.flagged;
    tests.push((row) => flagged[row] === 0);
  }
  if (index.kind === 'movie' && filters.languages && filters.languages.length > 0) {
    const wanted = new Set(filters.languages.map((code) => columns.languages.indexOf(code.toLowerCase())));
    const language = columns.language;
    tests.push((row) => wanted.has(language[row]!));
  }
  if (index.kind === 'movie' && filters.minVotes !== undefined && filters.minVotes > 0) {
    const minVotes = filters.minVotes;
    const votes = columns.votes;
    tests.push((row) => votes[row]! >= minVotes);
  }
  if (forFamily) {
    const unfit = notForFamiliesInPlace(index.engine.matrix, forFamily);
    tests.push((row) => !unfit(row));
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

/**
 * Whether a song row is left out of a family film's songs beyond the explicit filter column, as its
 * content block (vibe/encode.ts songContent) holds it:
 * - lyrics that are likely explicit though neither the source's flag nor the title says so: its main
 *   artist's flagged songs or its genre's are mostly explicit (features/explicit-lyrics.ts). Big L's
 *   "Put It On" and D12's "Pimp Like Me" have no flag; on the evaluation catalog they reached Toy
 *   Story's and Shrek's top 20, because the era fit outweighs the learned content fit;
 * - aggressive music (metal, hardcore, industrial).
 * A title that names a clean version ("… (Edited)") is clean. Always false for a model built before
 * the block held each part.
 */
export function notForFamilies(songs: Pick<KindIndex, 'vectorOf'>, layout: VibeLayout): (row: number) => boolean {
  return unfitByValue((row, column) => songs.vectorOf(row)[column]!, layout);
}

/** notForFamilies over the float rows themselves, read in place (no copy per row). */
function notForFamiliesInPlace(rows: Pick<VectorMatrix, 'data' | 'dims'>, layout: VibeLayout): (row: number) => boolean {
  const { data, dims } = rows;
  return unfitByValue((row, column) => data[row * dims + column]!, layout);
}

function unfitByValue(valueAt: (row: number, column: number) => number, layout: VibeLayout): (row: number) => boolean {
  const { offset, dims } = layout.blocks.content;
  // The explicit part, then the aggressive one, as far as the model's block holds them.
  const parts = Math.min(dims, 2);
  return (row) => {
    for (let part = 0; part < parts; part++) if (valueAt(row, offset + part) > 0) return true;
    return false;
  };
}
