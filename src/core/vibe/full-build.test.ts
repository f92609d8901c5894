import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { insertPosterEmbeddings, storedModelRows } from '../../../tests/support/vibe-rows.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges } from '../features/bridges.js';
import { loadMovieFeatures, loadSongFeatures } from '../features/load-features.js';
import { loadSongTags } from '../features/song-tags.js';
import { loadSongYears } from '../features/song-years.js';
import { MOOD_AXES } from '../features/types.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex, meanPosterEmbeddings } from './build-index.js';
import { encodeItem } from './encode.js';
import { currentModel } from './index-store.js';
import { fitVibeModel, serialiseModel } from './model.js';

/**
 * A full build reads and encodes one kind at a time, holding no feature objects (encode-catalog.ts).
 * It must store exactly what fitting the model on every item's features and encoding each item
 * gives: the same model, the same vectors to the bit, the same moods.
 */
const bridges = loadBridges();
let db: CatalogDatabase;
const dir = tempDir();

beforeAll(async () => {
  db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 300, seed: 21 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 200, seed: 22 }).file });
  // Poster embeddings for 60 movies (some with two posters), so the poster PCA and the mood → poster map are fitted.
  insertPosterEmbeddings(db, 60);
  // The default bridge tables: the movies are read in a worker thread.
  expect((await buildVibeIndex(db)).status).toBe('completed');
});

afterAll(() => db?.close());

const stored = (modelId: number, column: 'vector' | 'mood' = 'vector') => storedModelRows(db, modelId, column);

describe('a full build', () => {
  it('stores the model, vectors and moods that fitting and encoding every item at once gives', () => {
    const built = currentModel(db)!;
    const tags = loadSongTags(db);
    const songs = loadSongFeatures(db, { bridges, extras: { tags, eras: loadSongYears(db, tags) } });
    const movies = loadMovieFeatures(db, { bridges });
    const posters = meanPosterEmbeddings(db);
    const reference = fitVibeModel({
      songs,
      movies,
      posterEmbeddings: posters,
      concepts: bridges.conceptIds,
      conceptKin: bridges.conceptKin,
      regions: bridges.regionIds,
      tablesDigest: bridges.digest,
    });
    expect(reference.pca).not.toBeNull();
    expect(reference.ridge).not.toBeNull();
    expect(serialiseModel({ ...built.model, centroids: null })).toBe(serialiseModel(reference));

    const vectors = stored(built.id);
    const moods = stored(built.id, 'mood');
    expect(vectors.size).toBe(songs.length + movies.length);
    const variety = built.model.layout.blocks.variety.offset;
    const sums = { song: new Float64Array(reference.layout.dims), movie: new Float64Array(reference.layout.dims) };
    for (const item of [...songs, ...movies]) {
      const key = `${item.kind}:${item.itemId}`;
      const expected = encodeItem(item, reference, item.kind === 'movie' ? (posters.get(item.itemId) ?? null) : null);
      const actual = vectors.get(key)!;
      // The variety block holds the measured exposure (exposure.test.ts); every other value is the encoding's.
      expect(
        Array.from(actual).map((value, index) => (index === variety ? 0 : value)),
        key,
      ).toEqual(Array.from(expected));
      expect(moods.get(key), key).toEqual(Float32Array.from(MOOD_AXES, (axis) => item.mood[axis]));
      expected.forEach((value, index) => (sums[item.kind][index]! += value));
    }
    expect(Array.from(built.model.centroids!.song)).toEqual(Array.from(sums.song, (value) => Math.fround(value / songs.length)));
    expect(Array.from(built.model.centroids!.movie)).toEqual(Array.from(sums.movie, (value) => Math.fround(value / movies.length)));
  });

  it('gives the same vectors when every kind is read on this thread', async () => {
    const before = currentModel(db)!;
    const vectors = stored(before.id);
    expect((await buildVibeIndex(db, { bridges })).status).toBe('completed');
    const after = currentModel(db)!;
    expect(after.id).not.toBe(before.id);
    expect(serialiseModel(after.model)).toBe(serialiseModel(before.model));
    expect(stored(after.id)).toEqual(vectors);
  });

  it("holds back the items that top many of the other kind's lists", () => {
    const built = currentModel(db)!;
    const variety = built.model.layout.blocks.variety.offset;
    const held = [...stored(built.id).values()].filter((vector) => vector[variety]! < 0);
    expect(held.length).toBeGreaterThan(0);
  });

  it("says which step of the songs' statistics it is in before it encodes any song", async () => {
    const phases: string[] = [];
    expect((await buildVibeIndex(db, { onProgress: (progress) => phases.push(progress.phase) })).status).toBe('completed');
    const steps = [
      'Reading the songs',
      'Grouping versions of the same recording',
      "Reading the songs' tags",
      'Dating the songs',
      "Reading each artist's songs",
    ];
    const at = steps.map((step) => phases.indexOf(step));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(phases.slice(at.at(-1)! + 1)).toContain('Reading and encoding songs and movies');
  });
});
