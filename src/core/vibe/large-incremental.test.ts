import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex } from './build-index.js';
import { currentModel } from './index-store.js';

/** A catalog of `songs` generated songs and 50 films, built in full: the model is fitted on those songs. */
async function builtCatalog(songs: { readonly rows: number; readonly repeatRate?: number }) {
  const db = tempDatabase();
  const dir = tempDir();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { ...songs, seed: 31 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 50, seed: 32 }).file });
  expect((await buildVibeIndex(db)).status).toBe('completed');
  return { db, dir };
}

describe('a build after a large import', () => {
  // 130,000 new songs: gathering them by spreading one array into another's push overflowed the
  // call stack ("Maximum call stack size exceeded" from about 125,000 items). They are encoded
  // incrementally when the model was fitted on as many songs.
  it('encodes every new song of an import of 130,000 songs into a catalog of as many, incrementally', async () => {
    const { db, dir } = await builtCatalog({ rows: 130_000, repeatRate: 0 });
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'many.csv'), { rows: 130_000, seed: 33, repeatRate: 0 }).file });
    const summary = await buildVibeIndex(db, { mode: 'incremental' });
    const songs = db.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
    expect(songs).toBeGreaterThan(255_000);
    expect(summary).toMatchObject({ status: 'completed', mode: 'incremental', songs, encoded: songs - 130_000 });
    expect(currentModel(db)).toMatchObject({ songs });
    db.close();
  }, 300_000);

  // Statistics fitted on 100 songs would standardise 140,000 new ones: the build refits them.
  it('builds everything again when the new songs outnumber those the model was fitted on', async () => {
    const { db, dir } = await builtCatalog({ rows: 100 });
    expect(currentModel(db)!.model.moodStats.song.count).toBe(db.prepare(`SELECT count(*) FROM songs`).pluck().get());
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more.csv'), { rows: 90, seed: 34, repeatRate: 0 }).file });
    expect(await buildVibeIndex(db, { mode: 'incremental' })).toMatchObject({ status: 'completed', mode: 'incremental' });
    // 100 fitted, 190 now: 90 more are not fitted on, then 180 more than the 100.
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'even-more.csv'), { rows: 90, seed: 35, repeatRate: 0 }).file });
    const songs = db.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
    const summary = await buildVibeIndex(db, { mode: 'incremental' });
    expect(summary).toMatchObject({
      status: 'completed',
      mode: 'full',
      songs,
      encoded: songs + (db.prepare(`SELECT count(*) FROM movies`).pluck().get() as number),
    });
    expect(currentModel(db)!.model.moodStats.song.count).toBe(songs);
    db.close();
  });
});
