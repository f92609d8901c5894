import type { CatalogDatabase } from '../db/open-database.js';
import { toFtsQuery, type PopularIds } from './search.js';
import type { GenreDomain } from '../../shared/catalog-fields.js';

export interface Facet {
  readonly value: string;
  readonly count: number;
}

/** Genre names of one domain with item counts, most used first. */
export function genreFacets(db: CatalogDatabase, domain: GenreDomain): Facet[] {
  const link = domain === 'music' ? 'song_genres' : 'movie_genres';
  return db
    .prepare(
      `SELECT g.name AS value, count(*) AS count FROM ${link} l JOIN genres g ON g.id = l.genre_id WHERE g.domain = ? GROUP BY g.id ORDER BY count DESC, g.name`,
    )
    .all(domain) as Facet[];
}

export function languageFacets(db: CatalogDatabase): Facet[] {
  return db
    .prepare(
      `SELECT lower(original_language) AS value, count(*) AS count FROM movies WHERE original_language IS NOT NULL AND original_language <> '' GROUP BY 1 ORDER BY count DESC, value`,
    )
    .all() as Facet[];
}

export interface BrowseMoviesQuery {
  readonly text: string;
  readonly genres: readonly string[];
  readonly yearMin?: number | undefined;
  readonly yearMax?: number | undefined;
  readonly languages: readonly string[];
  readonly withPosterOnly: boolean;
  readonly order: 'popular' | 'title' | 'year' | 'shuffle';
  readonly seed: number;
  readonly offset: number;
  readonly limit: number;
}

export interface BrowsedMovie {
  readonly id: number;
  readonly title: string;
  readonly releaseYear: number | null;
  readonly posterId: number | null;
  readonly genres: string[];
}

/** The first movies of the popular order, from the search's popular pool (CatalogSearch.popularMovies). */
export type PopularMovies = (text: string, count: number) => PopularIds | null;

/**
 * A count remembered under `key` while the catalog is unchanged (CatalogSearch.rememberedCount),
 * else `count()`'s.
 */
export type RememberedCount = (key: string, count: () => number) => number;

const MOVIE_COLUMNS = `m.id, m.title, m.release_year AS releaseYear,
              (SELECT min(p.id) FROM posters p WHERE p.movie_id = m.id) AS posterId,
              (SELECT json_group_array(g.name) FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id) AS genres`;

type MovieRow = Omit<BrowsedMovie, 'genres'> & { genres: string };

/**
 * Matches are counted up to this many, and more read as "10,000+ movies": counting every match of
 * a first letter walks most of the full-text index at a million movies ("S": 35 to 45 ms a
 * keystroke), and a person choosing a poster reads the count, not its digits past the first few.
 */
const COUNT_UP_TO = 10_000;

interface BrowseOptions {
  /** Remembers counts while the catalog is unchanged (the app: CatalogSearch.rememberedCount). */
  readonly remembered?: RememberedCount;
  /** Count at most this many (default COUNT_UP_TO). */
  readonly countUpTo?: number;
}

/**
 * The poster picker's pool. Shuffle orders by a hash of (id, seed), so a shuffled pool pages
 * stably and "shuffle the pool" is just a new seed. The default order (most voted first) is read
 * from the search's popular pool when one is given and holds the page (see popularPage).
 */
