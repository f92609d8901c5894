import type { Migration } from '../migration.js';

/** The user's playlists (songs) and watchlists (movies), with an explicit order. */
export const lists: Migration = {
  version: 6,
  name: 'lists',
  up(db) {
    db.exec(`
      CREATE TABLE user_lists (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('playlist', 'watchlist')),
        name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE user_list_items (
        list_id  INTEGER NOT NULL REFERENCES user_lists(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        item_id  INTEGER NOT NULL,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (list_id, item_id)
      ) WITHOUT ROWID;
      CREATE INDEX user_list_items_order ON user_list_items(list_id, position);
    `);
  },
};
