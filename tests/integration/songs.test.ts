import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportRuns } from '../../src/core/catalog/import-runs.js';
import { CatalogSearch } from '../../src/core/catalog/search.js';
import { importFile } from '../../src/core/importers/import-file.js';
import { sharedDataDir, tempDatabase } from '../support/temp.js';

const data = sharedDataDir();
if (!data) console.warn('Skipping song dataset integration tests: ../shared/data is not beside this checkout.');
const file = (relative: string) => path.join(data ?? '', relative);
const count = (db: ReturnType<typeof tempDatabase>, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

describe.skipIf(!data)('song datasets in ../shared/data', () => {
  it('Hugging Face 10K sample: 9,749 distinct tracks, genres merged, the nameless track kept', async () => {
    const db = tempDatabase();
    const summary = await importFile(db, { file: file('spotify-tracks-maharshipandya/dataset_sample_10k_random.csv') });
    expect(summary.format.id).toBe('spotify-tracks-hf');
    expect(summary.counters).toMatchObject({ rowsRead: 10_000, rowsImported: 10_000, rowsSkipped: 0, itemsAdded: 9_749, itemsMerged: 251 });
    expect(count(db, `SELECT count(*) FROM songs`)).toBe(9_749);
    expect(count(db, `SELECT count(DISTINCT g.name) FROM genres g WHERE domain = 'music'`)).toBe(114);
    expect(count(db, `SELECT count(*) FROM songs WHERE title = ''`)).toBe(1);
    const again = await importFile(db, { file: file('spotify-tracks-maharshipandya/dataset_sample_10k_random.csv') });
    expect(again.counters.itemsAdded).toBe(0);
    expect(count(db, `SELECT count(*) FROM songs`)).toBe(9_749);
  });

  it('Excel re-save with BOM and upper-case booleans; repairs its mojibake with a warning', async () => {
    const db = tempDatabase();
    const summary = await importFile(db, { file: file('spotify-tracks-maharshipandya/dataset_first499_acoustic_excel_bom.csv') });
    expect(summary.encoding).toMatchObject({ encoding: 'utf-8', hasBom: true });
    expect(summary.counters).toMatchObject({ rowsImported: 499, rowsSkipped: 0 });
    expect(summary.warnings.join('\n')).toMatch(/had mojibake .*repaired; e\.g\. line \d+/);
    expect(count(db, `SELECT count(*) FROM songs WHERE title LIKE '%Ã%' OR artists LIKE '%Ã%' OR album LIKE '%Ã%'`)).toBe(0);
  });

  it('TidyTuesday: one song per track id with playlist genres and subgenres', async () => {
    const db = tempDatabase();
    const summary = await importFile(db, { file: file('spotify-songs-tidytuesday-2020-01-21/sampled_spotify_songs.csv') });
    expect(summary.format.id).toBe('spotify-songs-tidytuesday');
    expect(summary.counters).toMatchObject({ rowsRead: 2_095, rowsSkipped: 0 });
    expect(count(db, `SELECT count(*) FROM songs`)).toBe(2_060);
    expect(count(db, `SELECT count(*) FROM songs WHERE release_year IS NULL`)).toBe(0);
  });

  it('GBK-encoded 1921-2020 subset: detected, with "Yannick Nézet-Séguin" right', async () => {
    const db = tempDatabase();
    const summary = await importFile(db, { file: file('spotify-dataset-1921-2020-subset-gbk/spotify_subset.csv') });
    expect(summary.format.id).toBe('spotify-1921-2020');
    expect(summary.encoding.encoding).toBe('gb18030');
    expect(summary.counters).toMatchObject({ rowsRead: 11_656, rowsSkipped: 0 });
    expect(count(db, `SELECT count(*) FROM songs WHERE artists LIKE '%Yannick Nézet-Séguin%'`)).toBeGreaterThan(0);
    expect(count(db, `SELECT count(*) FROM songs WHERE artists LIKE '%¨%'`)).toBe(0);
    expect(new CatalogSearch(db).searchSongs('nezet seguin').length).toBeGreaterThan(0);
  });

  it('Most Streamed 2023: percent features, the junk "streams" row reported, lost characters warned about', async () => {
    const db = tempDatabase();
    const summary = await importFile(db, { file: file('spotify-2023-most-streamed/spotify-2023.csv') });
    expect(summary.format.id).toBe('spotify-2023-most-streamed');
    expect(summary.encoding).toMatchObject({ encoding: 'utf-8', confidence: 'likely' });
    expect(summary.counters).toMatchObject({ rowsRead: 953, rowsImported: 952, rowsSkipped: 1 });
    expect(new ImportRuns(db).issues(summary.runId)).toEqual([
      expect.objectContaining({ line: 576, columnName: 'streams', columnNumber: 9, reason: expect.stringContaining('got "BPM110KeyAModeMajor') }),
    ]);
    expect(summary.warnings.join('\n')).toMatch(/invalid UTF-8 byte sequence/);
    expect(summary.warnings.join('\n')).toMatch(/characters that were already lost in the file/);
    const seven = db
      .prepare(`SELECT valence, danceability, tempo, musical_key AS key, mode FROM songs WHERE title = 'Seven (feat. Latto) (Explicit Ver.)'`)
      .get();
    expect(seven).toEqual({ valence: 0.89, danceability: 0.8, tempo: 125, key: 11, mode: 1 });
  });

  it('the double-encoded 2023 variant repairs to the same songs as the original', async () => {
    const db = tempDatabase();
    await importFile(db, { file: file('spotify-2023-most-streamed/spotify-2023.csv') });
    const variant = await importFile(db, { file: file('spotify-2023-most-streamed/spotify-2023_VARIANT_double-encoded-utf8.csv') });
    expect(variant.warnings.join('\n')).toMatch(/had mojibake/);
    expect(count(db, `SELECT count(*) FROM songs WHERE title LIKE '%ï¿½%' OR artists LIKE '%ï¿½%'`)).toBe(0);
    expect(variant.counters.itemsMerged).toBeGreaterThan(900);
  });

  it('all four song schemas merge into one catalog on Spotify track ids', async () => {
    const db = tempDatabase();
    for (const relative of [
      'spotify-tracks-maharshipandya/dataset_sample_10k_random.csv',
      'spotify-tracks-maharshipandya/dataset_first499_acoustic_excel_bom.csv',
      'spotify-songs-tidytuesday-2020-01-21/sampled_spotify_songs.csv',
      'spotify-dataset-1921-2020-subset-gbk/spotify_subset.csv',
      'spotify-2023-most-streamed/spotify-2023.csv',
    ])
      await importFile(db, { file: file(relative) });
    expect(count(db, `SELECT count(*) FROM songs WHERE spotify_id IS NOT NULL`)).toBe(count(db, `SELECT count(DISTINCT spotify_id) FROM songs`));
    expect(count(db, `SELECT count(*) FROM item_sources WHERE item_kind = 'song'`)).toBeGreaterThan(count(db, `SELECT count(*) FROM songs`));
    expect(db.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
  });
});
