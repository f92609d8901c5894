import { describe, expect, it } from 'vitest';
import { tempDatabase, tempFile } from '../../../tests/support/temp.js';
import { ImportRuns } from '../catalog/import-runs.js';
import { importFile } from './import-file.js';

/** Hostile inputs of issue #14 items 8-11, sent through the whole import. */

const HF_HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
const hfRow = (index: number, name = `Song ${index}`) =>
  `${index},T${index},Nat King Cole,Classic Christmas,${name},40,176226,False,0.123,0.261,8,-11.245,1,0.0288,0.718,1.84e-06,0.14,0.5,82.062,3,jazz`;

type Db = ReturnType<typeof tempDatabase>;
const count = (db: Db, sql: string) => db.prepare(sql).pluck().get() as number;
const nothingWritten = (db: Db) => {
  expect(count(db, 'SELECT count(*) FROM import_runs')).toBe(0);
  expect(count(db, 'SELECT count(*) FROM songs')).toBe(0);
  expect(count(db, 'SELECT count(*) FROM movies')).toBe(0);
};

/** A JPEG's first bytes (SOI, a JFIF APP0 segment) and then image-like noise with NULs and high bytes. */
function jpegBytes(): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00]);
  const body = Buffer.from(Array.from({ length: 20_000 }, (_, index) => (index * 131 + 7) % 256));
  return Buffer.concat([head, body, Buffer.from([0xff, 0xd9])]);
}

describe('binary files (item 8)', () => {
  it('refuses a JPEG chosen as a CSV with a plain sentence, and writes nothing', async () => {
    const db = tempDatabase();
    const file = tempFile('photo.csv', jpegBytes());
    await expect(importFile(db, { file, displayName: 'photo.csv' })).rejects.toThrow(
      'photo.csv looks like a JPEG image, not a CSV file; export the table as CSV and import that.',
    );
    // Not even a forced encoding reads it (it used to come out as three windows-1251 "songs").
    await expect(importFile(db, { file, displayName: 'photo.csv', encoding: 'windows-1251', kind: 'songs' })).rejects.toThrow(/looks like a JPEG image/);
    nothingWritten(db);
  });

  it('names a spreadsheet saved as .xlsx and a gzip file', async () => {
    const db = tempDatabase();
    const local = (name: string) => {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(name.length, 26);
      return Buffer.concat([header, Buffer.from(name), Buffer.alloc(64, 0x5a)]);
    };
    const xlsx = tempFile('songs.xlsx', Buffer.concat([local('[Content_Types].xml'), local('xl/workbook.xml')]));
    await expect(importFile(db, { file: xlsx, displayName: 'songs.xlsx' })).rejects.toThrow(
      'songs.xlsx looks like an Excel workbook (.xlsx), not a CSV file; export the table as CSV and import that.',
    );
    const gzip = tempFile('songs.csv.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(100, 0x41)]));
    await expect(importFile(db, { file: gzip, displayName: 'songs.csv.gz' })).rejects.toThrow(
      /looks like a gzip-compressed file, not a CSV file; extract the CSV file from it/,
    );
    nothingWritten(db);
  });
});

describe('one endless line (item 9)', () => {
  it('fails fast on a multi-megabyte file without a line break, before recording a run', async () => {
    const db = tempDatabase();
    const file = tempFile('endless.csv', `${HF_HEADER},${'x'.repeat(4 * 1024 * 1024)}`);
    await expect(importFile(db, { file, displayName: 'endless.csv', parseIn: 'thread' })).rejects.toThrow(
      'endless.csv: line 1 is longer than 1 MiB: is this really a CSV file?',
    );
    nothingWritten(db);
  });
});

describe('unclosed quotes (item 10)', () => {
  it('imports 47 of 48 rows when line 5 has an unclosed quote, and reports exactly that row', async () => {
    for (const parseIn of ['thread', 'worker'] as const) {
      const db = tempDatabase();
      const rows = Array.from({ length: 48 }, (_, index) => hfRow(index + 1));
      rows[3] = hfRow(4, '"Never closed');
      const file = tempFile('dataset.csv', [HF_HEADER, ...rows].join('\n') + '\n');
      const summary = await importFile(db, { file, parseIn });
      expect(summary.counters, parseIn).toMatchObject({ rowsRead: 48, rowsImported: 47, rowsSkipped: 1 });
      expect(summary.issues).toEqual([expect.objectContaining({ line: 5, reason: 'unreadable CSV: unclosed quote starting at line 5' })]);
      expect(new ImportRuns(db).issues(summary.runId)).toEqual([
        expect.objectContaining({ line: 5, reason: expect.stringContaining('unclosed quote starting at line 5') }),
      ]);
      expect(count(db, 'SELECT count(*) FROM songs')).toBe(47);
      expect(count(db, `SELECT count(*) FROM songs WHERE title = 'Song 48'`)).toBe(1);
    }
  });

  it('does not merge a deeply quoted row with the next line', async () => {
    const db = tempDatabase();
    const rows = [hfRow(1), hfRow(2, '"""Heroes"" (live)'), hfRow(3, '"Low"'), hfRow(4)];
    const summary = await importFile(db, { file: tempFile('dataset.csv', [HF_HEADER, ...rows].join('\n') + '\n') });
    expect(summary.counters).toMatchObject({ rowsRead: 4, rowsImported: 3, rowsSkipped: 1 });
    expect(summary.issues).toEqual([expect.objectContaining({ line: 3, reason: 'unreadable CSV: unclosed quote starting at line 3' })]);
    expect(db.prepare('SELECT title FROM songs ORDER BY title').pluck().all()).toEqual(['Low', 'Song 1', 'Song 4']);
  });
});

describe('encoding names (item 11)', () => {
  it('answers a name from the object prototype like any unknown name, listing the known ones', async () => {
    const db = tempDatabase();
    const file = tempFile('dataset.csv', [HF_HEADER, hfRow(1)].join('\n'));
    for (const encoding of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'klingon']) {
      await expect(importFile(db, { file, encoding }), encoding).rejects.toThrow(`Unknown encoding "${encoding}"; known: utf-8, utf-16le`);
    }
    nothingWritten(db);
  });
});
