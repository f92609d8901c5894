import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv } from '../../../tests/support/generate-fixtures.js';
import { undoImport } from '../catalog/undo-import.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { rowOfItem } from '../engine/index.js';
import { importFile } from '../importers/import-file.js';
import { addSong } from '../evaluation/test-helpers.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { loadColumnsCached } from './filter-columns.js';

/** Every song's filter columns as the index would load them (ids ascending), through the snapshot folder. */
function songColumns(db: CatalogDatabase, snapshotDir: string | undefined) {
  const ids = Int32Array.from(db.prepare(`SELECT id FROM songs ORDER BY id`).pluck().all() as number[]);
  const columns = loadColumnsCached(db, 'song', ids, (id) => rowOfItem(ids, id), snapshotDir);
  return { ids, columns, flaggedOf: (id: number) => columns.flagged[rowOfItem(ids, id)], yearOf: (id: number) => columns.year[rowOfItem(ids, id)] };
}

describe('filter columns snapshot', () => {
  it('keeps the rows no import since touched, reads the added and merged ones, and reads everything again after an undo', async () => {
    const dir = tempDir();
    const snapshotDir = tempDir();
    const db = tempDatabase();
    const songsFile = writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 200, seed: 31 }).file;
    await importFile(db, { file: songsFile });
    songColumns(db, snapshotDir);

    // A marker no import wrote (song 1's year): it shows only while the snapshot's row is kept.
    db.prepare(`UPDATE songs SET release_year = 1111 WHERE id = 1`).run();
    // One more import: new songs, and song 2 again with its explicit flag turned over (a merge).
    const [, ...lines] = fs.readFileSync(songsFile, 'utf8').trimEnd().split('\n');
    const second = lines.find((line) => line.split(',')[1] === db.prepare(`SELECT spotify_id FROM songs WHERE id = 2`).pluck().get())!;
    const fields = second.split(',');
    fields[7] = fields[7] === 'True' ? 'False' : 'True';
    const more = writeSpotifyTracksCsv(path.join(dir, 'more.csv'), { rows: 20, seed: 32 }).file;
    fs.writeFileSync(more, `${fs.readFileSync(more, 'utf8').trimEnd()}\n${fields.join(',')}\n`);
    const run = await importFile(db, { file: more });
    expect(db.prepare(`SELECT count(*) FROM songs`).pluck().get()).toBeGreaterThan(200);

    const updated = songColumns(db, snapshotDir);
    const fresh = songColumns(db, undefined);
    expect(updated.yearOf(1)).not.toBe(1111); // kept from the snapshot
    expect(fresh.yearOf(1)).toBe(1111);
    expect(updated.flaggedOf(2)).toBe(fresh.flaggedOf(2)); // merged: read again
    expect(updated.flaggedOf(2)).toBe(fields[7] === 'True' ? 1 : 0);
    const others = (columns: typeof updated) =>
      Array.from(columns.ids)
        .filter((id) => id !== 1)
        .map((id) => [columns.yearOf(id), columns.flaggedOf(id)]);
    expect(others(updated)).toEqual(others(fresh));
    expect(songColumns(db, snapshotDir).yearOf(1)).not.toBe(1111); // snapshotted as brought up to date

    undoImport(db, run.runId);
    const afterUndo = songColumns(db, snapshotDir);
    expect(afterUndo.yearOf(1)).toBe(1111);
    expect(Array.from(afterUndo.columns.flagged)).toEqual(Array.from(songColumns(db, undefined).columns.flagged));
    db.close();
  });
});

describe('filter columns snapshot after a file is imported again', () => {
  it('keeps the rows of the songs it left as they were', async () => {
    const db = tempDatabase();
    const snapshotDir = tempDir();
    const songsFile = writeSpotifyTracksCsv(path.join(tempDir(), 'songs.csv'), { rows: 100, seed: 33 }).file;
    await importFile(db, { file: songsFile });
    // A marker in the snapshot only (song 1's year): it shows while the snapshot's row is kept.
    const year = db.prepare(`SELECT release_year FROM songs WHERE id = 1`).pluck().get();
    db.prepare(`UPDATE songs SET release_year = 1111 WHERE id = 1`).run();
    expect(songColumns(db, snapshotDir).yearOf(1)).toBe(1111);
    db.prepare(`UPDATE songs SET release_year = ? WHERE id = 1`).run(year);
    const again = await importFile(db, { file: songsFile });
    expect(again.counters).toMatchObject({ itemsAdded: 0, itemsMerged: 100 });
    expect(songColumns(db, snapshotDir).yearOf(1)).toBe(1111);
    db.close();
  });
});

describe('filter columns: explicit songs', () => {
  it('flags by the source where it has a flag, else by what the title says (so "hide explicit" hides them)', () => {
    const db = tempDatabase();
    const setFlag = db.prepare(`UPDATE songs SET explicit = ? WHERE id = ?`);
    const song = (title: string, flag: number | null) => {
      const id = addSong(db, { title, artists: 'Someone' });
      setFlag.run(flag, id);
      return id;
    };
    const expected = new Map([
      [song('California Love - Original Version (Explicit)', null), 1],
      [song("I Don't Give A Fuck", null), 1],
      [song('Savage Remix (Clean)', null), 0],
      [song('F**k You (Clean Version)', null), 0],
      [song('Anything', null), 0],
      [song('Gold Digger [Explicit]', 0), 0], // the source's flag outranks the title
      [song('Plain Title', 1), 1],
    ]);
    const { flaggedOf } = songColumns(db, undefined);
    for (const [id, flag] of expected) expect(flaggedOf(id), db.prepare(`SELECT title FROM songs WHERE id = ?`).pluck().get(id) as string).toBe(flag);
    db.close();
  });
});