export function browseMovies(
  db: CatalogDatabase,
  query: BrowseMoviesQuery,
  popular?: PopularMovies,
  { remembered, countUpTo = COUNT_UP_TO }: BrowseOptions = {},
): { total: number; totalAtLeast: boolean; items: BrowsedMovie[] } {
  const fts = toFtsQuery(query.text);
  // Every filter is a set of movie ids, read from an index without a movie's row (migration 19 for
  // years and languages), listed in the order they drive an intersection: the likely smallest first.
  const text: Filter | null = fts === null ? null : { sql: `SELECT rowid AS id FROM movies_fts WHERE movies_fts MATCH ?`, params: [fts] };
  const posters: IdSet | null = query.withPosterOnly
    ? { sql: `SELECT DISTINCT movie_id AS id FROM posters`, probe: (id) => `EXISTS (SELECT 1 FROM posters p WHERE p.movie_id = ${id})`, params: [] }
    : null;
  const languages: IdSet | null =
    query.languages.length > 0
      ? {
          sql: `SELECT id FROM movies WHERE lower(original_language) IN (SELECT value FROM json_each(?))`,
          probe: (id) => `EXISTS (SELECT 1 FROM movies l WHERE l.id = ${id} AND lower(l.original_language) IN (SELECT value FROM json_each(?)))`,
          params: [JSON.stringify(query.languages)],
        }
      : null;
  const bounds = [...(query.yearMin === undefined ? [] : ['release_year >= ?']), ...(query.yearMax === undefined ? [] : ['release_year <= ?'])];
  const years: IdSet | null =
    bounds.length > 0
      ? {
          sql: `SELECT id FROM movies WHERE ${bounds.join(' AND ')}`,
          probe: (id) => `EXISTS (SELECT 1 FROM movies y WHERE y.id = ${id} AND ${bounds.map((bound) => `y.${bound}`).join(' AND ')})`,
          params: [query.yearMin, query.yearMax].filter((year) => year !== undefined),
        }
      : null;
  const genreNames = `g.domain = 'movie' AND lower(g.name) IN (SELECT lower(value) FROM json_each(?))`;
  const genres: IdSet | null =
    query.genres.length > 0
      ? {
          sql: `SELECT DISTINCT mg.movie_id AS id FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE ${genreNames}`,
          probe: (id) => `EXISTS (SELECT 1 FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = ${id} AND ${genreNames})`,
          params: [JSON.stringify(query.genres)],
        }
      : null;
  const inSets = intersection(present<Filter>([posters, languages, text, years, genres]));
  // The same filters are counted again for every page the picker scrolls to and every time a text is
  // typed again.
  const count = () => countMovies(db, inSets, countUpTo);
  const counted = remembered ? remembered(JSON.stringify([inSets, countUpTo]), count) : count();
  // Only a count that stopped at its limit (every movie, counted whole, never does).
  const totalAtLeast = inSets !== null && counted > countUpTo;
  const total = totalAtLeast ? countUpTo : counted;
  // The pool matches the text itself.
  const fromPool = query.order === 'popular' && popular ? popularPage(db, query, present([posters, languages, years, genres]), popular) : null;
  if (fromPool) return { total, totalAtLeast, items: fromPool };
  const all = inSets ? [{ sql: `m.id IN (${inSets.sql})`, params: inSets.params }] : [];
  const filter = all.length > 0 ? `WHERE ${all.map((each) => each.sql).join(' AND ')}` : '';
  const order = {
    popular: `coalesce(m.vote_count, 0) DESC, m.id`,
    title: `m.title COLLATE NOCASE, m.id`,
    year: `m.release_year IS NULL, m.release_year DESC, m.id`,
    // Multiplicative hashing mod a prime: a cheap, seedable permutation of the ids.
    shuffle: `((m.id + ?) * 2654435761) % 4294967291, m.id`,
  }[query.order];
  const rows = db
    .prepare(`SELECT ${MOVIE_COLUMNS} FROM movies m ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...paramsOf(all), ...(query.order === 'shuffle' ? [query.seed] : []), query.limit, query.offset) as MovieRow[];
  return { total, totalAtLeast, items: rows.map(toBrowsedMovie) };
}

interface Filter {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A set of movie ids: `sql` lists them (an `id` column), `probe` tests one id in SQL (an index lookup). */
interface IdSet extends Filter {
  readonly probe: (id: string) => string;
}

/**
 * Up to this many ids are tested one by one against a set (an index lookup each: 8 ms for 960
 * ids in a genre of 353K movies); more against the set's whole list (128 ms to list that genre).
 */
const PROBE_UP_TO = 4000;

const present = <F extends Filter>(filters: readonly (F | null)[]): F[] => filters.filter((filter): filter is F => filter !== null);
const paramsOf = (filters: readonly Filter[]): unknown[] => filters.flatMap((filter) => filter.params);

/**
 * How many movies are in the filters' intersection (`inSets`; null: nothing filters, every movie),
 * counted up to `upTo` + 1 (more than `upTo`: at least that many). The id sets are counted without
 * reading the movies' rows, which at a million movies is most of the cost (text alone: 28 ms in the full-text index against 520 ms
 * looking up each of the 154K matches of "S"; a genre: 39 against 316 ms; posters only: 1 against
 * 140 ms; years and languages: 250 to 580 ms before their indexes): the first set drives, the
 * others are probed.
 */
function countMovies(db: CatalogDatabase, inSets: Filter | null, upTo: number): number {
  // Every movie: SQLite counts a table's rows without reading them.
  if (!inSets) return Number(db.prepare(`SELECT count(*) FROM movies`).pluck().get());
  return Number(
    db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM (${inSets.sql}) LIMIT ?)`)
      .pluck()
      .get(...inSets.params, upTo + 1),
  );
}

