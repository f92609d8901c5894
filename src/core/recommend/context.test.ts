import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv } from '../../../tests/support/generate-fixtures.js';
import { loadRecordingGroups, recordingGroupsVersion } from '../catalog/recordings.js';
import { undoImport } from '../catalog/undo-import.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { loadRecommendContext } from './context.js';
import { loadRecordingGroupsCached, snapshotRecordingGroups } from './recording-groups-snapshot.js';

let db: CatalogDatabase;
const dir = tempDir();
const snapshotDir = tempDir();
const snapshot = path.join(snapshotDir, 'recording-groups');

/** Other versions (another track id and album) of the first `count` plain rows of a Spotify file's text: recordings under several ids. */
function writeVersions(source: string, file: string, count: number, tag: string): string {
  const [header, ...lines] = source.trimEnd().split('\n');
  const versions = lines
    .filter((line) => !line.includes('"'))
    .slice(0, count)
    .map((line) => {
      const fields = line.split(',');
      fields[1] = `${tag}${fields[1]!.slice(tag.length)}`;
      fields[3] = `${fields[3]} (${tag} edition)`;
      return fields.join(',');
    });
  fs.writeFileSync(file, [header, ...versions].join('\n') + '\n');
  return file;
}

let songsFile = ''; // the first import's text

beforeAll(async () => {
  db = tempDatabase();
  const file = writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 400, seed: 21 }).file;
  songsFile = fs.readFileSync(file, 'utf8');
  await importFile(db, { file });
  await importFile(db, { file: writeVersions(songsFile, path.join(dir, 'versions.csv'), 30, 'V1') });
});

afterAll(() => db?.close());

const sorted = (groups: ReadonlyMap<number, number> | undefined) => [...(groups ?? new Map<number, number>())].sort((a, b) => a[0] - b[0]);

describe('recording groups in the recommend context', () => {
  it('are the computed groups, whether computed, snapshotted or read from the snapshot', () => {
    const computed = sorted(loadRecordingGroups(db));
    expect(computed.length).toBeGreaterThan(0);
    expect(sorted(loadRecommendContext(db).recordings)).toEqual(computed);
    expect(fs.existsSync(snapshot)).toBe(false);
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(computed);
    expect(fs.existsSync(snapshot)).toBe(true);
    const written = fs.statSync(snapshot).mtimeMs;
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(computed);
    expect(fs.statSync(snapshot).mtimeMs).toBe(written);
  });

  it('are computed again after an import and after an undone import', async () => {
    loadRecommendContext(db, { snapshotDir });
    const more = await importFile(db, { file: writeVersions(songsFile, path.join(tempDir(), 'more-versions.csv'), 60, 'V2') });
    const afterImport = sorted(loadRecordingGroups(db));
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(afterImport);
    undoImport(db, more.runId);
    const afterUndo = sorted(loadRecordingGroups(db));
    expect(afterUndo).not.toEqual(afterImport);
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(afterUndo);
  });

  it('are brought up to date from the songs imports added since, and computed whole after an undo', async () => {
    loadRecommendContext(db, { snapshotDir });
    // A marker no grouping makes (song -1): it stays only while the snapshot's groups are kept.
    const marked = new Map([...loadRecordingGroups(db), [-1, -1]]);
    expect(snapshotRecordingGroups(snapshotDir, marked, recordingGroupsVersion(db))).toBe(true);
    const more = await importFile(db, { file: writeVersions(songsFile, path.join(tempDir(), 'v3.csv'), 20, 'V3') });
    const recordings = loadRecordingGroupsCached(db, snapshotDir);
    expect(recordings.get(-1)).toBe(-1);
    recordings.delete(-1);
    expect(sorted(recordings)).toEqual(sorted(loadRecordingGroups(db)));
    expect(loadRecordingGroupsCached(db, snapshotDir).get(-1)).toBe(-1); // snapshotted as brought up to date
    undoImport(db, more.runId);
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(sorted(loadRecordingGroups(db)));
  });

  it('are still snapshotted after many imports', async () => {
    // Each import run used to lengthen the snapshot's tag until it no longer fitted its header.
    const extra = path.join(tempDir(), 'one.csv');
    const [header, ...lines] = songsFile.trimEnd().split('\n');
    for (let run = 0; run < 30; run++) {
      fs.writeFileSync(extra, `${header}\n${lines[run]}\n`);
      await importFile(db, { file: extra });
    }
    expect(db.prepare(`SELECT count(*) FROM import_runs`).pluck().get()).toBeGreaterThan(30);
    fs.rmSync(snapshot, { force: true });
    const computed = sorted(loadRecordingGroups(db));
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(computed);
    expect(fs.existsSync(snapshot)).toBe(true);
    const written = fs.statSync(snapshot).mtimeMs;
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(computed);
    expect(fs.statSync(snapshot).mtimeMs).toBe(written);
  });

  it('ignore a damaged snapshot', () => {
    const computed = sorted(loadRecordingGroups(db));
    loadRecommendContext(db, { snapshotDir });
    fs.writeFileSync(snapshot, fs.readFileSync(snapshot).subarray(0, 1100));
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(computed);
    fs.writeFileSync(snapshot, 'not a snapshot');
    expect(sorted(loadRecommendContext(db, { snapshotDir }).recordings)).toEqual(computed);
  });
});
