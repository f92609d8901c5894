import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { openDatabase } from '../db/open-database.js';
import { importFile } from '../importers/import-file.js';
import { buildPoolImage, CatalogSearch, toFtsQuery, type PoolBuilder, type PoolImage } from './search.js';
import { poolBuilderInWorkers } from './search-pool-client.js';
import { undoImport } from './undo-import.js';

describe('CatalogSearch answers for repeated keystrokes', () => {
  it('are the same as a fresh search, copies the caller may change, and current after an import on this or another connection', async () => {
    const dir = tempDir();
    const db = tempDatabase();
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 300, seed: 7, repeatRate: 0 }).file });
    await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 300, seed: 8 }).file });
    const search = new CatalogSearch(db);
    const typed = ['m', 'mo', 'mor', 'the', 't', 'a b'];
    for (const text of typed) {
      const first = search.searchSongs(text, 30);
      first.splice(0, first.length); // the caller's copy: changing it changes nothing remembered
      expect(search.searchSongs(text, 30)).toEqual(new CatalogSearch(db).searchSongs(text, 30));
      expect(search.searchMovies(text, 30)).toEqual(new CatalogSearch(db).searchMovies(text, 30));
    }
    expect(search.searchSongs('zzyzx', 10)).toEqual([]);

    // This connection imports a song titled Zzyzx: the next keystroke finds it.
    const line = (title: string, id: string) => `0,${id},Band,Album,${title},50,200000,False,0.5,0.5,1,-5.0,1,0.05,0.1,0.0,0.1,0.5,120.0,4,pop`;
    const header =
      ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const own = path.join(dir, 'own.csv');
    fs.writeFileSync(own, `${header}\n${line('Zzyzx Road', '0123456789abcdefghijkl')}\n`);
    await importFile(db, { file: own });
    expect(search.searchSongs('zzyzx', 10).map((hit) => hit.title)).toEqual(['Zzyzx Road']);

    // Another connection (an import job's) commits a second one.
    const other = openDatabase(db.name);
    const theirs = path.join(dir, 'theirs.csv');
    fs.writeFileSync(theirs, `${header}\n${line('Zzyzx Again', 'abcdefghijkl0123456789')}\n`);
    await importFile(other, { file: theirs });
    other.close();
    expect(
      search
        .searchSongs('zzyzx', 10)
        .map((hit) => hit.title)
        .sort(),
    ).toEqual(['Zzyzx Again', 'Zzyzx Road']);
  });
});

describe('CatalogSearch pages', () => {
  it('start alike whatever their size: a page of one is the first row of the page the app shows', async () => {
    const dir = tempDir();
    const db = tempDatabase();
    const header =
      ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const line = (index: number, artists: string, album: string, popularity: number) =>
      `0,${String(index).padStart(22, '0')},${artists},${album},Hallelujah,${popularity},${200000 + index * 7000},False,0.5,0.5,1,-5.0,1,0.05,0.1,0.0,0.1,0.5,120.0,4,pop`;
    // Covers whose artist and album also say "Hallelujah" lead on relevance; the best known says it only in its title.
    const covers = Array.from({ length: 12 }, (_, index) => line(index + 1, `Hallelujah Singers ${index + 1}`, 'Hallelujah', 52 + index));
    // Other songs make "hallelujah" a rare word, so relevance tells the songs having it apart.
    const others = Array.from({ length: 300 }, (_, index) =>
      line(1000 + index, `Band ${index}`, `Album ${index}`, 50).replace(',Hallelujah,', `,Song Number ${index},`),
    );
    fs.writeFileSync(path.join(dir, 'songs.csv'), [header, ...covers, line(99, 'Leonard Cohen', 'Various Positions', 64), ...others].join('\n') + '\n');
    await importFile(db, { file: path.join(dir, 'songs.csv') });
    const search = new CatalogSearch(db);
    expect(search.searchSongs('hallelujah', 20)[0]!.artists).toBe('Leonard Cohen');
    for (const limit of [1, 2, 5]) expect(new CatalogSearch(db).searchSongs('hallelujah', limit)[0]!.artists).toBe('Leonard Cohen');
    expect(search.searchSongs('hallelujah', 3).map((hit) => hit.id)).toEqual(
      search
        .searchSongs('hallelujah', 20)
        .slice(0, 3)
        .map((hit) => hit.id),
    );
  });
});

