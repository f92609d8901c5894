import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { storedModelRows, vibeRowCount } from '../../../tests/support/vibe-rows.js';
import { vibeVectorTable } from '../db/vibe-vector-tables.js';
import { tempDatabase, tempDir } from '../testing/temp.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { exactTopK } from '../engine/index.js';
import { loadBridges } from '../features/bridges.js';
import { ImportRuns } from '../catalog/import-runs.js';
import { importFile } from '../importers/import-file.js';
import { buildVibeIndex } from '../vibe/build-index.js';
import { reweightQuery } from '../vibe/encode.js';
import { vibeIndexStatus } from '../vibe/index-store.js';
import { meanProfile } from '../vibe/profile.js';
import { intentWeights } from '../vibe/ranker.js';
import { normaliseWeights } from '../vibe/weights.js';
import { movieCards, songCards, spotifyUrl } from './hydrate.js';
import { foldVersions, recommend, RecommendError } from './recommend.js';
import { notForFamilies } from './filters.js';
import { addSong } from '../evaluation/test-helpers.js';
import { VibeIndex, writeVibeSnapshots, type KindIndex } from './vibe-index.js';

const bridges = loadBridges();
const phrases = bridges.phrases;
let db: CatalogDatabase;
let index: VibeIndex;
const dir = tempDir();
const snapshotDir = tempDir();

beforeAll(async () => {
  db = tempDatabase();
  await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 400, seed: 3 }).file });
  await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 300, seed: 4 }).file });
  const summary = await buildVibeIndex(db, { bridges });
  expect(summary.status).toBe('completed');
  index = VibeIndex.load(db, { engine: { threads: 0 } })!;
});

afterAll(async () => {
  await index?.close();
  db?.close();
});

/** The reference ranking (the engine's exact scan, tie-broken by row) for a query built here independently. */
function reference(target: KindIndex, query: Float32Array, k: number, exclude: ReadonlySet<number> = new Set()): number[] {
  return exactTopK(target.engine.matrix, { vector: query, k, exclude }).map((hit) => hit.itemId);
}

const songIds = () => db.prepare(`SELECT id FROM songs ORDER BY id`).pluck().all() as number[];
const movieIds = () => db.prepare(`SELECT id FROM movies ORDER BY id`).pluck().all() as number[];

describe('building the vibe index', () => {
  it('stores one vector per song and movie under the ready model, and reports it fresh', () => {
    const status = vibeIndexStatus(db);
    expect(status).toMatchObject({ built: true, stale: false, songs: songIds().length, movies: 300 });
    const kinds = [...storedModelRows(db, status.modelId!).keys()].map((key) => key.split(':')[0]);
    expect(kinds.filter((kind) => kind === 'movie')).toHaveLength(300);
    expect(kinds.filter((kind) => kind === 'song')).toHaveLength(songIds().length);
    expect(vibeRowCount(db)).toBe(300 + songIds().length);
    expect(index.songs.engine.matrix.count).toBe(songIds().length);
  });
});

