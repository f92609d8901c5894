import type { Migration } from '../migration.js';

/**
 * Per-poster state of the poster embedding job (src/core/posters/embedding), so it can resume
 * after a restart and skip what is already done. The 1280-d vector itself lives in
 * feature_vectors (item_kind 'poster', item_id = posters.id, space 'mobilenetv2'); a trigger
 * removes it with its poster.
 *
 * - status: pending (queued for model_sha256), done (vector and colour statistics stored), or
 *   failed (error says why: corrupt, empty, not an image, too large, ...).
 * - model_sha256: the model file the row is about; done rows of another model are redone.
 * - source_size / source_mtime_ms: the poster file as it was when processed; a changed file is redone.
 * - brightness, saturation, warmth, contrast, colourfulness: colour statistics in [0, 1].
 */
export const posterEmbeddings: Migration = {
  version: 7,
  name: 'poster-embeddings',
  up(db) {
    db.exec(`
      CREATE TABLE poster_embeddings (
        poster_id       INTEGER PRIMARY KEY REFERENCES posters(id) ON DELETE CASCADE,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
        error           TEXT,
        model_sha256    TEXT,
        source_size     INTEGER,
        source_mtime_ms INTEGER,
        brightness      REAL CHECK (brightness BETWEEN 0 AND 1),
        saturation      REAL CHECK (saturation BETWEEN 0 AND 1),
        warmth          REAL CHECK (warmth BETWEEN 0 AND 1),
        contrast        REAL CHECK (contrast BETWEEN 0 AND 1),
        colourfulness   REAL CHECK (colourfulness BETWEEN 0 AND 1),
        updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        CHECK (status <> 'done' OR (model_sha256 IS NOT NULL AND brightness IS NOT NULL)),
        CHECK (status <> 'failed' OR error IS NOT NULL)
      );
      CREATE INDEX poster_embeddings_by_status ON poster_embeddings(status, model_sha256);

      CREATE TRIGGER posters_delete_feature_vectors AFTER DELETE ON posters BEGIN
        DELETE FROM feature_vectors WHERE item_kind = 'poster' AND item_id = OLD.id;
      END;
    `);
  },
};
