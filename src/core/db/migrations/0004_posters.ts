import type { Migration } from '../migration.js';

/** Poster image files on disk and the movie each was linked to (one movie may have several). */
export const posters: Migration = {
  version: 4,
  name: 'posters',
  up(db) {
    db.exec(`
      CREATE TABLE posters (
        id           INTEGER PRIMARY KEY,
        movie_id     INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
        path         TEXT NOT NULL UNIQUE,
        file_size    INTEGER NOT NULL,
        file_mtime_ms INTEGER NOT NULL,
        matched_by   TEXT NOT NULL CHECK (matched_by IN ('tmdb_id', 'imdb_id', 'poster_path', 'mapping')),
        source_id    INTEGER REFERENCES sources(id),
        created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX posters_by_movie ON posters(movie_id);
    `);
  },
};
