import type { Migration } from '../migration.js';

/**
 * Every song's main-artist key (catalog/artist-keys.ts), so that an incremental vibe build finds
 * the songs of its new songs' artists through an index instead of normalising a million credits
 * lines (2.6 s at a million songs). The keys are computed in TypeScript, so SQLite cannot keep
 * them itself; it keeps them honest instead: a song that is removed, or whose credits change,
 * loses its key row, and a song without one is keyed again when it is next needed. Nothing is
 * written when songs are imported.
 */
export const songArtistKeys: Migration = {
  version: 22,
  name: 'song-artist-keys',
  up(db) {
    db.exec(`
      CREATE TABLE song_artist_keys (
        song_id    INTEGER PRIMARY KEY,
        artist_key TEXT NOT NULL
      );
      CREATE INDEX song_artist_keys_by_key ON song_artist_keys(artist_key);
      CREATE TRIGGER song_artist_keys_song_removed AFTER DELETE ON songs BEGIN
        DELETE FROM song_artist_keys WHERE song_id = old.id;
      END;
      CREATE TRIGGER song_artist_keys_credits_changed AFTER UPDATE OF id, artists ON songs
        WHEN old.artists IS NOT new.artists OR old.id IS NOT new.id BEGIN
        DELETE FROM song_artist_keys WHERE song_id = old.id;
      END;
    `);
  },
};