describe('recommend', () => {
  it('ranks movies for songs exactly as the re-weighted profile does, with block shares that sum to the score', async () => {
    const picks = songIds()
      .slice(0, 2)
      .map((id) => ({ kind: 'song' as const, id }));
    const response = await recommend(db, index, phrases, { picks, target: 'movie', k: 15, filters: { includeAdult: true } });
    // Songs picked for movies: their era blocks count, the query is centred on the mean song (a shared language weighed among
    // movies), and the learned song → movie weights apply.
    const profile = meanProfile(
      picks.map((pick) => index.songs.vectorOf(index.songs.rowOf(pick.id))),
      index.model,
      { eraFrom: [true, true], centreKinds: ['song', 'song'], targetKind: 'movie' },
    );
    const weights = intentWeights(index.model.ranker!, index.model.ranker!.defaultIntent, 'song-to-movie');
    expect(response.weights).toEqual(weights);
    const expected = reference(index.movies, reweightQuery(profile, index.model, weights), 15);
    expect(response.results.map((result) => result.itemId)).toEqual(expected);
    for (const result of response.results) {
      expect(result.kind).toBe('movie');
      expect(Object.values(result.blocks).reduce((a, b) => a + b, 0)).toBeCloseTo(result.score, 5);
      expect(result.mood).toHaveLength(5);
    }
    expect(response.results[0]!.reasons.length).toBeGreaterThan(0);
    expect(response.profileMood).toHaveLength(5);
  });

  it('re-weights: with only the genre block the order follows genre similarity alone', async () => {
    const picks = [{ kind: 'movie' as const, id: movieIds()[5]! }];
    const weights = { mood: 0, genre: 1, language: 0, era: 0, popularity: 0, visual: 0 };
    const response = await recommend(db, index, phrases, { picks, target: 'movie', k: 10, weights, filters: { includeAdult: true } });
    const profile = meanProfile([index.movies.vectorOf(index.movies.rowOf(picks[0]!.id))], index.model, { centreKinds: ['movie'] });
    const pickRow = index.movies.rowOf(picks[0]!.id);
    const expected = reference(index.movies, reweightQuery(profile, index.model, normaliseWeights(weights)), 10, new Set([pickRow]));
    expect(response.results.map((result) => result.itemId)).toEqual(expected);
    expect(response.results.every((result) => result.blocks.mood === 0 && result.blocks.visual === 0)).toBe(true);
  });

  it('never returns the picks, and honours year, vote and genre filters', async () => {
    const picks = movieIds()
      .slice(0, 3)
      .map((id) => ({ kind: 'movie' as const, id }));
    const response = await recommend(db, index, phrases, { picks, target: 'movie', k: 50, filters: { yearMin: 1990, yearMax: 2010, minVotes: 10 } });
    expect(response.results.some((result) => picks.some((pick) => pick.id === result.itemId))).toBe(false);
    const cards = movieCards(
      db,
      response.results.map((result) => result.itemId),
    );
    for (const result of response.results) expect(cards.get(result.itemId)!.releaseYear).toBeGreaterThanOrEqual(1990);
    const votes = db
      .prepare(`SELECT vote_count FROM movies WHERE id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(response.results.map((r) => r.itemId))) as number[];
    expect(votes.every((count) => count >= 10)).toBe(true);
    const adult = new Set(db.prepare(`SELECT id FROM movies WHERE adult = 1`).pluck().all() as number[]);
    expect(adult.size).toBeGreaterThan(0);
    const everything = await recommend(db, index, phrases, { picks, target: 'movie', k: 300 });
    expect(everything.results.filter((result) => adult.has(result.itemId))).toEqual([]);

    const genre = db.prepare(`SELECT name FROM genres WHERE domain = 'movie' ORDER BY id LIMIT 1`).pluck().get() as string;
    const byGenre = await recommend(db, index, phrases, { picks, target: 'movie', k: 30, filters: { genres: [genre] } });
    expect(byGenre.results.length).toBeGreaterThan(0);
    for (const card of movieCards(
      db,
      byGenre.results.map((r) => r.itemId),
    ).values())
      expect(card.genres).toContain(genre);
  });

  it('leaves explicit songs out for a family film unless the user chose, and says for which film', async () => {
    const familyFilm = db
      .prepare(
        `SELECT m.id, m.title FROM movies m JOIN movie_genres mg ON mg.movie_id = m.id JOIN genres g ON g.id = mg.genre_id WHERE lower(g.name) = 'family' ORDER BY m.id LIMIT 1`,
      )
      .get() as { id: number; title: string };
    const [otherFilm, secondOtherFilm] = db
      .prepare(
        `SELECT id FROM movies WHERE id NOT IN (SELECT movie_id FROM movie_genres JOIN genres g ON g.id = genre_id WHERE lower(g.name) IN ('family', 'children', 'kids')) ORDER BY id LIMIT 2`,
      )
      .pluck()
      .all() as [number, number];
    const explicit = new Set(db.prepare(`SELECT id FROM songs WHERE explicit = 1`).pluck().all() as number[]);
    expect(explicit.size).toBeGreaterThan(10);
    const allSongs = songIds().length;
    const ask = (picks: { kind: 'movie'; id: number }[], filters?: { includeExplicit: boolean }) =>
      recommend(db, index, phrases, { picks, target: 'song', k: 200, ...(filters ? { filters } : {}) });
    const explicitIn = (response: Awaited<ReturnType<typeof ask>>) => response.results.filter((result) => explicit.has(result.itemId)).length;

    const family = await ask([{ kind: 'movie', id: familyFilm.id }]);
    expect(family.familyFilm).toBe(familyFilm.title);
    expect(explicitIn(family)).toBe(0);
    // Nor likely explicit songs or aggressive music (read from the songs' vectors).
    const unfitRow = notForFamilies(index.songs, index.model.layout);
    const unfitIn = (response: Awaited<ReturnType<typeof ask>>) => response.results.filter((result) => unfitRow(index.songs.rowOf(result.itemId))).length;
    const unfitSongs = [...index.songs.engine.matrix.itemIds].filter((id) => unfitRow(index.songs.rowOf(id))).length;
    expect(unfitSongs).toBeGreaterThan(10);
    expect(unfitIn(family)).toBe(0);
    expect(family.results).toHaveLength(200);
    // The count is of the songs the list was drawn from: neither flagged nor found unfit.
    const unfitOrExplicit = new Set([...explicit, ...[...index.songs.engine.matrix.itemIds].filter((id) => unfitRow(index.songs.rowOf(id)))]);
    expect(family.allowed).toBe(allSongs - unfitOrExplicit.size);
    // Films that are mostly not family films (a taste profile's hundreds) are not a family film's, by weight too.
    const three = [
      { kind: 'movie' as const, id: otherFilm },
      { kind: 'movie' as const, id: secondOtherFilm },
      { kind: 'movie' as const, id: familyFilm.id },
    ];
    expect((await recommend(db, index, phrases, { picks: three, target: 'song', k: 5 })).familyFilm).toBeNull();
    expect((await recommend(db, index, phrases, { picks: three, target: 'song', k: 5, pickWeights: [1, 1, 2] })).familyFilm).toBe(familyFilm.title);
    // Half of them are.
    expect(
      (
        await ask([
          { kind: 'movie', id: otherFilm },
          { kind: 'movie', id: familyFilm.id },
        ])
      ).familyFilm,
    ).toBe(familyFilm.title);
    // Asking for explicit songs shows them, with nothing to explain.
    const shown = await ask([{ kind: 'movie', id: familyFilm.id }], { includeExplicit: true });
    expect(shown.familyFilm).toBeNull();
    expect(explicitIn(shown)).toBeGreaterThan(0);
    // Asking for no explicit songs keeps aggressive music out of a family film's songs too.
    const noExplicit = await ask([{ kind: 'movie', id: familyFilm.id }], { includeExplicit: false });
    expect(noExplicit.familyFilm).toBe(familyFilm.title);
    expect(explicitIn(noExplicit) + unfitIn(noExplicit)).toBe(0);
    // Other films, and movie lists, are unaffected.
    const other = await ask([{ kind: 'movie', id: otherFilm }]);
    expect(other.familyFilm).toBeNull();
    expect(explicitIn(other)).toBeGreaterThan(0);
    expect((await recommend(db, index, phrases, { picks: [{ kind: 'movie', id: familyFilm.id }], target: 'movie', k: 5 })).familyFilm).toBeNull();
  });

  it("leaves a family film's likely explicit songs out too: no flag, but their genre's flagged songs are mostly explicit", async () => {
    const own = tempDatabase();
    try {
      await importFile(own, { file: writeSpotifyTracksCsv(path.join(dir, 'family-songs.csv'), { rows: 150, seed: 21 }).file });
      await importFile(own, { file: writeTmdbV11Csv(path.join(dir, 'family-movies.csv'), { rows: 120, seed: 22 }).file });
      const flag = own.prepare(`UPDATE songs SET explicit = ? WHERE id = ?`);
      const audio = [0.8, 0.7, -6, 0.3, 0.1, 0, 0.1, 0.5, 95];
      // 20 flagged rap songs by 20 artists, 15 of them explicit: rap is mostly explicit here.
      for (let n = 0; n < 20; n++) flag.run(n < 15 ? 1 : 0, addSong(own, { title: `Rap ${n}`, artists: `Rapper ${n}`, genres: ['rap'], year: 1995, audio }));
      // Two rap songs without a flag: one whose title names its clean edit.
      const unflagged = addSong(own, { title: 'Put It On', artists: 'Big L', genres: ['rap'], year: 1995, audio });
      const edited = addSong(own, { title: 'Me Against The World - Album Version (Edited)', artists: '2Pac', genres: ['rap'], year: 1995, audio });
      expect((await buildVibeIndex(own, { bridges })).status).toBe('completed');
      const ownIndex = VibeIndex.load(own, { engine: { threads: 0 } })!;
      try {
        const films = (family: boolean) =>
          own
            .prepare(
              `SELECT id FROM movies WHERE id ${family ? '' : 'NOT'} IN (SELECT movie_id FROM movie_genres JOIN genres g ON g.id = genre_id WHERE lower(g.name) IN ('family', 'children', 'kids')) ORDER BY id LIMIT 1`,
            )
            .pluck()
            .get() as number;
        const everySong = own.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
        const songsFor = async (movieId: number, filters?: { includeExplicit: boolean }) =>
          (
            await recommend(own, ownIndex, phrases, { picks: [{ kind: 'movie', id: movieId }], target: 'song', k: everySong, ...(filters ? { filters } : {}) })
          ).results.map((result) => result.itemId);
        const family = await songsFor(films(true));
        expect(family).not.toContain(unflagged);
        expect(family).toContain(edited);
        expect(family.length).toBeGreaterThan(100);
        // Shown when the user asks for explicit songs, and for other films.
        expect(await songsFor(films(true), { includeExplicit: true })).toContain(unflagged);
        expect(await songsFor(films(false))).toContain(unflagged);
      } finally {
        await ownIndex.close();
      }
    } finally {
      own.close();
    }
  });

  it('blend mode keeps every pick represented near the top', async () => {
    const picks = [songIds()[0]!, songIds()[200]!].map((id) => ({ kind: 'song' as const, id }));
    const response = await recommend(db, index, phrases, { picks, target: 'song', k: 10, mode: 'blend' });
    expect(
      response.results
        .slice(0, 2)
        .map((result) => result.viaPick)
        .sort(),
    ).toEqual([0, 1]);
    expect(new Set(response.results.map((result) => result.itemId)).size).toBe(10);
  });

  it('diversity returns the same number of results, not the same list', async () => {
    const picks = [{ kind: 'song' as const, id: songIds()[7]! }];
    const plain = await recommend(db, index, phrases, { picks, target: 'song', k: 20 });
    const diverse = await recommend(db, index, phrases, { picks, target: 'song', k: 20, diversity: 1 });
    expect(diverse.results).toHaveLength(20);
    expect(diverse.results.map((r) => r.itemId)).not.toEqual(plain.results.map((r) => r.itemId));
  });

  it("spreads one artist's songs out: at most two in each ten, the rest in score order", async () => {
    const film = movieIds()[0]!;
    const picks = [{ kind: 'movie' as const, id: film }];
    const before = (await recommend(db, index, phrases, { picks, target: 'song', k: 20 })).results.map((result) => result.itemId);
    // The five best-scored songs become one artist's: the artists are read when a list is made.
    const artists = db
      .prepare(`SELECT id, artists FROM songs WHERE id IN (${before.slice(0, 5).join(', ')})`)
      .raw()
      .all() as [number, string][];
    const rename = db.prepare(`UPDATE songs SET artists = ? WHERE id = ?`);
    try {
      for (const id of before.slice(0, 5)) rename.run('The One Band', id);
      const after = (await recommend(db, index, phrases, { picks, target: 'song', k: 20 })).results.map((result) => result.itemId);
      expect(after.slice(0, 10).filter((id) => before.slice(0, 5).includes(id))).toEqual(before.slice(0, 2));
      // Two more come back first in the second ten (four in twenty), in their order; the fifth waits for the third ten.
      expect(after.slice(10, 12)).toEqual(before.slice(2, 4));
      expect(after).not.toContain(before[4]);
      // Everything else keeps its order.
      expect(after.filter((id) => !before.slice(0, 5).includes(id)).slice(0, 15)).toEqual(before.slice(5));
    } finally {
      for (const [id, written] of artists) rename.run(written, id);
    }
  });

  it('explains unknown picks clearly', async () => {
    await expect(recommend(db, index, phrases, { picks: [{ kind: 'song', id: 999_999 }], target: 'movie' })).rejects.toThrow(/no song with id 999999/);
    await expect(recommend(db, index, phrases, { picks: [], target: 'movie' })).rejects.toThrow(RecommendError);
  });

  it('hydrates cards with Spotify links', () => {
    const [song] = songCards(db, [songIds()[0]!]).values();
    expect(spotifyUrl(song!)).toMatch(/^https:\/\/open\.spotify\.com\/track\/[A-Za-z0-9]{22}$/);
    expect(spotifyUrl({ spotifyId: null, title: 'Hello', artists: 'Adele' })).toBe('https://open.spotify.com/search/Hello%20Adele');
  });
});

describe('vector snapshots', () => {
  it('the build job writes them, and the next load reads them without rewriting', async () => {
    const own = tempDir();
    expect(writeVibeSnapshots(db, own)).toBe(true);
    const files = fs.readdirSync(own).sort();
    expect(files).toEqual(['recording-groups', 'vibe-movie.columns', 'vibe-movie.vectors', 'vibe-song.columns', 'vibe-song.vectors']);
    const written = files.map((file) => fs.statSync(path.join(own, file)).mtimeMs);
    expect(writeVibeSnapshots(db, own)).toBe(true); // already current: left alone
    const index = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own })!;
    expect(files.map((file) => fs.statSync(path.join(own, file)).mtimeMs)).toEqual(written);
    expect(index.songs.engine.matrix.count).toBe(songIds().length);
    await index.close();
  });

  it("after an answer, read both kinds' remaining float rows in the background, the kind not asked for too", async () => {
    const own = tempDir();
    writeVibeSnapshots(db, own);
    const lazy = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own })!;
    const pending = (kind: 'song' | 'movie') => (lazy.of(kind).engine as unknown as { storage: { pendingRows: unknown } }).storage.pendingRows;
    expect(pending('song')).not.toBeNull();
    expect(pending('movie')).not.toBeNull();
    await recommend(db, lazy, bridges.phrases, { picks: [{ kind: 'song', id: songIds()[0]! }], target: 'movie', k: 5 });
    lazy.loadRemainingRows();
    for (let wait = 0; wait < 200 && (pending('song') || pending('movie')); wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pending('song')).toBeNull();
    expect(pending('movie')).toBeNull();
    expect(Array.from(lazy.songs.engine.matrix.data)).toEqual(Array.from(index.songs.engine.matrix.data));
    await lazy.close();
  });

  it("answers a family film's songs before the float rows are all in, without reading them all, with the same songs", async () => {
    const own = tempDir();
    writeVibeSnapshots(db, own);
    const lazy = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own })!;
    const familyFilm = db
      .prepare(
        `SELECT m.id FROM movies m JOIN movie_genres mg ON mg.movie_id = m.id JOIN genres g ON g.id = mg.genre_id WHERE lower(g.name) = 'family' ORDER BY m.id LIMIT 1`,
      )
      .pluck()
      .get() as number;
    const request = { picks: [{ kind: 'movie' as const, id: familyFilm }], target: 'song' as const, k: 100 };
    const answer = await recommend(db, lazy, bridges.phrases, request);
    expect(lazy.songs.engine.rowsLoaded).toBe(false);
    const eager = await recommend(db, index, bridges.phrases, request);
    expect(answer.familyFilm).not.toBeNull();
    expect(answer.results.map((result) => [result.itemId, result.score])).toEqual(eager.results.map((result) => [result.itemId, result.score]));
    // ...and there were songs to leave out: shown when asked for, and found in the hits above.
    const unfitRow = notForFamilies(index.songs, index.model.layout);
    const unfiltered = await recommend(db, index, bridges.phrases, { ...request, filters: { includeExplicit: true } });
    expect(unfiltered.results.some((result) => unfitRow(index.songs.rowOf(result.itemId)))).toBe(true);
    expect(answer.results.some((result) => unfitRow(index.songs.rowOf(result.itemId)))).toBe(false);
    // The songs left out are counted once the rows are in.
    expect(answer.allowed).toBeNull();
    expect(eager.allowed).toBeGreaterThan(0);
    await lazy.whenRowsLoaded();
    expect((await recommend(db, lazy, bridges.phrases, request)).allowed).toBe(eager.allowed);
    await lazy.close();
  });

  it('resolves whenRowsLoaded once both kinds hold every float row, loading a kind not asked for yet', async () => {
    const own = tempDir();
    writeVibeSnapshots(db, own);
    const lazy = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own, lazyKinds: true })!;
    await lazy.whenRowsLoaded();
    for (const kind of ['song', 'movie'] as const) {
      expect((lazy.of(kind).engine as unknown as { storage: { pendingRows: unknown } }).storage.pendingRows).toBeNull();
      expect(Array.from(lazy.of(kind).engine.matrix.data)).toEqual(Array.from(index.of(kind).engine.matrix.data));
    }
    await lazy.close();
  });

  it('with lazy kinds, answer from the target kind alone (picks of the other kind read from its snapshot), the same as when both are loaded', async () => {
    const own = tempDir();
    writeVibeSnapshots(db, own);
    const lazy = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own, lazyKinds: true })!;
    const loaded = () => Object.keys((lazy as unknown as { kinds: Record<string, unknown> }).kinds).sort();
    expect(loaded()).toEqual([]);
    const request = {
      picks: [
        { kind: 'song' as const, id: songIds()[3]! },
        { kind: 'movie' as const, id: movieIds()[4]! },
      ],
      target: 'movie' as const,
      k: 8,
    };
    const answer = await recommend(db, lazy, bridges.phrases, request);
    expect(loaded()).toEqual(['movie']);
    const eager = await recommend(db, index, bridges.phrases, request);
    expect(answer.results.map((result) => [result.itemId, result.score])).toEqual(eager.results.map((result) => [result.itemId, result.score]));
    expect(Array.from(lazy.vectorOfItem('song', songIds()[3]!)!)).toEqual(Array.from(index.songs.vectorOf(index.songs.rowOf(songIds()[3]!))));
    expect(lazy.vectorOfItem('song', 987_654_321)).toBeNull();
    lazy.loadRemainingRows();
    expect(loaded()).toEqual(['movie', 'song']);
    await lazy.close();
  });

  it('a second load reads the snapshot the first one wrote, with identical vectors', async () => {
    const first = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir })!;
    const files = fs.readdirSync(snapshotDir).sort();
    expect(files).toEqual(['vibe-movie.columns', 'vibe-movie.vectors', 'vibe-song.columns', 'vibe-song.vectors']);
    const second = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir })!;
    expect(Array.from(second.movies.engine.matrix.data)).toEqual(Array.from(first.movies.engine.matrix.data));
    expect(Array.from(second.songs.engine.matrix.itemIds)).toEqual(Array.from(first.songs.engine.matrix.itemIds));
    await Promise.all([first.close(), second.close()]);
  });
});

describe('filter column snapshots', () => {
  const columnsOf = (index: VibeIndex) => ({ songs: { ...index.songs.columns }, movies: { ...index.movies.columns } });

  it('hold the same columns as SQLite, and are reread from SQLite after an import changes them', async () => {
    const own = tempDir();
    const fromSqlite = VibeIndex.load(db, { engine: { threads: 0 } })!;
    const writing = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own })!;
    const cachedFile = path.join(own, 'vibe-movie.columns');
    const writtenAt = fs.statSync(cachedFile).mtimeMs;
    const reading = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own })!;
    expect(fs.statSync(cachedFile).mtimeMs).toBe(writtenAt);
    expect(columnsOf(reading)).toEqual(columnsOf(fromSqlite));
    expect(columnsOf(writing)).toEqual(columnsOf(fromSqlite));

    // An import run that changes a movie's votes (as a re-import of an updated file would), journaled as the importer journals a merge.
    const movieId = fromSqlite.movies.engine.matrix.itemIds[0]!;
    const runs = new ImportRuns(db);
    const runId = runs.start(runs.ensureSource(path.join(dir, 'movies.csv'), 'movies', 'tmdb-v11'), { encoding: 'utf-8', fileSize: null, fileMtimeMs: null });
    db.prepare(`UPDATE movies SET vote_count = 123456 WHERE id = ?`).run(movieId);
    db.prepare(`INSERT INTO import_changes(import_run_id, item_kind, item_id, outcome, before_json) VALUES (?, 'movie', ?, 'merged', '{}')`).run(
      runId,
      movieId,
    );
    runs.finish(runId, 'completed', []);
    const afterImport = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir: own })!;
    expect(afterImport.movies.columns.votes[afterImport.movies.rowOf(movieId)]).toBe(123456);
    const fresh = VibeIndex.load(db, { engine: { threads: 0 } })!;
    expect(columnsOf(afterImport)).toEqual(columnsOf(fresh));
    await Promise.all([fromSqlite, writing, reading, afterImport, fresh].map((index) => index.close()));
  });
});

describe('keeping the index current', () => {
  it('is stale after an import; an incremental build encodes only the new items and those imports changed', async () => {
    const before = vibeIndexStatus(db);
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'more.csv'), { rows: 50, seed: 99 }).file });
    const stale = vibeIndexStatus(db);
    expect(stale.stale).toBe(true);
    expect(stale.staleReasons[0]).toMatch(/^Songs: /);
    const summary = await buildVibeIndex(db, { bridges, mode: 'incremental' });
    expect(summary).toMatchObject({ status: 'completed', mode: 'incremental', modelId: before.modelId });
    // And the movie whose votes the run of the test before changed.
    expect(summary.encoded).toBe(songIds().length - before.songs + 1);
    expect(vibeIndexStatus(db).stale).toBe(false);
    // The snapshot written before the new songs no longer matches: the index comes from SQLite again.
    const reloaded = VibeIndex.load(db, { engine: { threads: 0 }, snapshotDir })!;
    expect(reloaded.songs.engine.matrix.count).toBe(songIds().length);
    await reloaded.close();
  });

  it('a cancelled full build keeps the previous index; an abandoned one is cleaned up', async () => {
    const before = vibeIndexStatus(db);
    const controller = new AbortController();
    const summary = await buildVibeIndex(db, { bridges, batchSize: 50, signal: controller.signal, checkpoint: () => controller.abort() });
    expect(summary.status).toBe('cancelled');
    expect(vibeIndexStatus(db).modelId).toBe(before.modelId);
    expect(db.prepare(`SELECT count(*) FROM vibe_models`).pluck().get()).toBe(1);

    // A kill mid-build leaves a 'building' row and its rows in the slot the ready model does not use.
    const readySlot = db.prepare(`SELECT slot FROM vibe_models WHERE id = ?`).pluck().get(before.modelId) as 0 | 1;
    const abandoned = Number(db.prepare(`INSERT INTO vibe_models(model_json, status, slot) VALUES ('{}', 'building', ?)`).run(1 - readySlot).lastInsertRowid);
    db.prepare(`INSERT INTO ${vibeVectorTable('song', readySlot === 0 ? 1 : 0)} VALUES (999999, ?, x'00000000', x'00000000')`).run(abandoned);
    const rebuilt = await buildVibeIndex(db, { bridges });
    expect(rebuilt.modelId).not.toBe(before.modelId);
    expect(db.prepare(`SELECT id FROM vibe_models`).pluck().all()).toEqual([rebuilt.modelId]);
    // Only the new model's rows are left, in the slot the abandoned build had (the old one is emptied).
    expect(db.prepare(`SELECT slot FROM vibe_models`).pluck().get()).toBe(1 - readySlot);
    expect(vibeRowCount(db)).toBe(storedModelRows(db, rebuilt.modelId!).size);
    expect(storedModelRows(db, rebuilt.modelId!).size).toBe(300 + songIds().length);
  });
});

describe('folding versions of one recording', () => {
  const hit = (itemId: number, score: number) => ({ row: itemId, itemId, score });
  it('shows the best-known version when it is among the hits, the best-scoring one otherwise, and keeps score order', () => {
    // Recording 7 has versions 3 (a remaster that scores best) and 7 (the best-known); 5 has 5 and 9.
    const recordings = new Map([
      [3, 7],
      [7, 7],
      [5, 5],
      [9, 5],
    ]);
    const folded = foldVersions([hit(3, 0.9), hit(4, 0.85), hit(9, 0.8), hit(7, 0.7)], recordings);
    expect(folded.map((entry) => [entry.hit.itemId, entry.others])).toEqual([
      [4, []],
      [9, []],
      [7, [3]],
    ]);
    expect(foldVersions([hit(1, 0.5), hit(2, 0.4)], new Map()).map((entry) => entry.hit.itemId)).toEqual([1, 2]);
  });
});