/**
 * The ids in every set, without reading a movie's row: the first set drives, the others' lists are
 * probed. `+d.id`: a plain value, so SQLite probes those lists instead of handing each of their ids
 * to the driver (with the full-text index driving, one full-text query per id of a genre: 7 s).
 */
function intersection(sets: readonly Filter[]): Filter | null {
  const [driver, ...probed] = sets;
  if (!driver) return null;
  if (probed.length === 0) return driver;
  return {
    sql: `SELECT d.id FROM (${driver.sql}) d WHERE ${probed.map((set) => `+d.id IN (${set.sql})`).join(' AND ')}`,
    params: [...driver.params, ...paramsOf(probed)],
  };
}

/**
 * A page of the most-voted-first order from the popular pool: its matches of the text, in order,
 * kept when they pass the other filters, asking the pool for four times more each round until the
 * page is full. Null when the pool runs out of matches first and does not hold every movie (the
 * page then reaches past it: SQLite ranks every match), or when there is no pool yet.
 */
function popularPage(db: CatalogDatabase, query: BrowseMoviesQuery, sets: readonly IdSet[], popular: PopularMovies): BrowsedMovie[] | null {
  const need = query.offset + query.limit;
  const passing = (probe: boolean) => {
    const filters = sets.map((set) => ({ sql: probe ? set.probe('c.value') : `+c.value IN (${set.sql})`, params: set.params }));
    return {
      statement: db.prepare(`SELECT c.value FROM json_each(?) c WHERE ${filters.map((each) => each.sql).join(' AND ')}`).pluck(),
      params: paramsOf(filters),
    };
  };
  const filtered = sets.length > 0;
  for (let ask = filtered ? need * 4 : need; ; ask *= 4) {
    const found = popular(query.text, ask);
    if (!found) return null;
    let ids = found.ids;
    if (filtered) {
      const { statement, params } = passing(ids.length <= PROBE_UP_TO);
      const kept = new Set(statement.all(JSON.stringify(ids), ...params) as number[]);
      ids = ids.filter((id) => kept.has(id));
    }
    // Fewer matches than asked: the pool's are all there are in it, and in the kind when it holds every item.
    const ranOut = found.ids.length < ask;
    if (ids.length >= need || (ranOut && found.everyMatch)) return moviesByIds(db, ids.slice(query.offset, need));
    if (ranOut) return null;
  }
}

/** The movies of `ids`, in that order. */
function moviesByIds(db: CatalogDatabase, ids: readonly number[]): BrowsedMovie[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT ${MOVIE_COLUMNS} FROM movies m WHERE m.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as MovieRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toBrowsedMovie(row)] : [];
  });
}

function toBrowsedMovie(row: MovieRow): BrowsedMovie {
  return { ...row, genres: JSON.parse(row.genres) as string[] };
}
