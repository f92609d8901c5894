import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir, tempFile } from '../testing/temp.js';
import { ImportRuns } from '../catalog/import-runs.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { CancelledError } from '../progress.js';
import { MappingFileError } from './mapping-file.js';
import { clueFromFileName, normaliseImdbId } from './poster-names.js';
import { POSTER_PATH_MAP_FROM, PosterScanError, scanPosterFolder } from './scan-poster-folder.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);

/** A fresh folder holding a small JPEG under each of `names` (paths relative to the folder). */
function posterFolder(names: readonly string[]): string {
  const dir = tempDir();
  for (const name of names) tempFile(name, JPEG, dir);
  return dir;
}

function catalog(): CatalogDatabase {
  const db = tempDatabase();
  const insert = db.prepare(`INSERT INTO movies(id, title, tmdb_id, imdb_id, movielens_id, poster_path) VALUES (?, ?, ?, ?, ?, ?)`);
  insert.run(1, 'Toy Story', 862, 'tt0114709', 1, '/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg');
  insert.run(2, 'Jumanji', 8844, 'tt0113497', 2, null);
  insert.run(3, 'Heat', 949, 'tt0113277', 6, null);
  return db;
}

const posterRows = (db: CatalogDatabase) =>
  db.prepare(`SELECT movie_id AS movieId, path, matched_by AS matchedBy FROM posters ORDER BY path`).all() as {
    movieId: number;
    path: string;
    matchedBy: string;
  }[];

describe('poster file names', () => {
  it('reads IMDb ids with or without tt and leading zeros, TMDb prefixes, and bare numbers', () => {
    expect(normaliseImdbId('tt0114709')).toBe('tt0114709');
    expect(normaliseImdbId('114709')).toBe('tt0114709');
    expect(normaliseImdbId('0114709')).toBe('tt0114709');
    expect(normaliseImdbId('tt12345678')).toBe('tt12345678');
    expect(normaliseImdbId('abc')).toBeNull();
    expect(clueFromFileName('/x/tt114709.JPG')).toEqual({ kind: 'imdb', imdbId: 'tt0114709' });
    expect(clueFromFileName('tmdb-862.png')).toEqual({ kind: 'tmdb', tmdbId: 862 });
    expect(clueFromFileName('00862.jpg')).toEqual({ kind: 'numeric', value: 862, digits: '00862' });
    expect(clueFromFileName('toy story.jpg')).toEqual({ kind: 'none' });
  });
});

