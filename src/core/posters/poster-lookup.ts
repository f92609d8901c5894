import type { CatalogDatabase } from '../db/open-database.js';

/** The posters of these movies, by movie then poster id. */
export function postersForMovies(db: CatalogDatabase, movieIds: readonly number[]): { posterId: number; movieId: number }[] {
  if (movieIds.length === 0) return [];
  return db
    .prepare(`SELECT id AS posterId, movie_id AS movieId FROM posters WHERE movie_id IN (${movieIds.map(() => '?').join(',')}) ORDER BY movie_id, id`)
    .all(...movieIds) as { posterId: number; movieId: number }[];
}

/** The file of a poster registered in the catalog, or null. */
export function posterPath(db: CatalogDatabase, posterId: number): string | null {
  if (!Number.isSafeInteger(posterId) || posterId <= 0) return null;
  const row = db.prepare('SELECT path FROM posters WHERE id = ?').get(posterId) as { path: string } | undefined;
  return row?.path ?? null;
}
