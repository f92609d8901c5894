import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex, type BuiltVibeRows } from '../vibe/build-index.js';
import { writeVibeSnapshots } from './vibe-index.js';

/** Every file of a snapshot folder, name → bytes. */
function folderBytes(dir: string): Map<string, Buffer> {
  return new Map(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(dir, name))]),
  );
}

describe('serving snapshots written from the rows a full build made', () => {
  it('are byte for byte the snapshots read back from the catalog, and a stale build falls back to the catalog', async () => {
    const dir = tempDir();
    const db = tempDatabase();
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 300, seed: 5 }).file });
    await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 200, seed: 6 }).file });
    // Other releases of a few recordings (another id, a second longer), so the recording groups are not empty.
    db.prepare(
      `INSERT INTO songs(song_key, title, artists, album, release_year, duration_ms, popularity, danceability, energy, valence, tempo, loudness)
       SELECT 'another-release:' || id, title, artists, album, release_year, duration_ms + 1000, popularity, danceability, energy, valence, tempo, loudness
         FROM songs WHERE duration_ms IS NOT NULL ORDER BY id LIMIT 8`,
    ).run();
    let built: BuiltVibeRows | null = null;
    const summary = await buildVibeIndex(db, { onBuilt: (rows) => (built = rows) });
    expect(summary.status).toBe('completed');
    expect(built!.modelId).toBe(summary.modelId);
    expect(built!.recordings.groups.size).toBeGreaterThan(0);

    const fromBuild = tempDir();
    const fromCatalog = tempDir();
    expect(writeVibeSnapshots(db, fromBuild, built)).toBe(true);
    expect(writeVibeSnapshots(db, fromCatalog)).toBe(true);
    const expected = folderBytes(fromCatalog);
    expect([...expected.keys()]).toEqual(['recording-groups', 'vibe-movie.columns', 'vibe-movie.vectors', 'vibe-song.columns', 'vibe-song.vectors']);
    expect(folderBytes(fromBuild)).toEqual(expected);

    // Rows of a build that is no longer current, or groups read before songs changed, are not used.
    let latest: BuiltVibeRows | null = null;
    const rebuilt = await buildVibeIndex(db, { onBuilt: (rows) => (latest = rows) });
    expect(rebuilt.modelId).not.toBe(built!.modelId);
    const stale = tempDir();
    const again = tempDir();
    expect(writeVibeSnapshots(db, stale, built)).toBe(true);
    expect(writeVibeSnapshots(db, again)).toBe(true);
    expect(folderBytes(stale)).toEqual(folderBytes(again));
    const changedSongs: BuiltVibeRows = {
      ...latest!,
      recordings: { groups: new Map([[1, 2]]), version: { tag: 'songs as they were before an import', importRunning: false } },
    };
    const fallback = tempDir();
    writeVibeSnapshots(db, fallback, changedSongs);
    expect(fs.readFileSync(path.join(fallback, 'recording-groups'))).toEqual(fs.readFileSync(path.join(again, 'recording-groups')));
    db.close();
  });
});
