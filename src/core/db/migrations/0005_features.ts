import type { Migration } from '../migration.js';

/**
 * Feature vectors by item and named space (e.g. "poster-embedding", "vibe"), stored as
 * little-endian float32 blobs so the engine can load them in bulk into typed arrays.
 */
export const features: Migration = {
  version: 5,
  name: 'features',
  up(db) {
    db.exec(`
      CREATE TABLE feature_vectors (
        item_kind  TEXT NOT NULL CHECK (item_kind IN ('song', 'movie', 'poster')),
        item_id    INTEGER NOT NULL,
        space      TEXT NOT NULL,
        dims       INTEGER NOT NULL CHECK (dims > 0),
        vector     BLOB NOT NULL CHECK (length(vector) = dims * 4),
        model      TEXT,
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (space, item_kind, item_id)
      ) WITHOUT ROWID;
    `);
  },
};
