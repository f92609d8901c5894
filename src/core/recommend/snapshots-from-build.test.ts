import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { loadRecordingGroups, recordingGroupsVersion } from '../catalog/recordings.js';
import { undoImport } from '../catalog/undo-import.js';
import { loadMatrixSnapshot } from '../engine/index.js';
import { loadedStorages } from '../engine/storage.js';
import { buildVibeIndex, type BuiltVibeRows, type ExtendedVibeRows } from '../vibe/build-index.js';
import { vibeSnapshotTag, writeVibeSnapshots } from './vibe-index.js';
import { recordingGroupsNow, snapshotRecordingGroups } from './recording-groups-snapshot.js';

/** Every file of a snapshot folder, name → bytes. */
function folderBytes(dir: string): Map<string, Buffer> {
  return new Map(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(dir, name))]),
  );
}

/**
 * A snapshot folder as a start reads it: each vectors file as the rows it loads (ids, floats and
 * the int8 copy), whatever room it keeps for appends; the other files as bytes.
 */
function servedSnapshots(dir: string, tag: string): Map<string, unknown> {
  return new Map(
    fs
      .readdirSync(dir)
      .sort()
      .map((name): [string, unknown] => {
        const file = path.join(dir, name);
        if (!name.endsWith('.vectors')) return [name, fs.readFileSync(file)];
        const matrix = loadMatrixSnapshot(file, tag)!;
        const { views, layout } = loadedStorages.get(matrix.data)!;
        const bytes = (view: ArrayBufferView, length: number) => Buffer.from(view.buffer, view.byteOffset, length);
        return [
          name,
          {
            ids: Array.from(matrix.itemIds),
            floats: bytes(matrix.data, matrix.count * matrix.dims * 4),
            int8: bytes(views.int8, matrix.count * layout.stride),
            scales: bytes(views.scales, matrix.count * 4),
            l1s: bytes(views.l1s, matrix.count * 4),
            exs: bytes(views.exs, matrix.count * 4),
          },
        ];
      }),
  );
}

/** A fresh catalog of 300 generated songs (songs.csv in `dir`) and 200 movies. */
async function catalogOfSongsAndMovies() {
  const dir = tempDir();
  const db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 300, seed: 5 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 200, seed: 6 }).file });
  return { dir, db };
}

describe('serving snapshots written from the rows a full build made', () => {
  it('are byte for byte the snapshots read back from the catalog, and a stale build falls back to the catalog', async () => {
    const { db } = await catalogOfSongsAndMovies();
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
      recordings: { groups: new Map([[1, 2]]), version: { tag: 'songs as they were before an import', importRunning: false, runs: [] } },
    };
    const fallback = tempDir();
    writeVibeSnapshots(db, fallback, changedSongs);
    expect(fs.readFileSync(path.join(fallback, 'recording-groups'))).toEqual(fs.readFileSync(path.join(again, 'recording-groups')));
    db.close();
  });
});

describe('a full build dating songs with the recording groups of a snapshot', () => {
  it('takes them from the snapshot while the songs are as it found them, and builds the same vectors as grouping again', async () => {
    const { dir, db } = await catalogOfSongsAndMovies();
    // Dated other releases of undated songs: the groups date those songs, so the vectors depend on them.
    db.prepare(
      `INSERT INTO songs(song_key, title, artists, album, release_year, duration_ms, popularity, danceability, energy, valence, tempo, loudness)
       SELECT 'another-release:' || id, title, artists, album, 1975, duration_ms + 1000, popularity, danceability, energy, valence, tempo, loudness
         FROM songs WHERE duration_ms IS NOT NULL AND release_year IS NULL ORDER BY id LIMIT 8`,
    ).run();
    const snapshotDir = tempDir();
    let first: BuiltVibeRows | null = null;
    await buildVibeIndex(db, { onBuilt: (rows) => (first = rows) });
    writeVibeSnapshots(db, snapshotDir, first);

    const sources: boolean[] = [];
    const fromSnapshot = () => {
      const now = recordingGroupsNow(db, snapshotDir);
      sources.push(now.fromSnapshot);
      return now;
    };
    let rebuilt: BuiltVibeRows | null = null;
    await buildVibeIndex(db, { onBuilt: (rows) => (rebuilt = rows), recordingGroups: fromSnapshot });
    let regrouped: BuiltVibeRows | null = null;
    await buildVibeIndex(db, { onBuilt: (rows) => (regrouped = rows) });
    expect(sources).toEqual([true]);
    expect(rebuilt!.recordings.groups).toEqual(loadRecordingGroups(db));
    expect(rebuilt!.recordings.groups.size).toBeGreaterThan(0);
    for (const kind of ['song', 'movie'] as const) {
      expect(rebuilt!.matrices[kind].itemIds).toEqual(regrouped!.matrices[kind].itemIds);
      expect(rebuilt!.matrices[kind].data).toEqual(regrouped!.matrices[kind].data);
    }

    // The groups come from the snapshot (here, one whose groups were altered under the songs' own tag)...
    const [grouped, canonical] = [...loadRecordingGroups(db)].find(([id, group]) => id !== group)!;
    const altered = new Map(loadRecordingGroups(db));
    altered.delete(grouped);
    expect(snapshotRecordingGroups(snapshotDir, altered, recordingGroupsVersion(db))).toBe(true);
    let fromAltered: BuiltVibeRows | null = null;
    await buildVibeIndex(db, { onBuilt: (rows) => (fromAltered = rows), recordingGroups: fromSnapshot });
    expect(fromAltered!.recordings.groups.has(grouped)).toBe(false);
    expect(canonical).not.toBe(grouped);

    // ...and not once an import changed the songs: then they are brought up to date from it.
    expect(snapshotRecordingGroups(snapshotDir, loadRecordingGroups(db), recordingGroupsVersion(db))).toBe(true);
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more-songs.csv'), { rows: 20, seed: 9 }).file });
    let afterImport: BuiltVibeRows | null = null;
    await buildVibeIndex(db, { onBuilt: (rows) => (afterImport = rows), recordingGroups: fromSnapshot });
    expect(sources).toEqual([true, true, false]);
    expect(afterImport!.recordings.groups).toEqual(loadRecordingGroups(db));
    db.close();
  });
});

