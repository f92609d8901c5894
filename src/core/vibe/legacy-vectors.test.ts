import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { storedModelRows, vibeRowCount } from '../../../tests/support/vibe-rows.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { vibeVectorTable } from '../db/vibe-vector-tables.js';
import { loadBridges } from '../features/bridges.js';
import { importFile } from '../importers/import-file.js';
import { EMBEDDING_SPACE } from '../model/image-model.js';
import { VibeIndex } from '../recommend/vibe-index.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex } from './build-index.js';
import { clearSlot, currentModel } from './index-store.js';

/**
 * A catalog whose model was built before vibe vectors had tables of their own (migration 18): its
 * vectors and moods are feature_vectors rows under 'vibe/<id>' and 'mood/<id>', its slot NULL.
 */
const bridges = loadBridges();
let db: CatalogDatabase;
let built: { id: number; vectors: Map<string, Float32Array>; moods: Map<string, Float32Array> };

beforeAll(async () => {
  const dir = tempDir();
  db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 120, seed: 21 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 90, seed: 22 }).file });
  const { modelId } = await buildVibeIndex(db, { bridges });
  built = { id: modelId!, vectors: storedModelRows(db, modelId!), moods: storedModelRows(db, modelId!, 'mood') };
  // What an older version left: the same rows in feature_vectors, and another space kept beside them.
  const slot = currentModel(db)!.slot!;
  for (const kind of ['song', 'movie'] as const)
    db.prepare(
      `INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector)
       SELECT ?, item_id, 'vibe/' || model_id, length(vector) / 4, vector FROM ${vibeVectorTable(kind, slot)}
       UNION ALL SELECT ?, item_id, 'mood/' || model_id, length(mood) / 4, mood FROM ${vibeVectorTable(kind, slot)}`,
    ).run(kind, kind);
  db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('movie', 1, 'other', 1, x'0000803f')`).run();
  db.prepare(`UPDATE vibe_models SET slot = NULL`).run();
  clearSlot(db, slot);
});

afterAll(() => db?.close());

describe('a model built before vibe vector slots', () => {
  it('is served from feature_vectors as it was built: vectors and moods', () => {
    const index = VibeIndex.load(db, { engine: { threads: 0 } })!;
    expect(index.modelId).toBe(built.id);
    for (const kind of ['song', 'movie'] as const) {
      const { engine } = index.of(kind);
      const ids = Array.from(engine.matrix.itemIds);
      expect(ids.length).toBe([...built.vectors.keys()].filter((key) => key.startsWith(`${kind}:`)).length);
      ids.forEach((id, row) => expect(engine.vectorOf(row), `${kind}:${id}`).toEqual(built.vectors.get(`${kind}:${id}`)));
      const moods = index.moods(db, kind, ids.slice(0, 5));
      for (const id of ids.slice(0, 5)) expect(moods.get(id)).toEqual(built.moods.get(`${kind}:${id}`));
    }
    void index.close();
  });

  it('is replaced by a full build even when an incremental one is asked for, which removes its rows and keeps the rest of feature_vectors', async () => {
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary).toMatchObject({ status: 'completed', mode: 'full' });
    const now = currentModel(db)!;
    expect(now.slot).toBe(0);
    expect(storedModelRows(db, now.id)).toEqual(built.vectors);
    expect(vibeRowCount(db)).toBe(built.vectors.size);
    expect(db.prepare(`SELECT item_kind, item_id, space FROM feature_vectors`).raw().all()).toEqual([['movie', 1, 'other']]);
    // feature_vectors was rebuilt: its checks and the posters' trigger are still there.
    expect(() => db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('movie', 2, 'other', 2, x'00')`).run()).toThrow(
      /CHECK/,
    );
    const movieId = db.prepare(`SELECT min(id) FROM movies`).pluck().get() as number;
    const posterId = Number(
      db.prepare(`INSERT INTO posters(movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (?, '/p.jpg', 1, 1, 'mapping')`).run(movieId)
        .lastInsertRowid,
    );
    db.prepare(`INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector) VALUES ('poster', ?, ?, 1, x'0000803f')`).run(posterId, EMBEDDING_SPACE);
    db.prepare(`DELETE FROM posters WHERE id = ?`).run(posterId);
    expect(db.prepare(`SELECT count(*) FROM feature_vectors WHERE item_kind = 'poster'`).pluck().get()).toBe(0);
  });
});
