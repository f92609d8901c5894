import type { Migration } from '../migration.js';

/**
 * Fitted vibe-space models (layout, mood statistics, poster PCA, ridge map), as JSON. Vectors
 * built with a model live in feature_vectors under space 'vibe'; the newest row is current.
 */
export const vibeModels: Migration = {
  version: 8,
  name: 'vibe-models',
  up(db) {
    db.exec(`
      CREATE TABLE vibe_models (
        id         INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        model_json TEXT NOT NULL CHECK (json_valid(model_json)),
        songs      INTEGER NOT NULL DEFAULT 0,
        movies     INTEGER NOT NULL DEFAULT 0
      );
    `);
  },
};
