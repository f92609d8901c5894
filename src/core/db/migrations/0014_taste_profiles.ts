import type { Migration } from '../migration.js';

/**
 * Taste profiles: weighted songs or movies from the user's own history (a Letterboxd or Spotify
 * export, or a saved list), which Discover can start from (src/core/taste).
 *
 * taste_items.item_id points at songs or movies as the profile's kind says (ids of the two overlap,
 * as in user_list_items); `detail` says in words why it weighs what it weighs ("★★★★½", "3 h played").
 */
export const tasteProfiles: Migration = {
  version: 14,
  name: 'taste-profiles',
  up(db) {
    db.exec(`
      CREATE TABLE taste_profiles (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
        kind       TEXT NOT NULL CHECK (kind IN ('song', 'movie')),
        source     TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE taste_items (
        profile_id INTEGER NOT NULL REFERENCES taste_profiles(id) ON DELETE CASCADE,
        item_id    INTEGER NOT NULL,
        weight     REAL NOT NULL CHECK (weight > 0),
        detail     TEXT,
        PRIMARY KEY (profile_id, item_id)
      ) WITHOUT ROWID;
      CREATE INDEX taste_items_by_weight ON taste_items(profile_id, weight DESC);
      CREATE INDEX taste_items_by_item ON taste_items(item_id);
    `);
  },
};
