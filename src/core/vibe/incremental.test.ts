import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { insertPosterEmbeddings, storedModelRows } from '../../../tests/support/vibe-rows.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges } from '../features/bridges.js';
import { loadMovieFeatures, loadSongFeatures } from '../features/load-features.js';
import { loadSongTags } from '../features/song-tags.js';
import { loadSongYears } from '../features/song-years.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir, tempFile } from '../testing/temp.js';
import { buildVibeIndex, meanPosterEmbeddings } from './build-index.js';
import { encodeItem } from './encode.js';
import { currentModel } from './index-store.js';
import { loadRankTables } from './rank-table-store.js';

const bridges = loadBridges();
let db: CatalogDatabase;
const dir = tempDir();

beforeAll(async () => {
  db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 200, seed: 11 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 150, seed: 12 }).file });
  expect((await buildVibeIndex(db, { bridges })).status).toBe('completed');
});

afterAll(() => db?.close());

function storedVectors(modelId: number): Map<string, number[]> {
  return new Map([...storedModelRows(db, modelId)].map(([key, vector]) => [key, Array.from(vector)]));
}

/**
 * What the build's encoding step gives every item with the current model, from the whole
 * catalog's features, ranked (popularity, loudness, votes …) as the model ranks: against the
 * catalog it was built on (its stored tables).
 */
function encodedFromAllFeatures(modelId: number): Map<string, number[]> {
  const model = currentModel(db)!;
  expect(model.id).toBe(modelId);
  const tags = loadSongTags(db);
  const posters = meanPosterEmbeddings(db);
  const ranks = { stored: loadRankTables(db, modelId) };
  const items = [...loadSongFeatures(db, { bridges, extras: { tags, eras: loadSongYears(db, tags) }, ranks }), ...loadMovieFeatures(db, { bridges, ranks })];
  return new Map(
    items.map((item) => [
      `${item.kind}:${item.itemId}`,
      Array.from(encodeItem(item, model.model, item.kind === 'movie' ? (posters.get(item.itemId) ?? null) : null)),
    ]),
  );
}

