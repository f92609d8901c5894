import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempFile } from '../testing/temp.js';
import { importTempFile } from '../testing/import-temp.js';
import { ImportRuns } from '../catalog/import-runs.js';
import { CatalogSearch } from '../catalog/search.js';
import { importFile, LINKS_PHASE } from './import-file.js';

const HF_HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
const hfRow = (index: number, id: string, name: string, genre: string, overrides: Partial<Record<'valence' | 'artists', string>> = {}) =>
  `${index},${id},${overrides.artists ?? 'Nat King Cole'},Classic Christmas,${name},40,176226,False,0.123,0.261,8,-11.245,1,0.0288,0.718,1.84e-06,0.14,${overrides.valence ?? '0.136'},82.062,3,${genre}`;

const count = (db: ReturnType<typeof tempDatabase>, sql: string) => db.prepare(sql).pluck().get() as number;

describe('importFile', () => {
  it('imports the Hugging Face Spotify schema, merging a track listed under several genres', async () => {
    const { db, summary } = await importTempFile(
      'dataset.csv',
      [
        HF_HEADER,
        hfRow(1, 'A1', 'O Holy Night', 'jazz'),
        hfRow(2, 'A1', 'O Holy Night', 'soul'),
        hfRow(3, 'B2', 'Mona Lisa', 'jazz', { artists: 'Nat King Cole;Nelson Riddle' }),
      ].join('\r\n'),
    );
    expect(summary).toMatchObject({ kind: 'songs', format: { id: 'spotify-tracks-hf' }, status: 'completed' });
    expect(summary.counters).toMatchObject({ rowsRead: 3, rowsImported: 3, rowsSkipped: 0, itemsAdded: 2, itemsMerged: 1 });
    expect(count(db, `SELECT count(*) FROM songs`)).toBe(2);
    const genres = db
      .prepare(`SELECT g.name FROM song_genres sg JOIN genres g ON g.id = sg.genre_id JOIN songs s ON s.id = sg.song_id WHERE s.spotify_id = 'A1' ORDER BY 1`)
      .pluck()
      .all();
    expect(genres).toEqual(['jazz', 'soul']);
    const song = db.prepare(`SELECT * FROM songs WHERE spotify_id = 'B2'`).get() as Record<string, unknown>;
    expect(song).toMatchObject({
      title: 'Mona Lisa',
      artists: 'Nat King Cole, Nelson Riddle',
      explicit: 0,
      instrumentalness: 1.84e-6,
      musical_key: 8,
      mode: 1,
    });
  });

  it('keeps the search index exact across batches, also when a song is retitled within its own batch', async () => {
    const db = tempDatabase();
    const rows = Array.from({ length: 25 }, (_, index) => hfRow(index, `T${index}`, `Tune Number ${index}`, 'jazz'));
    rows.push(hfRow(25, 'T3', 'Renamed Melody', 'soul'), hfRow(26, 'T24', 'Another Rename', 'soul'));
    await importFile(db, { file: tempFile('dataset.csv', [HF_HEADER, ...rows].join('\n')), batchSize: 7 });
    const search = new CatalogSearch(db);
    expect(search.searchSongs('tune number', 50)).toHaveLength(23);
    expect(search.searchSongs('renamed melody').map((song) => song.title)).toEqual(['Renamed Melody']);
    expect(search.searchSongs('another rename').map((song) => song.title)).toEqual(['Another Rename']);
    expect(count(db, `SELECT count(*) FROM search_backlog`)).toBe(0);
    expect(count(db, `SELECT count(*) FROM song_genres`)).toBe(27);
    db.prepare(`INSERT INTO songs_fts(songs_fts, rank) VALUES ('integrity-check', 1)`).run();
  });

  it('is idempotent: a second import of the same file adds nothing', async () => {
    const { db, file } = await importTempFile('dataset.csv', [HF_HEADER, hfRow(1, 'A1', 'Song', 'jazz'), hfRow(2, 'B2', 'Other', 'pop')].join('\n'));
    const before = db.prepare(`SELECT * FROM songs ORDER BY id`).all();
    const again = await importFile(db, { file });
    expect(again.counters).toMatchObject({ itemsAdded: 0, itemsMerged: 2 });
    expect(
      db
        .prepare(`SELECT * FROM songs ORDER BY id`)
        .all()
        .map((row) => ({ ...(row as object), updated_at: 0 })),
    ).toEqual(before.map((row) => ({ ...(row as object), updated_at: 0 })));
    expect(count(db, `SELECT count(*) FROM song_genres`)).toBe(2);
    expect(count(db, `SELECT count(*) FROM import_runs WHERE status = 'completed'`)).toBe(2);
  });

  it('skips malformed rows with line, column and reason, and imports the rest', async () => {
    const { db, summary } = await importTempFile(
      'dataset.csv',
      [
        HF_HEADER,
        hfRow(1, 'A1', 'Good', 'jazz'),
        hfRow(2, 'B2', 'Bad valence', 'jazz', { valence: 'BPM110KeyAModeMajor' }),
        '3,C3,too,few,fields',
        hfRow(4, 'D4', '"Multi\nline title"', 'jazz'),
        hfRow(5, 'E5', 'Out of range', 'jazz', { valence: '1.7' }),
        hfRow(6, 'F6', 'Last', 'jazz'),
      ].join('\n'),
    );
    expect(summary.counters).toMatchObject({ rowsRead: 6, rowsImported: 3, rowsSkipped: 3 });
    const issues = new ImportRuns(db).issues(summary.runId);
    expect(issues).toEqual([
      expect.objectContaining({
        line: 3,
        columnName: 'valence',
        columnNumber: 18,
        reason: expect.stringContaining('expected a number from 0 to 1, got "BPM110KeyAModeMajor"'),
      }),
      expect.objectContaining({ line: 4, columnName: null, reason: 'expected 21 fields, found 5' }),
      expect.objectContaining({ line: 7, columnName: 'valence', reason: expect.stringContaining('got "1.7"') }),
    ]);
    expect(db.prepare(`SELECT title FROM songs ORDER BY id`).pluck().all()).toEqual(['Good', 'Multi\nline title', 'Last']);
    expect(summary.warnings).toContain('3 malformed row(s) were skipped; see the report.');
  });

  it('decodes a legacy encoding, can be overridden, and finds accented names without accents', async () => {
    const db = tempDatabase();
    const text = [
      HF_HEADER,
      hfRow(1, 'A1', 'Variation 18', 'classical', { artists: 'Yannick Nézet-Séguin' }),
      hfRow(2, 'B2', 'Señorita', 'latin', { artists: 'José Feliciano' }),
    ].join('\r\n');
    const file = tempFile('gbk.csv', iconv.encode(text, 'gbk'));
    const summary = await importFile(db, { file });
    expect(summary.encoding.encoding).toBe('gb18030');
    expect(new CatalogSearch(db).searchSongs('nezet seg')).toEqual([expect.objectContaining({ artists: 'Yannick Nézet-Séguin' })]);

    const forced = await importFile(tempDatabase(), { file, encoding: 'latin1' });
    expect(forced.encoding).toMatchObject({ encoding: 'windows-1252', overridden: true });
    await expect(importFile(tempDatabase(), { file, encoding: 'klingon' })).rejects.toThrow(/Unknown encoding "klingon"/);
  });

  it('names the expected columns of every known format when the header is unknown', async () => {
    const file = tempFile('mystery.csv', 'Song,Singer,Mood\nA,B,happy\n');
    const error = await importFile(tempDatabase(), { file }).then(
      () => new Error('expected the import to fail'),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toMatch(/line 1: the header does not match any known song or movie format/);
    expect(error.message).toContain('"Song", "Singer", "Mood"');
    expect(error.message).toMatch(/Spotify Tracks Dataset .*track_id, artists, album_name/);
    expect(error.message).toMatch(/--mapping/);
  });

  it('imports an unknown header through a column mapping', async () => {
    const db = tempDatabase();
    const file = tempFile('mine.csv', 'Song;Singer;Happiness;Year;Tags\nLa Vie en rose;Édith Piaf;55;1947;chanson|french\nBad;x;200;1990;pop\n');
    const summary = await importFile(db, {
      file,
      mapping: {
        kind: 'songs',
        columns: { title: 'Song', artists: 'Singer', valence: 'Happiness', releaseYear: 'Year', genres: 'Tags' },
        listSeparator: '|',
        featuresInPercent: true,
      },
    });
    expect(summary.counters).toMatchObject({ rowsImported: 1, rowsSkipped: 1 });
    expect(db.prepare(`SELECT title, artists, valence, release_year AS year FROM songs`).get()).toEqual({
      title: 'La Vie en rose',
      artists: 'Édith Piaf',
      valence: 0.55,
      year: 1947,
    });
    await expect(importFile(db, { file, mapping: { kind: 'songs', columns: { title: 'Song', mood: 'Happiness' } } })).rejects.toThrow(
      /unknown songs field\(s\) mood/,
    );
    await expect(importFile(db, { file, mapping: { kind: 'songs', columns: { title: 'Nope' } } })).rejects.toThrow(/"Nope"/);
  });

  it('reports progress and can be cancelled, keeping the committed batches', async () => {
    const db = tempDatabase();
    const rows = Array.from({ length: 3000 }, (_, index) => hfRow(index, `ID${index}`, `Song ${index}`, 'pop'));
    const file = tempFile('big.csv', [HF_HEADER, ...rows].join('\n'));
    const controller = new AbortController();
    const seen: number[] = [];
    let commits = 0;
    const summary = await importFile(db, {
      file,
      batchSize: 500,
      signal: controller.signal,
      onProgress: (progress) => seen.push(progress.done),
      checkpoint: () => {
        if (++commits === 2) controller.abort();
      },
    });
    expect(summary.status).toBe('cancelled');
    expect(seen.length).toBeGreaterThan(0);
    const stored = count(db, `SELECT count(*) FROM songs`);
    expect(stored).toBe(summary.counters.rowsImported);
    expect(stored).toBe(1000);
    expect(new ImportRuns(db).get(summary.runId)?.status).toBe('cancelled');
    const resumed = await importFile(db, { file });
    expect(resumed.counters.itemsAdded).toBe(3000 - stored);
    expect(count(db, `SELECT count(*) FROM songs`)).toBe(3000);
  });

  it('says it is finding soundtrack links after the rows, until it returns', async () => {
    const db = tempDatabase();
    const file = tempFile('few.csv', [HF_HEADER, ...Array.from({ length: 20 }, (_, index) => hfRow(index, `L${index}`, `Song ${index}`, 'pop'))].join('\n'));
    const phases: string[] = [];
    const summary = await importFile(db, { file, onProgress: (progress) => phases.push(progress.phase) });
    expect(summary.status).toBe('completed');
    expect(phases.at(-1)).toBe(LINKS_PHASE);
    expect(phases.indexOf('completed')).toBeLessThan(phases.lastIndexOf(LINKS_PHASE));
  });

  it('gives a clear error for a missing file or an empty one', async () => {
    await expect(importFile(tempDatabase(), { file: '/nonexistent/x.csv' })).rejects.toThrow(/cannot be read \(ENOENT\)/);
    await expect(importFile(tempDatabase(), { file: tempFile('empty.csv', '') })).rejects.toThrow(/the file is empty/);
  });
});
