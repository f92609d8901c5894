/** Small hand-made catalogs for the evaluation tests (rows inserted directly, no importer). */
import type { CatalogDatabase } from '../db/open-database.js';

export interface TestSong {
  readonly title: string;
  readonly artists: string;
  readonly album?: string | null;
  readonly year?: number | null;
  readonly popularity?: number | null;
  readonly streams?: number | null;
  readonly genres?: readonly string[];
  /** danceability, energy, loudness, speechiness, acousticness, instrumentalness, liveness, valence, tempo. */
  readonly audio?: readonly number[];
}

export interface TestMovie {
  readonly title: string;
  readonly year?: number | null;
  readonly imdbId?: string | null;
  readonly tmdbId?: number | null;
  readonly movielensId?: number | null;
  readonly originalTitle?: string | null;
  readonly overview?: string | null;
  readonly runtime?: number | null;
  readonly popularity?: number | null;
  readonly revenue?: number | null;
  readonly voteCount?: number | null;
  readonly genres?: readonly string[];
}

let songKeys = 0;

function genreId(db: CatalogDatabase, domain: 'music' | 'movie', name: string): number {
  db.prepare(`INSERT OR IGNORE INTO genres(domain, name) VALUES (?, ?)`).run(domain, name);
  return db.prepare(`SELECT id FROM genres WHERE domain = ? AND name = ?`).pluck().get(domain, name) as number;
}

export function addSong(db: CatalogDatabase, song: TestSong): number {
  const audio = song.audio ?? [];
  const id = Number(
    db
      .prepare(
        `INSERT INTO songs (song_key, title, artists, album, release_year, popularity, streams, danceability, energy, loudness,
                            speechiness, acousticness, instrumentalness, liveness, valence, tempo)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        `${song.title}|${song.artists}|${++songKeys}`,
        song.title,
        song.artists,
        song.album ?? null,
        song.year ?? null,
        song.popularity ?? null,
        song.streams ?? null,
        ...Array.from({ length: 9 }, (_, index) => audio[index] ?? null),
      ).lastInsertRowid,
  );
  for (const genre of song.genres ?? []) db.prepare(`INSERT INTO song_genres VALUES (?, ?)`).run(id, genreId(db, 'music', genre));
  return id;
}

export function addMovie(db: CatalogDatabase, movie: TestMovie): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO movies (title, original_title, release_year, imdb_id, tmdb_id, movielens_id, overview, runtime_minutes, popularity, revenue, vote_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        movie.title,
        movie.originalTitle ?? null,
        movie.year ?? null,
        movie.imdbId ?? null,
        movie.tmdbId ?? null,
        movie.movielensId ?? null,
        movie.overview ?? null,
        movie.runtime ?? null,
        movie.popularity ?? null,
        movie.revenue ?? null,
        movie.voteCount ?? null,
      ).lastInsertRowid,
  );
  for (const genre of movie.genres ?? []) db.prepare(`INSERT INTO movie_genres VALUES (?, ?)`).run(id, genreId(db, 'movie', genre));
  return id;
}
