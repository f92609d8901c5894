import type { Migration } from '../migration.js';

/** Songs, movies and the vocabularies (genres, keywords) they are tagged with. */
export const catalog: Migration = {
  version: 1,
  name: 'catalog',
  up(db) {
    db.exec(`
      CREATE TABLE genres (
        id     INTEGER PRIMARY KEY,
        domain TEXT NOT NULL CHECK (domain IN ('music', 'movie')),
        name   TEXT NOT NULL,
        UNIQUE (domain, name)
      );

      CREATE TABLE keywords (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      );

      -- song_key is the Spotify track id when the source has one, otherwise a
      -- normalised "title|artists" key, so re-imports and overlapping sources merge.
      CREATE TABLE songs (
        id               INTEGER PRIMARY KEY,
        song_key         TEXT NOT NULL UNIQUE,
        spotify_id       TEXT UNIQUE,
        title            TEXT NOT NULL,
        artists          TEXT NOT NULL,
        album            TEXT,
        spotify_album_id TEXT,
        release_date     TEXT,
        release_year     INTEGER,
        duration_ms      INTEGER,
        explicit         INTEGER CHECK (explicit IN (0, 1)),
        popularity       REAL,
        streams          INTEGER,
        danceability     REAL,
        energy           REAL,
        musical_key      INTEGER CHECK (musical_key BETWEEN -1 AND 11),
        loudness         REAL,
        mode             INTEGER CHECK (mode IN (0, 1)),
        speechiness      REAL,
        acousticness     REAL,
        instrumentalness REAL,
        liveness         REAL,
        valence          REAL,
        tempo            REAL,
        time_signature   INTEGER,
        created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE song_genres (
        song_id  INTEGER NOT NULL REFERENCES songs(id) ON DELETE CASCADE,
        genre_id INTEGER NOT NULL REFERENCES genres(id),
        PRIMARY KEY (song_id, genre_id)
      ) WITHOUT ROWID;
      CREATE INDEX song_genres_by_genre ON song_genres(genre_id);

      CREATE TABLE movies (
        id                INTEGER PRIMARY KEY,
        tmdb_id           INTEGER UNIQUE,
        imdb_id           TEXT UNIQUE CHECK (imdb_id GLOB 'tt[0-9]*'),
        movielens_id      INTEGER UNIQUE,
        title             TEXT NOT NULL,
        original_title    TEXT,
        release_date      TEXT,
        release_year      INTEGER,
        overview          TEXT,
        tagline           TEXT,
        runtime_minutes   REAL,
        original_language TEXT,
        popularity        REAL,
        vote_average      REAL,
        vote_count        INTEGER,
        revenue           INTEGER,
        budget            INTEGER,
        adult             INTEGER CHECK (adult IN (0, 1)),
        status            TEXT,
        poster_path       TEXT,
        created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX movies_by_poster_path ON movies(poster_path);

      CREATE TABLE movie_genres (
        movie_id INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
        genre_id INTEGER NOT NULL REFERENCES genres(id),
        PRIMARY KEY (movie_id, genre_id)
      ) WITHOUT ROWID;
      CREATE INDEX movie_genres_by_genre ON movie_genres(genre_id);

      CREATE TABLE movie_keywords (
        movie_id   INTEGER NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
        keyword_id INTEGER NOT NULL REFERENCES keywords(id),
        PRIMARY KEY (movie_id, keyword_id)
      ) WITHOUT ROWID;
      CREATE INDEX movie_keywords_by_keyword ON movie_keywords(keyword_id);
    `);
  },
};
