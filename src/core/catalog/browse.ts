import type { CatalogDatabase } from '../db/open-database.js';
import { toFtsQuery } from './search.js';
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

/**
 * The poster picker's pool. Shuffle orders by a hash of (id, seed), so a shuffled pool pages
 * stably and "shuffle the pool" is just a new seed.
 */
export function browseMovies(db: CatalogDatabase, query: BrowseMoviesQuery): { total: number; items: BrowsedMovie[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const fts = toFtsQuery(query.text);
  if (fts !== null) {
    where.push(`m.id IN (SELECT rowid FROM movies_fts WHERE movies_fts MATCH ?)`);
    params.push(fts);
  }
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
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const order = {
    popular: `coalesce(m.vote_count, 0) DESC, m.id`,
    title: `m.title COLLATE NOCASE, m.id`,
    year: `m.release_year IS NULL, m.release_year DESC, m.id`,
    // Multiplicative hashing mod a prime: a cheap, seedable permutation of the ids.
    shuffle: `((m.id + ?) * 2654435761) % 4294967291, m.id`,
  }[query.order];
  const total = Number(
    db
      .prepare(`SELECT count(*) FROM movies m ${filter}`)
      .pluck()
      .get(...params),
  );
  const rows = db
    .prepare(
      `SELECT m.id, m.title, m.release_year AS releaseYear,
              (SELECT min(p.id) FROM posters p WHERE p.movie_id = m.id) AS posterId,
              (SELECT json_group_array(g.name) FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id) AS genres
         FROM movies m ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(...params, ...(query.order === 'shuffle' ? [query.seed] : []), query.limit, query.offset) as (Omit<BrowsedMovie, 'genres'> & { genres: string })[];
  return { total, items: rows.map((row) => ({ ...row, genres: JSON.parse(row.genres) as string[] })) };
}
