import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex } from './build-index.js';
import { currentModel } from './index-store.js';

describe('an incremental build after a large import', () => {
  // 140,000 new songs: gathering them by spreading one array into another's push overflowed the
  // call stack ("Maximum call stack size exceeded" from about 125,000 items).
  it('encodes every new song of an import of 140,000 songs into a small catalog', async () => {
    const db = tempDatabase();
    const dir = tempDir();
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 100, seed: 31 }).file });
    await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 50, seed: 32 }).file });
    expect((await buildVibeIndex(db)).status).toBe('completed');
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'many.csv'), { rows: 140_000, seed: 33, repeatRate: 0 }).file });
    const summary = await buildVibeIndex(db, { mode: 'incremental' });
    const songs = db.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
    expect(summary).toMatchObject({ status: 'completed', mode: 'incremental', songs });
    expect(currentModel(db)).toMatchObject({ songs });
    db.close();
  }, 180_000);
});
