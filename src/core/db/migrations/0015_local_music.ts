import type { Migration } from '../migration.js';

/**
 * The user's local music folder (src/core/music-folder): every audio file a scan read, its tags,
 * and the catalog song it matched, so playlists can export real file paths and Discover can keep
 * "only songs I have".
 *
 * - local_tracks.error: why a file could not be read (it stays listed, unmatched).
 * - file_size / file_mtime_ms: the file as scanned; an unchanged file is not read again (resume).
 * - matched_by: 'isrc' or 'tags' (normalised title + artist, duration within 3 s).
 */
export const localMusic: Migration = {
  version: 15,
  name: 'local-music',
  up(db) {
    db.exec(`
      CREATE TABLE music_folders (
        id         INTEGER PRIMARY KEY,
        path       TEXT NOT NULL UNIQUE,
        scanned_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE local_tracks (
        id            INTEGER PRIMARY KEY,
        folder_id     INTEGER NOT NULL REFERENCES music_folders(id) ON DELETE CASCADE,
        path          TEXT NOT NULL UNIQUE,
        file_size     INTEGER NOT NULL,
        file_mtime_ms INTEGER NOT NULL,
        title         TEXT,
        artist        TEXT,
        album         TEXT,
        duration_ms   INTEGER,
        isrc          TEXT,
        song_id       INTEGER REFERENCES songs(id) ON DELETE SET NULL,
        matched_by    TEXT CHECK (matched_by IN ('isrc', 'tags')),
        error         TEXT,
        scanned_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        -- A match says how it was made; when the song leaves the catalog, song_id becomes NULL and the file is unmatched.
        CHECK (song_id IS NULL OR matched_by IS NOT NULL)
      );
      CREATE INDEX local_tracks_by_song ON local_tracks(song_id);
      CREATE INDEX local_tracks_by_folder ON local_tracks(folder_id);
    `);
  },
};
