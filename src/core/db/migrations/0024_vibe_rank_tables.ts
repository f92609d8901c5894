import type { Migration } from '../migration.js';

/**
 * The percentile distributions a vibe model was built with (features/rank-table.ts), one row per
 * ranked column (popularity, loudness, votes …). An incremental build ranks its new items against
 * them instead of reading a million values of each column again. They go with their model.
 */
export const vibeRankTables: Migration = {
  version: 24,
  name: 'vibe-rank-tables',
  up(db) {
    db.exec(`
      CREATE TABLE vibe_rank_tables (
        model_id   INTEGER NOT NULL REFERENCES vibe_models(id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        rank_table BLOB NOT NULL,
        PRIMARY KEY (model_id, name)
      ) WITHOUT ROWID;
    `);
  },
};
