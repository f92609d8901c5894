import type { CatalogDatabase } from '../db/open-database.js';

/** The posters of these movies, by movie then poster id. */
export function postersForMovies(db: CatalogDatabase, movieIds: readonly number[]): { posterId: number; movieId: number }[] {
  if (movieIds.length === 0) return [];
  return db
    .prepare(`SELECT id AS posterId, movie_id AS movieId FROM posters WHERE movie_id IN (${movieIds.map(() => '?').join(',')}) ORDER BY movie_id, id`)
    .all(...movieIds) as { posterId: number; movieId: number }[];
}

/** Where a poster registered in the catalog lives: its file and the poster folder it was linked from (null when unknown). */
export interface PosterLocation {
  readonly file: string;
  readonly folder: string | null;
}

/** The file of a poster registered in the catalog and its linked folder, or null: the only files the poster routes serve. */
export function posterLocation(db: CatalogDatabase, posterId: number): PosterLocation | null {
  if (!Number.isSafeInteger(posterId) || posterId <= 0) return null;
  const row = db
    .prepare(`SELECT p.path AS file, s.path AS folder FROM posters p LEFT JOIN sources s ON s.id = p.source_id AND s.kind = 'posters' WHERE p.id = ?`)
    .get(posterId) as PosterLocation | undefined;
  return row ?? null;
}