describe('CatalogSearch from the popular pool (the first letters, common words)', () => {
  const typed = ['m', 'mo', 'the', 'a', 'l', 'lo', 'love', 'a b', 's', 'st'];

  async function catalog() {
    const dir = tempDir();
    const db = tempDatabase();
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 300, seed: 11, repeatRate: 0.2 }).file });
    await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 300, seed: 12 }).file });
    return db;
  }

  it('answer from a pool holding the whole catalog exactly as the exhaustive ranking when the candidates cover every match', async () => {
    const db = await catalog();
    const exhaustive = new CatalogSearch(db); // 300 items of each kind: ranked exhaustively
    const pooled = new CatalogSearch(db, { exhaustiveUpTo: 0 });
    // limit 300: 1,200 song candidates and 1,200 movie candidates, more than the 300 items of each kind.
    for (const text of typed) {
      const songs = exhaustive.searchSongs(text, 300);
      const movies = exhaustive.searchMovies(text, 300);
      expect(pooled.searchSongs(text, 300)).toEqual(songs);
      expect(pooled.searchMovies(text, 300)).toEqual(movies);
    }
    expect(typed.filter((text) => exhaustive.searchSongs(text, 300).length > 30).length).toBeGreaterThan(5);
  });

  it('take their candidates among the most popular matches, and fall back to the exhaustive ranking when the pool cannot fill a page', async () => {
    const db = await catalog();
    // Pages of 5 (20 candidates of each kind), so a pool of 120 of the 300 items can fill them.
    const exhaustive = new CatalogSearch(db, { minRankedPage: 5 }); // 300 items of each kind: ranked exhaustively
    const pooled = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120, minRankedPage: 5 });
    const limit = 5;
    const mostPopular = (kind: 'songs' | 'movies', text: string): Set<number> => {
      const popularity = kind === 'songs' ? 'COALESCE(x.popularity, 0)' : 'COALESCE(x.vote_count, 0)';
      const ids = db
        .prepare(`SELECT x.id FROM ${kind}_fts f JOIN ${kind} x ON x.id = f.rowid WHERE ${kind}_fts MATCH ? ORDER BY ${popularity} DESC, x.id LIMIT 20`)
        .pluck()
        .all(toFtsQuery(text)) as number[];
      return new Set(ids);
    };
    const poolOf = (kind: 'songs' | 'movies'): Set<number> => {
      const popularity = kind === 'songs' ? 'COALESCE(popularity, 0)' : 'COALESCE(vote_count, 0)';
      return new Set(db.prepare(`SELECT id FROM ${kind} ORDER BY ${popularity} DESC, id LIMIT 120`).pluck().all() as number[]);
    };
    const inPool = (kind: 'songs' | 'movies', text: string): number => {
      const pool = poolOf(kind);
      return (db.prepare(`SELECT rowid FROM ${kind}_fts WHERE ${kind}_fts MATCH ?`).pluck().all(toFtsQuery(text)) as number[]).filter((id) => pool.has(id))
        .length;
    };
    let pooledAnswers = 0;
    let pagesFromFewerMatches = 0;
    let fallbacks = 0;
    for (const text of typed) {
      const movies = pooled.searchMovies(text, limit);
      const pooledMovies = inPool('movies', text);
      if (pooledMovies >= 20) {
        pooledAnswers++;
        const popular = mostPopular('movies', text);
        expect(movies.every((hit) => popular.has(hit.id))).toBe(true);
        expect(movies).toHaveLength(limit);
      } else if (pooledMovies >= limit) {
        // Fewer than the 20 candidates wanted, but a full page: taken from the pool.
        pagesFromFewerMatches++;
        const pool = poolOf('movies');
        expect(movies.every((hit) => pool.has(hit.id))).toBe(true);
        expect(movies).toHaveLength(limit);
      } else {
        fallbacks++;
        expect(movies).toEqual(exhaustive.searchMovies(text, limit));
      }
      const songs = pooled.searchSongs(text, limit);
      if (inPool('songs', text) >= 20) {
        pooledAnswers++;
        // A recording is shown as its best-known version, which need not be a candidate itself.
        expect(songs.length).toBeGreaterThan(0);
      } else {
        // A full page of recordings from the pool, or the exhaustive ranking.
        const pool = poolOf('songs');
        if (songs.length === limit && songs.every((hit) => pool.has(hit.id))) pagesFromFewerMatches++;
        else expect(songs).toEqual(exhaustive.searchSongs(text, limit));
      }
    }
    expect(pooledAnswers).toBeGreaterThan(3);
    expect(pagesFromFewerMatches).toBeGreaterThan(0);
    expect(fallbacks).toBeGreaterThan(0);
  });

  it('are rebuilt when the catalog changes', async () => {
    const db = await catalog();
    const pooled = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120 });
    expect(pooled.searchSongs('l', 5).map((hit) => hit.title)).not.toContain('Lullaby Zeta');
    const header =
      ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const file = path.join(tempDir(), 'new.csv');
    fs.writeFileSync(file, `${header}\n0,0123456789abcdefghijkl,Zed,Zeta,Lullaby Zeta,100,200000,False,0.5,0.5,1,-5.0,1,0.05,0.1,0.0,0.1,0.5,120.0,4,pop\n`);
    const imported = await importFile(db, { file });
    expect(pooled.searchSongs('l', 5)[0]!.title).toBe('Lullaby Zeta');
    undoImport(db, imported.runId);
    expect(pooled.searchSongs('l', 5).map((hit) => hit.title)).not.toContain('Lullaby Zeta');
  });

  it('keep their pool through writes that are not the catalog’s (a playlist edit)', async () => {
    const db = await catalog();
    const pooled = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120 });
    const before = pooled.searchSongs('l', 5);
    const pools = (pooled as unknown as { pools: Record<string, { pool: unknown }> }).pools;
    const pool = pools.songs!.pool;
    db.prepare(`INSERT INTO user_lists(kind, name) VALUES ('playlist', 'Road trip')`).run();
    db.prepare(`INSERT INTO user_list_items(list_id, position, item_id) VALUES (1, 0, ?)`).run(before[0]!.id);
    expect(pooled.searchSongs('l', 5)).toEqual(before);
    expect(pools.songs!.pool).toBe(pool);
  });

  it('built off-thread: ranked exhaustively until the pool is in, then from it; a pool of content that moved on is not used', async () => {
    const db = await catalog();
    const exhaustive = new CatalogSearch(db);
    const inThread = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120 });
    const pending: { kind: string; resolve: (image: PoolImage) => void; cancelled: boolean }[] = [];
    const builder: PoolBuilder = (kind) => {
      let resolve!: (image: PoolImage) => void;
      const result = new Promise<PoolImage>((done) => (resolve = done));
      const build = { kind, resolve: (image: PoolImage) => resolve(image), cancelled: false };
      pending.push(build);
      return { result, cancel: () => (build.cancelled = true) };
    };
    const offThread = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120, buildPools: builder });
    offThread.preparePools();
    expect(pending.map((build) => build.kind).sort()).toEqual(['movies', 'songs']);
    offThread.preparePools(); // already under way: not started again
    expect(pending).toHaveLength(2);
    expect(offThread.searchSongs('l', 5)).toEqual(exhaustive.searchSongs('l', 5));
    for (const build of pending.splice(0)) build.resolve(buildPoolImage(db, build.kind as 'songs' | 'movies', 120));
    await new Promise((resolve) => setImmediate(resolve));
    for (const text of ['lo', 'm', 'the', 'st']) {
      expect(offThread.searchSongs(text, 5)).toEqual(inThread.searchSongs(text, 5));
      expect(offThread.searchMovies(text, 5)).toEqual(inThread.searchMovies(text, 5));
    }
    // An import lands while a rebuild is under way: that image is dropped, and a new build starts.
    const header =
      ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const add = async (title: string, id: string) => {
      const file = path.join(tempDir(), 'new.csv');
      fs.writeFileSync(file, `${header}\n0,${id},Zed,Zeta,${title},100,200000,False,0.5,0.5,1,-5.0,1,0.05,0.1,0.0,0.1,0.5,120.0,4,pop\n`);
      await importFile(db, { file });
    };
    await add('Lullaby Zeta', '0123456789abcdefghijkl');
    expect(offThread.searchSongs('lu', 5)).toEqual(exhaustive.searchSongs('lu', 5));
    const stale = pending.splice(0);
    expect(stale.map((build) => build.kind)).toEqual(['songs']);
    await add('Lullaby Eta', 'abcdefghijkl0123456789');
    stale[0]!.resolve(buildPoolImage(db, 'songs', 120));
    await new Promise((resolve) => setImmediate(resolve));
    expect(offThread.searchSongs('l', 5)).toEqual(exhaustive.searchSongs('l', 5)); // not the stale pool: a new build
    expect(pending.map((build) => build.kind)).toEqual(['songs']);
    offThread.close();
    expect(pending[0]!.cancelled).toBe(true);
  });

  it('can be waited for while built off-thread (the app waits rather than rank every match)', async () => {
    const db = await catalog();
    let finish!: () => void;
    const offThread = new CatalogSearch(db, {
      exhaustiveUpTo: 0,
      poolSize: 120,
      buildPools: (kind) => ({
        result: new Promise<PoolImage>((resolve) => (finish = () => resolve(buildPoolImage(db, kind, 120)))),
        cancel: () => undefined,
      }),
    });
    let ready = false;
    const waiting = offThread.poolReady('songs').then(() => (ready = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toBe(false);
    finish();
    await waiting;
    expect(ready).toBe(true);
    const pools = (offThread as unknown as { pools: Record<string, { pool: unknown }> }).pools;
    expect(pools.songs!.pool).not.toBe('none');
    await offThread.poolReady('songs'); // ready: resolves at once
    expect(offThread.searchSongs('lo', 5)).toEqual(new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120 }).searchSongs('lo', 5));
  });

  it('built off-thread from an image that does not open: built on this thread instead, nothing thrown', async () => {
    const db = await catalog();
    const broken = new CatalogSearch(db, {
      exhaustiveUpTo: 0,
      poolSize: 120,
      buildPools: () => ({ result: Promise.resolve({ image: new Uint8Array([1, 2, 3]), ids: new Int32Array(0), complete: false }), cancel: () => undefined }),
    });
    await broken.poolReady('songs');
    await new Promise((resolve) => setImmediate(resolve));
    expect(broken.searchSongs('lo', 5)).toEqual(new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120 }).searchSongs('lo', 5));
  });

  it('built in a worker thread: the same pool as built in this one', async () => {
    const db = await catalog();
    const file = db.name;
    const build = poolBuilderInWorkers(file)('songs', 120);
    const image = await build.result;
    const here = buildPoolImage(db, 'songs', 120);
    expect(Array.from(image.ids)).toEqual(Array.from(here.ids));
    expect(image.complete).toBe(false);
    const fromWorker = new CatalogSearch(db, {
      exhaustiveUpTo: 0,
      poolSize: 120,
      buildPools: (kind) => ({ result: kind === 'songs' ? Promise.resolve(image) : new Promise<PoolImage>(() => undefined), cancel: () => undefined }),
    });
    fromWorker.preparePools();
    await new Promise((resolve) => setImmediate(resolve));
    const inThread = new CatalogSearch(db, { exhaustiveUpTo: 0, poolSize: 120 });
    for (const text of typed) expect(fromWorker.searchSongs(text, 5)).toEqual(inThread.searchSongs(text, 5));
  });
});
