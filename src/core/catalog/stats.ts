import type { CatalogDatabase } from '../db/open-database.js';

export interface CatalogStats {
  readonly songs: number;
  readonly songsWithAudioFeatures: number;
  readonly movies: number;
  readonly moviesWithPoster: number;
  readonly posters: number;
  readonly musicGenres: number;
  readonly movieGenres: number;
  readonly keywords: number;
  readonly sources: number;
  readonly importRuns: number;
  readonly schemaVersion: number;
  readonly databaseBytes: number;
}

export function catalogStats(db: CatalogDatabase): CatalogStats {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return {
    songs: count(`SELECT count(*) FROM songs`),
    songsWithAudioFeatures: count(`SELECT count(*) FROM songs WHERE valence IS NOT NULL AND energy IS NOT NULL`),
    movies: count(`SELECT count(*) FROM movies`),
    moviesWithPoster: count(`SELECT count(DISTINCT movie_id) FROM posters`),
    posters: count(`SELECT count(*) FROM posters`),
    musicGenres: count(`SELECT count(*) FROM genres WHERE domain = 'music'`),
    movieGenres: count(`SELECT count(*) FROM genres WHERE domain = 'movie'`),
    keywords: count(`SELECT count(*) FROM keywords`),
    sources: count(`SELECT count(*) FROM sources`),
    importRuns: count(`SELECT count(*) FROM import_runs`),
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    databaseBytes: pageCount * pageSize,
  };
}