describe('scanPosterFolder', () => {
  it('links a large folder by poster_path (looked up in one map) exactly as a small one (one query per file)', async () => {
    const setUp = (fillers: number) => {
      const db = catalog();
      // The same poster_path under two movies: the lowest id wins. A poster_path without the slash matches too.
      db.prepare(`INSERT INTO movies(id, title, poster_path) VALUES (?, ?, ?)`).run(4, 'Later copy', '/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg');
      db.prepare(`INSERT INTO movies(id, title, poster_path) VALUES (?, ?, ?)`).run(5, 'Bare', 'Bare-Name.PNG');
      const dir = posterFolder(['UXDFJJBDP4IJW5HWSBRPRLKPXAB.jpg', 'bare-name.png', 'tmdb-949.jpg']);
      for (let index = 0; index < fillers; index++) tempFile(`unknown-${index}.jpg`, JPEG, dir);
      return { db, dir };
    };
    const links = async (fillers: number) => {
      const { db, dir } = setUp(fillers);
      const report = await scanPosterFolder(db, { folder: dir });
      return { matchedBy: report.matchedBy, rows: posterRows(db).map((row) => [path.basename(row.path), row.movieId, row.matchedBy]) };
    };
    const small = await links(0);
    const large = await links(POSTER_PATH_MAP_FROM);
    expect(small.rows).toEqual([
      ['UXDFJJBDP4IJW5HWSBRPRLKPXAB.jpg', 1, 'poster_path'],
      ['bare-name.png', 5, 'poster_path'],
      ['tmdb-949.jpg', 3, 'tmdb_id'],
    ]);
    expect(large).toEqual(small);
  });

  it('links by poster_path, tt id and tmdb id, reports the rest, and is idempotent', async () => {
    const db = catalog();
    const dir = posterFolder(['uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg', 'nested/tt0113497.jpg', 'tmdb_949.webp', 'tt9999999.jpg', 'holiday snap.png']);
    tempFile('empty.jpg', Buffer.alloc(0), dir);
    tempFile('notes.txt', 'not an image', dir);

    const first = await scanPosterFolder(db, { folder: dir });
    expect(first).toMatchObject({ imagesSeen: 6, linked: 3, newlyLinked: 3, alreadyLinked: 0, ignoredNonImages: 1, unusable: 1 });
    expect(first.matchedBy).toEqual({ poster_path: 1, imdb_id: 1, tmdb_id: 1 });
    expect(first.unmatched.map((file) => file.path).sort()).toEqual(['holiday snap.png', 'tt9999999.jpg']);
    expect(first.unmatched.find((file) => file.path === 'tt9999999.jpg')?.reason).toBe('no movie with IMDb id tt9999999 in the catalog');
    expect(posterRows(db).map((row) => [path.relative(dir, row.path), row.movieId])).toEqual([
      [path.join('nested', 'tt0113497.jpg'), 2],
      ['tmdb_949.webp', 3],
      ['uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg', 1],
    ]);
    // The report is stored with the run, as for CSV imports.
    const runs = new ImportRuns(db);
    expect(runs.get(first.runId)).toMatchObject({ kind: 'posters', status: 'completed', rowsRead: 6, rowsImported: 3, rowsSkipped: 3 });
    expect(runs.issues(first.runId).map((issue) => issue.reason)).toContain('empty.jpg: the file is empty');

    const second = await scanPosterFolder(db, { folder: dir });
    expect(second).toMatchObject({ linked: 3, newlyLinked: 0, alreadyLinked: 3, relinked: 0 });
    expect(db.prepare(`SELECT count(*) FROM posters`).pluck().get()).toBe(3);
  });

  it('decides what bare numbers mean from the folder, and obeys an explicit choice', async () => {
    const db = catalog();
    const dir = posterFolder(['114709.jpg', '113497.jpg', '949.jpg']);
    const auto = await scanPosterFolder(db, { folder: dir });
    expect(auto.numericIdsInterpretation).toBe('imdb');
    expect(auto.linked).toBe(2);

    const asTmdb = await scanPosterFolder(db, { folder: dir, numericIds: 'tmdb' });
    expect(asTmdb.numericIdsInterpretation).toBe('tmdb');
    expect(asTmdb.linked).toBe(1);
    expect(posterRows(db).find((row) => row.path.endsWith('949.jpg'))).toMatchObject({ movieId: 3, matchedBy: 'tmdb_id' });
  });

  it('follows a mapping CSV before file names and reports its bad rows with line numbers', async () => {
    const db = catalog();
    const dir = posterFolder(['a.jpg', 'b.jpg', 'c.jpg', 'tt0113277.jpg']);
    const map = tempFile('map.csv', '\uFEFFposter_file,tmdb_id,imdb_id,movieId\r\na.jpg,862,,\r\nposters/b.jpg,,113497,\r\nc.jpg,,,\r\ntt0113277.jpg,,,1\r\n');
    const report = await scanPosterFolder(db, { folder: dir, mapFile: map });
    expect(report.matchedBy).toEqual({ mapping: 3 });
    expect(report.mappingIssues).toBe(1);
    expect(report.unmatched).toEqual([{ path: 'c.jpg', reason: expect.stringContaining('no mapping names it') }]);
    // The mapping says tt0113277.jpg is MovieLens movie 1 (Toy Story): the mapping wins over the name.
    expect(posterRows(db).find((row) => row.path.endsWith('tt0113277.jpg'))?.movieId).toBe(1);
    const issues = new ImportRuns(db).issues(report.runId);
    expect(issues.find((issue) => issue.line === 4)?.reason).toBe('mapping row for c.jpg has no valid TMDb, IMDb or MovieLens id');
  });

  it('gives clear errors for a missing folder and a mapping without the needed columns', async () => {
    const db = catalog();
    await expect(scanPosterFolder(db, { folder: path.join(tempDir(), 'nope') })).rejects.toThrow(PosterScanError);
    const map = tempFile('map.csv', 'name,year\nx.jpg,1999\n');
    await expect(scanPosterFolder(db, { folder: tempDir(), mapFile: map })).rejects.toThrow(MappingFileError);
    await expect(scanPosterFolder(db, { folder: tempDir(), mapFile: map })).rejects.toThrow(
      /expected columns\. Expected a CSV .*file column .* Its columns are: name, year\./,
    );
  });

  it('never echoes the first line of a mapping file that is not a table (a shadow file, a key)', async () => {
    const db = catalog();
    const secret = 'root:$6$Zsalt$c2VjcmV0LWhhc2g:19000:0:99999:7:::';
    for (const content of [
      `${secret}\ndaemon:*:19000:0:99999:7:::\n`,
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n',
      '"unclosed,"quote\n"x',
    ]) {
      const map = tempFile('map.csv', content);
      const error = await scanPosterFolder(db, { folder: tempDir(), mapFile: map }).then(
        () => new Error('expected a refusal'),
        (caught: unknown) => caught as Error,
      );
      expect(error).toBeInstanceOf(MappingFileError);
      expect(error.message).toMatch(/Expected a CSV whose first line names a file column/);
      for (const part of content.split(/[\n:,"]/).filter((piece) => piece.length > 3)) expect(error.message).not.toContain(part);
    }
  });

  it('counts posters whose files are gone and forgets them only when asked', async () => {
    const db = catalog();
    const dir = tempDir();
    const gone = tempFile('tt0114709.jpg', JPEG, dir);
    tempFile('tt0113497.jpg', JPEG, dir);
    await scanPosterFolder(db, { folder: dir });
    fs.rmSync(gone);
    expect((await scanPosterFolder(db, { folder: dir })).missing).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM posters`).pluck().get()).toBe(2);
    expect((await scanPosterFolder(db, { folder: dir, removeMissing: true })).removed).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM posters`).pluck().get()).toBe(1);
  });

  it('stops when cancelled and records the run as cancelled, keeping committed batches', async () => {
    const db = catalog();
    const dir = tempDir();
    for (let index = 0; index < 1200; index++) tempFile(`tt${String(9000000 + index)}.jpg`, JPEG, dir);
    tempFile('tt0114709.jpg', JPEG, dir);
    const controller = new AbortController();
    const promise = scanPosterFolder(db, { folder: dir, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(promise).rejects.toThrow(CancelledError);
    const run = new ImportRuns(db).list(1)[0];
    expect(run).toMatchObject({ status: 'cancelled', rowsRead: 500 });
  });
});
