import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { insertPosterEmbeddings } from '../../../tests/support/vibe-rows.js';
import { ERA_BIN_COUNT, ERA_DIMS } from '../features/era.js';
import { loadBridges } from '../features/bridges.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex } from './build-index.js';
import { currentModel, vibeIndexStatus } from './index-store.js';

/** A small catalog with a built vibe space. */
async function builtCatalog() {
  const dir = tempDir();
  const db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 120, seed: 21 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 80, seed: 22 }).file });
  // Posters for some films, so the build fits the mood → poster map.
  insertPosterEmbeddings(db, 30);
  const bridges = loadBridges();
  expect((await buildVibeIndex(db, { bridges })).status).toBe('completed');
  return { dir, db, bridges };
}

type StoredModel = {
  layout: { conceptKin?: unknown; tablesDigest?: string; blocks: { clash: { dims: number } } };
  ridge: { guessLength?: number } | null;
};

describe('a vibe space built before kindred concepts, before guessed poster looks were weighed, before energy could clash, before dread, or with other vibe tables', () => {
  it.each([
    { what: 'kin', reason: /kindred concepts/, remove: (json: StoredModel) => delete json.layout.conceptKin },
    { what: 'guessed-look length', reason: /guessed poster looks/, remove: (json: StoredModel) => delete json.ridge?.guessLength },
    // Tables edited since (a film keyword, a genre's concepts, a concept renamed), or a build from before the tables' digest was kept.
    {
      what: 'tables since edited',
      reason: /vibe tables .* changed since this build/,
      remove: (json: StoredModel) => (json.layout.tablesDigest = '0'.repeat(64)),
    },
    { what: 'tables of unknown date', reason: /vibe tables .* changed since this build/, remove: (json: StoredModel) => delete json.layout.tablesDigest },
    // A build from before energy could clash held the valence clash alone.
    { what: 'valence clash alone', reason: /calm song and an intense film/, remove: (json: StoredModel) => (json.layout.blocks.clash.dims = 2) },
    // A build from before the dread held the valence and energy clash alone.
    { what: 'no dread', reason: /carry dread/, remove: (json: StoredModel) => (json.layout.blocks.clash.dims = 4) },
  ])('says why it should be rebuilt, and is rebuilt in full, with the $what', async ({ reason, remove }) => {
    const { dir, db, bridges } = await builtCatalog();
    const matching = (text: string) => reason.test(text);
    expect(vibeIndexStatus(db).staleReasons.filter(matching)).toEqual([]);
    const built = currentModel(db)!;
    expect(built.model.layout.conceptKin).toEqual(bridges.conceptKin);
    const json = JSON.parse(db.prepare(`SELECT model_json FROM vibe_models WHERE id = ?`).pluck().get(built.id) as string) as StoredModel;
    expect(json.ridge?.guessLength).toBeGreaterThan(0);
    remove(json);
    db.prepare(`UPDATE vibe_models SET model_json = ? WHERE id = ?`).run(JSON.stringify(json), built.id);
    expect(vibeIndexStatus(db).staleReasons.filter(matching)).toHaveLength(1);

    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more.csv'), { rows: 10, seed: 23 }).file });
    expect((await buildVibeIndex(db, { bridges, mode: 'incremental' })).mode).toBe('full');
    expect(vibeIndexStatus(db).staleReasons.filter(matching)).toEqual([]);
    db.close();
  });
});

describe('a vibe space built with other release-year bins', () => {
  it('says why it should be rebuilt, and is rebuilt in full rather than extended with differently binned items', async () => {
    const { dir, db, bridges } = await builtCatalog();
    expect(vibeIndexStatus(db).staleReasons.filter((reason) => /release-year bins/.test(reason))).toEqual([]);

    // What a build from before the 2-year bins stored: its layout's era block had 33 bins.
    const built = currentModel(db)!;
    const json = JSON.parse(db.prepare(`SELECT model_json FROM vibe_models WHERE id = ?`).pluck().get(built.id) as string) as {
      layout: { blocks: { era: { dims: number } } };
    };
    expect(json.layout.blocks.era.dims).toBe(ERA_DIMS);
    json.layout.blocks.era.dims = 33;
    db.prepare(`UPDATE vibe_models SET model_json = ? WHERE id = ?`).run(JSON.stringify(json), built.id);
    expect(vibeIndexStatus(db).staleReasons.some((reason) => /coarser release-year bins: rebuild/.test(reason))).toBe(true);
    // A build from before undated songs had an era part: the same bins, one place fewer.
    json.layout.blocks.era.dims = ERA_BIN_COUNT;
    db.prepare(`UPDATE vibe_models SET model_json = ? WHERE id = ?`).run(JSON.stringify(json), built.id);
    expect(vibeIndexStatus(db).staleReasons.filter((reason) => /release-year bins|unknown date/.test(reason))).toEqual([
      'Built before songs of unknown date had an era fit: rebuild so that for such songs, films of the decades that use songs most rank first too.',
    ]);

    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more.csv'), { rows: 10, seed: 23 }).file });
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary.mode).toBe('full');
    expect(currentModel(db)!.model.layout.blocks.era.dims).toBe(ERA_DIMS);
    expect(vibeIndexStatus(db).staleReasons.filter((reason) => /release-year bins/.test(reason))).toEqual([]);
    db.close();
  });
});