describe('serving snapshots extended after an incremental build', () => {
  it('load the same rows as the snapshots read from the catalog, after new songs (written in place) and after an undo whose ids new songs reuse', async () => {
    const { dir, db } = await catalogOfSongsAndMovies();
    let built: BuiltVibeRows | null = null;
    await buildVibeIndex(db, { onBuilt: (rows) => (built = rows) });
    const own = tempDir();
    expect(writeVibeSnapshots(db, own, built)).toBe(true);

    /** An incremental build as the build job runs it: the snapshots' tag taken before, extended after. */
    const extendAfterIncrementalBuild = async () => {
      const tagBefore = vibeSnapshotTag(db);
      const songFile = fs.statSync(path.join(own, 'vibe-song.vectors')).ino;
      let extended: ExtendedVibeRows | null = null;
      const summary = await buildVibeIndex(db, { mode: 'incremental', onExtended: (rows) => (extended = rows) });
      expect(summary.mode).toBe('incremental');
      expect(extended!.encoded.song.length).toBe(summary.encoded);
      expect(extended!.encoded.movie).toEqual([]);
      const movieRows = fs.readFileSync(path.join(own, 'vibe-movie.vectors')).subarray(4096);
      // Kept rows come from the snapshot, not from SQLite: a marker put into one's catalog row meanwhile does not show.
      const table = `vibe_song_vectors_${db.prepare(`SELECT slot FROM vibe_models WHERE status = 'ready'`).pluck().get() as number}`;
      const [keptId, keptVector] = db.prepare(`SELECT item_id, vector FROM ${table} ORDER BY item_id LIMIT 1`).raw().get() as [number, Buffer];
      db.prepare(`UPDATE ${table} SET vector = ? WHERE item_id = ?`).run(Buffer.alloc(keptVector.length), keptId);
      expect(writeVibeSnapshots(db, own, null, { ...extended!, tagBefore })).toBe(true);
      db.prepare(`UPDATE ${table} SET vector = ? WHERE item_id = ?`).run(keptVector, keptId);
      const snapshot = loadMatrixSnapshot(path.join(own, 'vibe-song.vectors'), vibeSnapshotTag(db)!)!;
      expect(Buffer.from(snapshot.data.buffer, snapshot.data.byteOffset, keptVector.length).equals(keptVector)).toBe(true);
      // The movies did not change: their rows stay as they were, under the new tag.
      expect(fs.readFileSync(path.join(own, 'vibe-movie.vectors')).subarray(4096).equals(movieRows)).toBe(true);
      const fromCatalog = tempDir();
      expect(writeVibeSnapshots(db, fromCatalog)).toBe(true);
      expect(servedSnapshots(own, vibeSnapshotTag(db)!)).toEqual(servedSnapshots(fromCatalog, vibeSnapshotTag(db)!));
      // Whether the songs' file was extended in place (the same file) or written anew.
      return fs.statSync(path.join(own, 'vibe-song.vectors')).ino === songFile;
    };

    const more = await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more.csv'), { rows: 40, seed: 7 }).file });
    // And other releases of known recordings (another track id and album): new recording groups.
    const [header, ...lines] = fs.readFileSync(path.join(dir, 'songs.csv'), 'utf8').trimEnd().split('\n');
    const releases = lines
      .filter((line) => !line.includes('"'))
      .slice(0, 12)
      .map((line) => {
        const fields = line.split(',');
        fields[1] = `R2${fields[1]!.slice(2)}`;
        fields[3] = `${fields[3]} (deluxe)`;
        return fields.join(',');
      });
    fs.writeFileSync(path.join(dir, 'releases.csv'), [header, ...releases].join('\n') + '\n');
    await importFile(db, { file: path.join(dir, 'releases.csv') });
    expect(loadRecordingGroups(db).size).toBeGreaterThanOrEqual(2);
    const firstNew = db.prepare(`SELECT min(item_id) FROM import_changes WHERE import_run_id = ? AND outcome = 'added'`).pluck().get(more.runId) as number;
    expect(await extendAfterIncrementalBuild()).toBe(true);

    // Undone, then other songs imported: SQLite gives them the freed ids, with other vectors.
    undoImport(db, more.runId);
    const other = await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'other.csv'), { rows: 30, seed: 8 }).file });
    expect(db.prepare(`SELECT count(*) FROM songs WHERE id >= ?`).pluck().get(firstNew)).toBeGreaterThan(0);
    // Rows dropped and ids reused: merged into a new file.
    expect(await extendAfterIncrementalBuild()).toBe(false);

    // Every freed id taken again (the last import undone, its songs imported again): the model has
    // as many rows as the snapshot, and the snapshot's rows of those ids are replaced by the build's.
    const otherIds = db.prepare(`SELECT item_id FROM import_changes WHERE import_run_id = ? AND outcome = 'added' ORDER BY item_id`).pluck().all(other.runId);
    undoImport(db, other.runId);
    const again = await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'again.csv'), { rows: 30, seed: 8 }).file });
    expect(db.prepare(`SELECT item_id FROM import_changes WHERE import_run_id = ? AND outcome = 'added' ORDER BY item_id`).pluck().all(again.runId)).toEqual(
      otherIds,
    );
    expect(await extendAfterIncrementalBuild()).toBe(false);
    db.close();
  });
});
