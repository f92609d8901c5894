import type { Migration } from '../migration.js';

/**
 * Vibe vectors get tables of their own: two slots per kind (vibe_song_vectors_0/1,
 * vibe_movie_vectors_0/1), one row per item with its vibe vector and its mood axes, tagged with the
 * model that wrote it. A build writes into the slot the ready model does not use and retires the
 * old model by emptying its slot, which SQLite does by freeing whole pages (DELETE without WHERE):
 * deleting a model's rows from feature_vectors one by one took 41 s of a 1M + 1M rebuild, and its
 * WITHOUT ROWID b-tree kept full rows in its interior pages. model_id keeps a reader of a retired
 * model from reading a later build's rows in the same slot.
 *
 * Models built before keep slot NULL: their vectors stay in feature_vectors (spaces 'vibe/<id>'
 * and 'mood/<id>') and are served from there until the next full build retires them. Moving them
 * here took 28 s at 1M + 1M, too long for a step that runs as the catalog opens.
 */
const KINDS = ['song', 'movie'] as const;
const SLOTS = [0, 1] as const;

export const vibeVectorSlots: Migration = {
  version: 18,
  name: 'vibe-vector-slots',
  up(db) {
    db.exec(`ALTER TABLE vibe_models ADD COLUMN slot INTEGER CHECK (slot IN (0, 1));`);
    for (const kind of KINDS)
      for (const slot of SLOTS)
        db.exec(`
          CREATE TABLE vibe_${kind}_vectors_${slot} (
            item_id  INTEGER PRIMARY KEY,
            model_id INTEGER NOT NULL,
            vector   BLOB NOT NULL,
            mood     BLOB NOT NULL
          );
          CREATE INDEX vibe_${kind}_vectors_${slot}_by_model ON vibe_${kind}_vectors_${slot}(model_id);`);
  },
};
