import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { openDatabase } from '../db/open-database.js';
import { storedModelRows, vibeRowCount } from '../../../tests/support/vibe-rows.js';
import { vibeVectorTable } from '../db/vibe-vector-tables.js';
import { writeSpotifyTracksCsv } from '../../../tests/support/generate-fixtures.js';
import { importFile } from '../importers/import-file.js';
import { undoImport } from '../catalog/undo-import.js';
import { ImportRuns } from '../catalog/import-runs.js';
import { catalogFingerprint, clearSlot, otherSlot, readSlotPages, vectorRowWriter } from './index-store.js';

describe('catalog fingerprint', () => {
  it('counts songs and movies again only when an import run, an undo or the largest ids changed', async () => {
    const db = tempDatabase();
    const dir = tempDir();
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'a.csv'), { rows: 40, seed: 1 }).file });
    const songs = () => db.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
    const first = catalogFingerprint(db);
    const imported = songs();
    expect(first.songs).toBe(imported);
    expect(first.digest).toBeTypeOf('string');
    // A stored fingerprint with the same digest is taken as it is: nothing is counted.
    expect(catalogFingerprint(db, { ...first, songs: 123_456 }).songs).toBe(123_456);
    const run = await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'b.csv'), { rows: 25, seed: 2 }).file });
    const grown = catalogFingerprint(db, { ...first, songs: 123_456 });
    expect(grown.songs).toBe(songs());
    expect(grown.songs).toBeGreaterThan(imported);
    expect(grown.digest).not.toBe(first.digest);
    undoImport(db, run.runId);
    expect(catalogFingerprint(db, grown).songs).toBe(imported);
    // A song written outside any import run (by hand, another tool) moves the largest id.
    db.prepare(`INSERT INTO songs (song_key, title, artists) VALUES ('by-hand', 'By Hand', 'Someone')`).run();
    expect(catalogFingerprint(db, catalogFingerprint(db)).songs).toBe(imported + 1);
    db.close();
  });

  it("records the song and movie import runs' states, not the poster runs' (posters count through their embeddings)", async () => {
    const db = tempDatabase();
    const run = await importFile(db, { file: writeSpotifyTracksCsv(path.join(tempDir(), 'a.csv'), { rows: 10, seed: 1 }).file });
    const runs = new ImportRuns(db);
    const posterRun = runs.start(runs.ensureSource('/posters', 'posters', 'poster-folder'), { encoding: null, fileSize: null, fileMtimeMs: null });
    runs.finish(posterRun, 'completed', []);
    const recorded = catalogFingerprint(db).importRuns!;
    expect(recorded.map(([id, status, , undoneAt]) => [id, status, undoneAt])).toEqual([[run.runId, 'completed', null]]);
    db.close();
  });
});

describe('vibe vector slots', () => {
  it('saves rows of both kinds in batches and in the remainder, replacing an item written again', () => {
    const db = tempDatabase();
    db.prepare(`INSERT INTO vibe_models(id, model_json, status, slot) VALUES (4, '{}', 'building', 1)`).run();
    const writer = vectorRowWriter(db, 4, 1);
    db.transaction(() => {
      for (let id = 1; id <= 120; id++) writer.add('song', id, Float32Array.of(id, 1), Float32Array.of(id / 1000));
      for (let id = 1; id <= 3; id++) writer.add('movie', id, Float32Array.of(-id, 1), Float32Array.of(0.5));
      writer.add('song', 7, Float32Array.of(70, 7), Float32Array.of(0.7));
      writer.flush();
    })();
    const vectors = storedModelRows(db, 4);
    expect(vectors.size).toBe(123);
    expect(vectors.get('song:120')).toEqual(Float32Array.of(120, 1));
    expect(vectors.get('movie:3')).toEqual(Float32Array.of(-3, 1));
    expect(vectors.get('song:7')).toEqual(Float32Array.of(70, 7));
    expect(storedModelRows(db, 4, 'mood').get('song:7')).toEqual(Float32Array.of(0.7));
    expect(
      db
        .prepare(`SELECT count(*) FROM ${vibeVectorTable('song', 0)}`)
        .pluck()
        .get(),
    ).toBe(0);
  });

  it("empties a slot with SQLite's truncate (whole pages freed, not row by row) and leaves the other slot", () => {
    const db = tempDatabase();
    for (const slot of [0, 1] as const) {
      // OP_Clear is the truncate; a row-by-row DELETE would loop with OP_Delete.
      for (const kind of ['song', 'movie'] as const) {
        const opcodes = db.prepare(`EXPLAIN DELETE FROM ${vibeVectorTable(kind, slot)}`).all() as { opcode: string }[];
        expect(opcodes.map((op) => op.opcode)).toContain('Clear');
        expect(opcodes.map((op) => op.opcode)).not.toContain('Delete');
      }
      const writer = vectorRowWriter(db, slot + 1, slot);
      writer.add('song', 1, Float32Array.of(1), Float32Array.of(1));
      writer.add('movie', 1, Float32Array.of(1), Float32Array.of(1));
      writer.flush();
    }
    clearSlot(db, 0);
    expect(vibeRowCount(db)).toBe(2);
    expect(
      db
        .prepare(`SELECT count(*) FROM ${vibeVectorTable('movie', 1)}`)
        .pluck()
        .get(),
    ).toBe(1);
    expect([otherSlot(null), otherSlot(0), otherSlot(1)]).toEqual([0, 1, 0]);
  });

  it("reads a slot's pages while another connection writes, and changes nothing", () => {
    const file = path.join(tempDir(), 'catalog.db');
    const reader = openDatabase(file);
    const writer = openDatabase(file);
    const rows = vectorRowWriter(writer, 1, 0);
    for (let id = 1; id <= 500; id++) rows.add('song', id, Float32Array.of(id, 1), Float32Array.of(0.5));
    rows.flush();
    // The build's own connection saves rows in a write transaction meanwhile: reading must not wait for it.
    writer.exec('BEGIN IMMEDIATE');
    writer.prepare(`INSERT INTO ${vibeVectorTable('movie', 0)} VALUES (1, 1, x'00000000', x'00000000')`).run();
    expect(() => readSlotPages(reader, 0)).not.toThrow();
    writer.exec('COMMIT');
    expect(
      reader
        .prepare(`SELECT count(*) FROM ${vibeVectorTable('song', 0)}`)
        .pluck()
        .get(),
    ).toBe(500);
    reader.close();
    writer.close();
  });
});
