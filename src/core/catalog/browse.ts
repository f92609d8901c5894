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

const MOVIE_COLUMNS = `m.id, m.title, m.release_year AS releaseYear,
              (SELECT min(p.id) FROM posters p WHERE p.movie_id = m.id) AS posterId,
              (SELECT json_group_array(g.name) FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id) AS genres`;

type MovieRow = Omit<BrowsedMovie, 'genres'> & { genres: string };

/**
 * The poster picker's pool. Shuffle orders by a hash of (id, seed), so a shuffled pool pages
 * stably and "shuffle the pool" is just a new seed. The default order (most voted first) is read
 * from the search's popular pool when one is given and holds the page (see popularPage).
 */
export function browseMovies(db: CatalogDatabase, query: BrowseMoviesQuery, popular?: PopularMovies): { total: number; items: BrowsedMovie[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const fts = toFtsQuery(query.text);
  if (query.genres.length > 0) {
    where.push(
      `m.id IN (SELECT mg.movie_id FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE g.domain = 'movie' AND lower(g.name) IN (SELECT lower(value) FROM json_each(?)))`,
    );
    params.push(JSON.stringify(query.genres));
  }
  if (query.yearMin !== undefined) {
    where.push(`m.release_year >= ?`);
    params.push(query.yearMin);
  }
  if (query.yearMax !== undefined) {
    where.push(`m.release_year <= ?`);
    params.push(query.yearMax);
  }
  if (query.languages.length > 0) {
    where.push(`lower(m.original_language) IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(query.languages));
  }
  if (query.withPosterOnly) where.push(`EXISTS (SELECT 1 FROM posters p WHERE p.movie_id = m.id)`);
  const filters = { sql: where, params };
  const total = countMovies(db, fts, filters);
  const fromPool = query.order === 'popular' && popular ? popularPage(db, query, filters, popular) : null;
  if (fromPool) return { total, items: fromPool };
  const all = fts === null ? filters : { sql: [`m.id IN (SELECT rowid FROM movies_fts WHERE movies_fts MATCH ?)`, ...where], params: [fts, ...params] };
  const filter = all.sql.length > 0 ? `WHERE ${all.sql.join(' AND ')}` : '';
  const order = {
    popular: `coalesce(m.vote_count, 0) DESC, m.id`,
    title: `m.title COLLATE NOCASE, m.id`,
    year: `m.release_year IS NULL, m.release_year DESC, m.id`,
    // Multiplicative hashing mod a prime: a cheap, seedable permutation of the ids.
    shuffle: `((m.id + ?) * 2654435761) % 4294967291, m.id`,
  }[query.order];
  const rows = db
    .prepare(`SELECT ${MOVIE_COLUMNS} FROM movies m ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...all.params, ...(query.order === 'shuffle' ? [query.seed] : []), query.limit, query.offset) as MovieRow[];
  return { total, items: rows.map(toBrowsedMovie) };
}

interface Filters {
  readonly sql: readonly string[];
  readonly params: readonly unknown[];
}

/**
 * How many movies pass. Text alone is counted in the full-text index (28 ms for the 154K matches
 * of "S" at a million movies, against 520 ms looking each one up in movies); the other filters
 * need the movies' rows.
 */
function countMovies(db: CatalogDatabase, fts: string | null, filters: Filters): number {
  if (filters.sql.length === 0)
    return Number(
      fts === null
        ? db.prepare(`SELECT count(*) FROM movies`).pluck().get()
        : db.prepare(`SELECT count(*) FROM movies_fts WHERE movies_fts MATCH ?`).pluck().get(fts),
    );
  const sql = fts === null ? filters.sql : [`m.id IN (SELECT rowid FROM movies_fts WHERE movies_fts MATCH ?)`, ...filters.sql];
  const params = fts === null ? filters.params : [fts, ...filters.params];
  return Number(
    db
      .prepare(`SELECT count(*) FROM movies m WHERE ${sql.join(' AND ')}`)
      .pluck()
      .get(...params),
  );
}

/**
 * A page of the most-voted-first order from the popular pool: its matches of the text, in order,
 * kept when they pass the other filters, asking the pool for four times more each round until the
 * page is full. Null when the pool runs out of matches first and does not hold every movie (the
 * page then reaches past it: SQLite ranks every match), or when there is no pool yet.
 */
function popularPage(db: CatalogDatabase, query: BrowseMoviesQuery, filters: Filters, popular: PopularMovies): BrowsedMovie[] | null {
  const need = query.offset + query.limit;
  const passing = db.prepare(`SELECT m.id FROM movies m WHERE m.id IN (SELECT value FROM json_each(?)) AND ${filters.sql.join(' AND ') || '1'}`).pluck();
  for (let ask = filters.sql.length > 0 ? need * 4 : need; ; ask *= 4) {
    const found = popular(query.text, ask);
    if (!found) return null;
    let ids = found.ids;
    if (filters.sql.length > 0) {
      const kept = new Set(passing.all(JSON.stringify(ids), ...filters.params) as number[]);
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
