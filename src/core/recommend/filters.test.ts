import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges } from '../features/bridges.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { buildVibeIndex } from '../vibe/build-index.js';
import { allowedRows, type RecommendFilters } from './filters.js';
import { recommend } from './recommend.js';
import { VibeIndex } from './vibe-index.js';

const bridges = loadBridges();
let db: CatalogDatabase;
let index: VibeIndex;
const dir = tempDir();

beforeAll(async () => {
  db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 300, seed: 5 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 300, seed: 6 }).file });
  expect((await buildVibeIndex(db, { bridges })).status).toBe('completed');
  index = VibeIndex.load(db, { engine: { threads: 0 } })!;
});

afterAll(async () => {
  await index?.close();
  db?.close();
});

/** A freshly loaded index has nothing remembered: its sets are computed from scratch. */
async function withFreshIndex<T>(run: (fresh: VibeIndex) => Promise<T> | T): Promise<T> {
  const fresh = VibeIndex.load(db, { engine: { threads: 0 } })!;
  try {
    return await run(fresh);
  } finally {
    await fresh.close();
  }
}

const rowsOf = (set: ReturnType<typeof allowedRows>) => (set ? Array.from(set) : null);
const movieGenre = () =>
  db.prepare(`SELECT g.name FROM movie_genres l JOIN genres g ON g.id = l.genre_id GROUP BY g.name ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string;

describe('remembered filter sets', () => {
  const movieFilters = (): RecommendFilters[] => [
    {},
    { includeAdult: true },
    { yearMin: 1990, yearMax: 2010 },
    { yearMin: -Infinity, yearMax: 2000 },
    { yearMin: Infinity, yearMax: 2000 },
    { minVotes: 50 },
    { languages: ['en', 'FR'] },
    { genres: [movieGenre()] },
  ];

  it('rank the same ids as sets computed from scratch, on the first request and on repeated ones', async () => {
    const picks = (db.prepare(`SELECT id FROM songs ORDER BY id LIMIT 2`).pluck().all() as number[]).map((id) => ({ kind: 'song' as const, id }));
    const ranked = async (from: VibeIndex, filters: RecommendFilters) =>
      (await recommend(db, from, bridges.phrases, { picks, target: 'movie', k: 25, filters })).results.map((result) => result.itemId);
    for (const filters of movieFilters()) {
      const warm = [await ranked(index, filters), await ranked(index, filters)];
      const cold = await withFreshIndex((fresh) => ranked(fresh, filters));
      expect(warm[0], JSON.stringify(filters)).toEqual(cold);
      expect(warm[1], JSON.stringify(filters)).toEqual(cold);
      expect(rowsOf(allowedRows(db, index.movies, filters))).toEqual(await withFreshIndex((fresh) => rowsOf(allowedRows(db, fresh.movies, filters))));
    }
  });

  it('are reused while nothing changes, and filters that differ get their own set', () => {
    expect(allowedRows(db, index.movies, {})).toBe(allowedRows(db, index.movies, { includeAdult: false }));
    expect(allowedRows(db, index.movies, { yearMin: -Infinity, yearMax: 2000 })).not.toBe(allowedRows(db, index.movies, { yearMin: Infinity, yearMax: 2000 }));
    expect(rowsOf(allowedRows(db, index.movies, { yearMin: Infinity, yearMax: 2000 }))).toEqual([]);
    const genre = { genres: [movieGenre()] };
    expect(allowedRows(db, index.movies, genre)).toBe(allowedRows(db, index.movies, genre));
  });

  it('that read the catalog are computed again after an import, and follow what the catalog now says', async () => {
    const genre = { genres: [movieGenre()] };
    const before = allowedRows(db, index.movies, genre);
    const noAdult = allowedRows(db, index.movies, {});
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more-songs.csv'), { rows: 20, seed: 7 }).file });
    const afterImport = allowedRows(db, index.movies, genre);
    expect(afterImport).not.toBe(before);
    expect(rowsOf(afterImport)).toEqual(rowsOf(before));
    // The index's own columns are unchanged until it is reloaded: that set is kept.
    expect(allowedRows(db, index.movies, {})).toBe(noAdult);

    const genreId = db.prepare(`SELECT id FROM genres WHERE domain = 'movie' AND name = ?`).pluck().get(genre.genres[0]) as number;
    const removed = db.prepare(`SELECT movie_id FROM movie_genres WHERE genre_id = ? ORDER BY movie_id LIMIT 3`).pluck().all(genreId) as number[];
    db.prepare(`DELETE FROM movie_genres WHERE genre_id = ? AND movie_id IN (SELECT value FROM json_each(?))`).run(genreId, JSON.stringify(removed));
    const afterEdit = rowsOf(allowedRows(db, index.movies, genre))!;
    expect(afterEdit.length).toBe(rowsOf(before)!.length - removed.length);
    for (const id of removed) expect(afterEdit).not.toContain(index.movies.rowOf(id));
    expect(afterEdit).toEqual(await withFreshIndex((fresh) => rowsOf(allowedRows(db, fresh.movies, genre))));
  });

  it('only-local songs follow a newly matched file', () => {
    const before = rowsOf(allowedRows(db, index.songs, { onlyLocal: true }))!;
    const songId = db.prepare(`SELECT id FROM songs ORDER BY id LIMIT 1`).pluck().get() as number;
    const folder = db.prepare(`INSERT INTO music_folders (path) VALUES (?)`).run(path.join(dir, 'music')).lastInsertRowid;
    db.prepare(`INSERT INTO local_tracks (folder_id, path, file_size, file_mtime_ms, song_id, matched_by) VALUES (?, ?, 1, 1, ?, 'tags')`).run(
      folder,
      path.join(dir, 'music', 'a.mp3'),
      songId,
    );
    expect(rowsOf(allowedRows(db, index.songs, { onlyLocal: true }))).toEqual([...before, index.songs.rowOf(songId)].sort((a, b) => a - b));
  });
});
