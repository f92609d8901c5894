import type { Migration } from '../migration.js';

/**
 * Vibe builds become two-phase: a model row is 'building' while its vectors are written (under
 * the spaces 'vibe/<id>' and 'mood/<id>') and turns 'ready' in the same transaction that retires
 * the previous model, so readers never see a half-built index. The fingerprint records what the
 * catalog looked like when the build started, so the app can say when the index is stale.
 */
export const vibeBuilds: Migration = {
  version: 9,
  name: 'vibe-builds',
  up(db) {
    db.exec(`
      ALTER TABLE vibe_models ADD COLUMN status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('building', 'ready'));
      ALTER TABLE vibe_models ADD COLUMN fingerprint TEXT CHECK (fingerprint IS NULL OR json_valid(fingerprint));
      ALTER TABLE vibe_models ADD COLUMN finished_at TEXT;
      CREATE INDEX vibe_models_by_status ON vibe_models(status, id);
    `);
  },
};