describe('an incremental build', () => {
  it('after a songs-only import encodes just the new songs, as the same model encodes them from the whole catalog, and counts every item', async () => {
    const modelId = currentModel(db)!.id;
    const before = storedVectors(modelId);
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more-songs.csv'), { rows: 40, seed: 13, repeatRate: 0 }).file });
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    const songs = db.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
    const movies = db.prepare(`SELECT count(*) FROM movies`).pluck().get() as number;
    expect(summary).toMatchObject({ status: 'completed', mode: 'incremental', modelId, songs, movies });
    expect(currentModel(db)).toMatchObject({ id: modelId, songs, movies });

    const after = storedVectors(modelId);
    const added = [...after.keys()].filter((key) => !before.has(key));
    expect(added.length).toBe(summary.encoded);
    expect(added.length).toBe(songs - [...before.keys()].filter((key) => key.startsWith('song:')).length);
    expect(added.every((key) => key.startsWith('song:'))).toBe(true);
    for (const [key, vector] of before) expect(after.get(key)).toEqual(vector);
    const expected = encodedFromAllFeatures(modelId);
    for (const key of added) expect(after.get(key), key).toEqual(expected.get(key));
  });

  // The same generator with more rows: the first 150 movies again (unchanged), then 30 new ones.
  it('after a movies-only import encodes just the new movies the same way', async () => {
    const modelId = currentModel(db)!.id;
    const before = storedVectors(modelId);
    await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'more-movies.csv'), { rows: 180, seed: 12 }).file });
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary).toMatchObject({ status: 'completed', mode: 'incremental', modelId, movies: db.prepare(`SELECT count(*) FROM movies`).pluck().get() });
    const after = storedVectors(modelId);
    const added = [...after.keys()].filter((key) => !before.has(key));
    expect(added.length).toBe(summary.encoded);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((key) => key.startsWith('movie:'))).toBe(true);
    const expected = encodedFromAllFeatures(modelId);
    for (const key of added) expect(after.get(key), key).toEqual(expected.get(key));
  });

  it("dates and flags new songs from their artists' other songs as a whole-catalog read does", async () => {
    const modelId = currentModel(db)!.id;
    const before = storedVectors(modelId);
    // This fixture's schema has no release years: some songs get one (already encoded, they stay as they are).
    db.prepare(`UPDATE songs SET release_year = 1960 + id % 50 WHERE id % 3 = 0`).run();
    // Other releases of known recordings (a second longer, no year or flag of their own), and songs
    // without a year or flag on known albums: their year, era and lyrics come from the artist's other songs.
    db.prepare(
      `INSERT INTO songs(song_key, title, artists, album, duration_ms, popularity, danceability, energy, valence, tempo, loudness)
       SELECT 'another-release:' || id, title || ' - Remastered 2011', artists, 'Greatest Hits', duration_ms + 1000, popularity, danceability, energy, valence, tempo, loudness
         FROM songs WHERE duration_ms IS NOT NULL AND release_year IS NOT NULL ORDER BY id LIMIT 6`,
    ).run();
    db.prepare(
      `INSERT INTO songs(song_key, title, artists, album, spotify_album_id, danceability, energy, valence)
       SELECT 'album-track:' || id, 'Hidden Track ' || id, artists, album, spotify_album_id, danceability, energy, valence
         FROM songs WHERE album IS NOT NULL AND release_year IS NOT NULL ORDER BY id DESC LIMIT 6`,
    ).run();
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary).toMatchObject({ status: 'completed', mode: 'incremental', encoded: 12 });
    const after = storedVectors(modelId);
    const added = [...after.keys()].filter((key) => !before.has(key));
    expect(added).toHaveLength(12);
    const expected = encodedFromAllFeatures(modelId);
    for (const key of added) expect(after.get(key), key).toEqual(expected.get(key));
    // The scoped reading really dated them: a whole-catalog read gives every one a year.
    const years = loadSongYears(db);
    for (const key of added) expect(years.get(Number(key.split(':')[1]))?.year, key).not.toBeNull();
  });

  it('reports the films whose posters the visual block holds, though a songs-only build reads none of them', async () => {
    const own = tempDatabase();
    try {
      await importFile(own, { file: writeSpotifyTracksCsv(path.join(dir, 'poster-songs.csv'), { rows: 60, seed: 21 }).file });
      await importFile(own, { file: writeTmdbV11Csv(path.join(dir, 'poster-movies.csv'), { rows: 40, seed: 22 }).file });
      insertPosterEmbeddings(own, 25);
      const full = await buildVibeIndex(own, { bridges });
      expect(full.moviesWithPosterEmbedding).toBe(25);
      await importFile(own, { file: writeSpotifyTracksCsv(path.join(dir, 'poster-more-songs.csv'), { rows: 70, seed: 21, repeatRate: 0 }).file });
      const incremental = await buildVibeIndex(own, { bridges, mode: 'incremental' });
      expect(incremental).toMatchObject({ mode: 'incremental', moviesWithPosterEmbedding: 25, visual: true });
      expect(incremental.encoded).toBeGreaterThan(0);
    } finally {
      own.close();
    }
  });

  it('encodes an older item without a vector (a build cancelled midway) as well as the new ones past the last vector', async () => {
    const model = currentModel(db)!;
    const table = `vibe_song_vectors_${model.slot}`;
    const lacking = db.prepare(`SELECT min(item_id) FROM ${table} WHERE model_id = ?`).pluck().get(model.id) as number;
    db.prepare(`DELETE FROM ${table} WHERE item_id = ?`).run(lacking);
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'yet-more-songs.csv'), { rows: 10, seed: 16, repeatRate: 0 }).file });
    const newest = db
      .prepare(`SELECT count(*) FROM songs WHERE id > ?`)
      .pluck()
      .get(db.prepare(`SELECT max(item_id) FROM ${table}`).pluck().get()) as number;
    expect(newest).toBeGreaterThan(0);
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary.encoded).toBe(newest + 1);
    expect(storedVectors(model.id).get(`song:${lacking}`)).toEqual(encodedFromAllFeatures(model.id).get(`song:${lacking}`));
  });

  /** The first import's file with three songs' energy changed (the next test imports it again). */
  let updatedSongs = '';

  it('after a file is imported again with some values changed, encodes just the songs that changed, keeping their exposure', async () => {
    const model = currentModel(db)!;
    const before = storedVectors(model.id);
    const { offset } = model.model.layout.blocks.variety;
    // Songs whose full build measured an exposure, so keeping it is seen.
    const exposed = [...before]
      .filter(([key, vector]) => key.startsWith('song:') && vector[offset] !== 0)
      .slice(0, 3)
      .map(([key]) => Number(key.split(':')[1]));
    expect(exposed).toHaveLength(3);
    const spotifyIds = new Map(
      (
        db
          .prepare(`SELECT spotify_id, id FROM songs WHERE id IN (${exposed.join(',')})`)
          .raw()
          .all() as [string, number][]
      ).map(([spotifyId, id]) => [spotifyId, id]),
    );
    // The file of the first import, generated again (temp folders go after each test).
    const first = writeSpotifyTracksCsv(path.join(tempDir(), 'songs.csv'), { rows: 200, seed: 11 }).file;
    const lines = fs.readFileSync(first, 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const energy = header.indexOf('energy');
    const changedEnergy = new Set<string>();
    const updated = lines.map((line, index) => {
      const fields = line.split(',');
      if (index === 0 || !spotifyIds.has(fields[1]!)) return line;
      // Every row of the track (a file may list it under several genres) gets the new value.
      fields[energy] = fields[energy] === '0.031' ? '0.032' : '0.031';
      changedEnergy.add(fields[1]!);
      return fields.join(',');
    });
    expect(changedEnergy.size).toBe(3);
    updatedSongs = updated.join('\n') + '\n';
    const imported = await importFile(db, { file: tempFile('songs-updated.csv', updatedSongs) });
    expect(imported.counters).toMatchObject({ itemsAdded: 0 });
    expect(imported.counters.itemsMerged).toBeGreaterThan(100);

    const phases: string[] = [];
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental', onProgress: (progress) => phases.push(progress.phase) });
    expect(summary).toMatchObject({ status: 'completed', mode: 'incremental', modelId: model.id, encoded: 3 });
    // Comparing with the journal is the first thing it does (seconds after a million-row file).
    expect(phases[0]).toBe('Finding what the imports changed');
    const after = storedVectors(model.id);
    const expected = encodedFromAllFeatures(model.id);
    for (const [key, vector] of before) {
      const itemId = Number(key.split(':')[1]);
      if (!key.startsWith('song:') || !exposed.includes(itemId)) {
        expect(after.get(key), key).toEqual(vector);
        continue;
      }
      const encoded = expected.get(key)!;
      expect(after.get(key), key).not.toEqual(vector);
      expect(after.get(key)![offset], key).toBe(vector[offset]);
      expect([...after.get(key)!.slice(0, offset), ...after.get(key)!.slice(offset + 1)], key).toEqual([
        ...encoded.slice(0, offset),
        ...encoded.slice(offset + 1),
      ]);
    }
  });

  it('after a file is imported again unchanged, encodes nothing', async () => {
    const modelId = currentModel(db)!.id;
    const before = storedVectors(modelId);
    expect((await importFile(db, { file: tempFile('songs-updated.csv', updatedSongs) })).counters.itemsMerged).toBeGreaterThan(100);
    expect(await buildVibeIndex(db, { bridges, mode: 'incremental' })).toMatchObject({ mode: 'incremental', encoded: 0 });
    expect(storedVectors(modelId)).toEqual(before);
  });

  it('takes a stored fingerprint whose runs cannot be read as one from before runs were recorded, and one that is not a fingerprint as none', async () => {
    const modelId = currentModel(db)!.id;
    const stored = JSON.parse(db.prepare(`SELECT fingerprint FROM vibe_models WHERE id = ?`).pluck().get(modelId) as string) as Record<string, unknown>;
    const { importRuns, ...counts } = stored;
    expect(importRuns).toBeInstanceOf(Array);
    const setFingerprint = (text: string) => db.prepare(`UPDATE vibe_models SET fingerprint = ? WHERE id = ?`).run(text, modelId);
    setFingerprint(JSON.stringify({ ...stored, importRuns: [[1, 'completed']] }));
    expect(currentModel(db)!.fingerprint).toEqual(counts);
    // The build still adds what has no vector, and records the runs again.
    expect(await buildVibeIndex(db, { bridges, mode: 'incremental' })).toMatchObject({ mode: 'incremental', encoded: 0 });
    expect(currentModel(db)!.fingerprint?.importRuns).toEqual(importRuns);
    // The column holds JSON only (a CHECK), but not necessarily a fingerprint.
    setFingerprint('{"songs": "many"}');
    expect(currentModel(db)!.fingerprint).toBeNull();
    setFingerprint(JSON.stringify(stored));
  });

  it('with nothing new encodes nothing and keeps the counts', async () => {
    const modelId = currentModel(db)!.id;
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary).toMatchObject({
      status: 'completed',
      mode: 'incremental',
      modelId,
      encoded: 0,
      songs: db.prepare(`SELECT count(*) FROM songs`).pluck().get(),
      movies: db.prepare(`SELECT count(*) FROM movies`).pluck().get(),
    });
  });

  // Last: it replaces the model the tests above extend.
  it('refits (a full build) when imports since changed most of a kind’s items', async () => {
    const modelId = currentModel(db)!.id;
    const songs = db.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
    const [header, ...lines] = updatedSongs.trimEnd().split('\n');
    const energy = header!.split(',').indexOf('energy');
    const louder = lines.map((line) => {
      const fields = line.split(',');
      fields[energy] = String(Math.min(1, Number(fields[energy]) + 0.05).toFixed(3));
      return fields.join(',');
    });
    await importFile(db, { file: tempFile('songs-louder.csv', [header, ...louder].join('\n') + '\n') });
    const changed = db
      .prepare(`SELECT count(DISTINCT item_id) FROM import_changes WHERE item_kind = 'song' AND import_run_id = (SELECT max(id) FROM import_runs)`)
      .pluck()
      .get() as number;
    expect(changed).toBeGreaterThan(songs / 2);
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary).toMatchObject({ status: 'completed', mode: 'full' });
    expect(summary.modelId).not.toBe(modelId);
  });
});
