import type { Migration } from '../migration.js';

/**
 * Vibe vectors move out of feature_vectors into two slots of tables per kind
 * (vibe_song_vectors_0/1, vibe_movie_vectors_0/1), one row per item with its vibe vector and its
 * mood axes. A build writes into the slot the ready model does not use and retires the old model by
 * emptying its slot, which SQLite does by freeing whole pages (DELETE without WHERE). Deleting a
 * model's rows from feature_vectors one by one took 41 s of a 1M + 1M rebuild, and its WITHOUT
 * ROWID b-tree kept full rows in its interior pages. model_id in every row keeps a reader of a
 * retired model from reading a later build's rows in the same slot.
 *
 * The newest ready model's vectors move into slot 0, so it keeps working until the next build;
 * other models (builds a crash abandoned) are dropped. feature_vectors is rebuilt without the vibe
 * and mood spaces, the same definition and trigger kept.
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

    const ready = db.prepare(`SELECT id FROM vibe_models WHERE status = 'ready' ORDER BY id DESC LIMIT 1`).pluck().get() as number | undefined;
    if (ready !== undefined) {
      db.prepare(`UPDATE vibe_models SET slot = 0 WHERE id = ?`).run(ready);
      for (const kind of KINDS)
        db.prepare(
          `INSERT INTO vibe_${kind}_vectors_0(item_id, model_id, vector, mood)
           SELECT v.item_id, @ready, v.vector, m.vector
             FROM feature_vectors v
             JOIN feature_vectors m ON m.space = @mood AND m.item_kind = v.item_kind AND m.item_id = v.item_id
            WHERE v.space = @vibe AND v.item_kind = @kind
            ORDER BY v.item_id`,
        ).run({ ready, kind, vibe: `vibe/${ready}`, mood: `mood/${ready}` });
    }
    db.prepare(`DELETE FROM vibe_models WHERE id IS NOT ?`).run(ready ?? null);

    // Rebuilt rather than deleted from: the same 41 s as a build's retirement, once per catalog.
    const definition = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'feature_vectors'`).pluck().get() as string;
    const dependants = db
      .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index') AND sql IS NOT NULL AND sql LIKE '%feature_vectors%'`)
      .all() as { type: 'trigger' | 'index'; name: string; sql: string }[];
    for (const { type, name } of dependants) db.exec(`DROP ${type.toUpperCase()} "${name}"`);
    db.exec(definition.replace(/^CREATE TABLE\s+"?feature_vectors"?/i, 'CREATE TABLE feature_vectors_kept'));
    db.exec(`
      INSERT INTO feature_vectors_kept SELECT * FROM feature_vectors WHERE NOT (space GLOB 'vibe/*' OR space GLOB 'mood/*');
      DROP TABLE feature_vectors;
      ALTER TABLE feature_vectors_kept RENAME TO feature_vectors;`);
    for (const { sql } of dependants) db.exec(sql);
  },
};
