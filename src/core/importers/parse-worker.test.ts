import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir, tempFile } from '../testing/temp.js';
import { ImportRuns } from '../catalog/import-runs.js';
import { importFile, type ImportSummary } from './import-file.js';

const HF_HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
const hfRow = (index: number, id: string, name: string, genre: string, valence = '0.5', artists = 'Nat King Cole') =>
  `${index},${id},${artists},Album,${name},40,176226,False,0.123,0.261,8,-11.245,1,0.0288,0.718,1.84e-06,0.14,${valence},82.062,3,${genre}`;

type Db = ReturnType<typeof tempDatabase>;
const catalog = (db: Db) => ({
  songs: db.prepare(`SELECT song_key, title, artists, valence FROM songs ORDER BY song_key`).all(),
  genres: db.prepare(`SELECT s.song_key, g.name FROM song_genres sg JOIN songs s ON s.id = sg.song_id JOIN genres g ON g.id = sg.genre_id ORDER BY 1, 2`).all(),
});
const comparable = (summary: ImportSummary) => ({ counters: summary.counters, warnings: summary.warnings, issues: summary.issues, status: summary.status });

describe('parsing in a worker thread', () => {
  it('imports exactly what parsing in the importing thread imports: records, skipped rows, warnings and repaired text', async () => {
    const rows = Array.from({ length: 2500 }, (_, index) => hfRow(index, `T${index % 2000}`, `Tune ${index}`, index < 2000 ? 'jazz' : 'soul'));
    rows.splice(10, 0, hfRow(9000, 'BAD', 'Bad valence', 'jazz', 'BPM110KeyAModeMajor'), '9001,X,too,few');
    rows.push(hfRow(9002, 'MOJI', 'Caf\u00c3\u00a9', 'jazz', '0.2', 'Yannick N\u00c3\u00a9zet-S\u00c3\u00a9guin'));
    const file = tempFile('dataset.csv', [HF_HEADER, ...rows].join('\n'));
    const inThread = tempDatabase();
    const inWorker = tempDatabase();
    const thread = await importFile(inThread, { file, parseIn: 'thread', batchSize: 700 });
    const worker = await importFile(inWorker, { file, parseIn: 'worker', batchSize: 700 });
    expect(comparable(worker)).toEqual(comparable(thread));
    expect(worker.counters).toMatchObject({ rowsRead: 2503, rowsSkipped: 2, itemsAdded: 2001, itemsMerged: 500 });
    expect(worker.warnings.join(' ')).toMatch(/mojibake .*Nézet-Séguin/);
    expect(catalog(inWorker)).toEqual(catalog(inThread));
    expect(new ImportRuns(inWorker).issues(worker.runId)).toEqual(new ImportRuns(inThread).issues(thread.runId));
  });

  it('decodes legacy encodings the same way', async () => {
    const file = path.join(tempDir(), 'cp1252.csv');
    fs.writeFileSync(file, iconv.encode([HF_HEADER, hfRow(1, 'A', 'Déjà vu', 'jazz', '0.3', 'Yannick Nézet-Séguin')].join('\r\n'), 'windows-1252'));
    const db = tempDatabase();
    await importFile(db, { file, parseIn: 'worker', encoding: 'windows-1252' });
    expect(catalog(db).songs).toEqual([{ song_key: 'A', title: 'Déjà vu', artists: 'Yannick Nézet-Séguin', valence: 0.3 }]);
  });

  it('stops when cancelled, keeping only whole committed batches, and a re-run completes', async () => {
    const rows = Array.from({ length: 6000 }, (_, index) => hfRow(index, `ID${index}`, `Song ${index}`, 'pop'));
    const file = tempFile('big.csv', [HF_HEADER, ...rows].join('\n'));
    const db = tempDatabase();
    const controller = new AbortController();
    let commits = 0;
    const summary = await importFile(db, {
      file,
      parseIn: 'worker',
      batchSize: 1000,
      signal: controller.signal,
      checkpoint: () => {
        if (++commits === 2) controller.abort();
      },
    });
    expect(summary.status).toBe('cancelled');
    expect(summary.counters.rowsImported).toBe(2000);
    expect(db.prepare(`SELECT count(*) FROM songs`).pluck().get()).toBe(2000);
    const resumed = await importFile(db, { file, parseIn: 'worker' });
    expect(resumed.counters.itemsAdded).toBe(4000);
  });

  it('fails before recording a run when the format cannot start, with the same message as in the thread', async () => {
    const dir = tempDir();
    const links = path.join(dir, 'links.csv');
    fs.writeFileSync(links, 'movieId,imdbId,tmdbId\n1,0114709,862\n');
    const db = tempDatabase();
    const inThread = await importFile(db, { file: links, parseIn: 'thread' }).catch((error: Error) => error.message);
    const inWorker = await importFile(db, { file: links, parseIn: 'worker' }).catch((error: Error) => error.message);
    expect(inWorker).toMatch(/looks like MovieLens links\.csv/);
    expect(inWorker).toBe(inThread);
    expect(db.prepare(`SELECT count(*) FROM import_runs`).pluck().get()).toBe(0);
  });
});
