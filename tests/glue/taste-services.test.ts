import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/services';
import type { EventMessage } from '../../src/shared/preload-api';
import { writeSpotifyTracksCsv } from '../support/generate-fixtures';
import { tempDir, tempFile } from '../support/temp';
import { writeWav } from '../../src/core/music-folder/test-audio';
import { importGeneratedCatalog, testServices } from './fixtures';

let services: Services;
// Not tempDir(): that is emptied after every test, and jobs started by later tests open the catalog by its path.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-taste-'));
let movies: { id: number; title: string; release_year: number }[];

beforeAll(async () => {
  services = testServices({ dataDir });
  await importGeneratedCatalog(services, { songs: 200, movies: 150 });
  const build = await services.jobs.whenFinished((await services.api['vibe.build']({})).id);
  expect(build.status, build.error ?? '').toBe('completed');
  const db = new Database(services.databasePath, { readonly: true });
  // Titles that occur once, so title + year matching is unambiguous.
  movies = db
    .prepare(`SELECT id, title, release_year FROM movies WHERE release_year IS NOT NULL GROUP BY lower(title) HAVING count(*) = 1 ORDER BY id LIMIT 6`)
    .all() as typeof movies;
  db.close();
}, 90_000);
afterAll(async () => {
  await services?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const csvCell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

describe('taste services', () => {
  it('imports a Letterboxd ratings.csv, lists the profiles, shows top contributors and removes one', async () => {
    const rows = movies
      .slice(0, 4)
      .map((movie, index) => `2024-01-0${index + 1},${csvCell(movie.title)},${movie.release_year},https://boxd.it/x${index},${5 - index * 0.5}`);
    const file = tempFile(
      'ratings.csv',
      ['Date,Name,Year,Letterboxd URI,Rating', ...rows, '2024-02-01,No Such Film At All,1901,https://boxd.it/y,4'].join('\n'),
    );
    const result = await services.api['taste.import']({ file: { path: file } });
    expect(result.reports[0]).toMatchObject({ what: 'Letterboxd ratings.csv', matched: 4, ambiguous: 0, missing: 1 });
    expect((await services.api['taste.list']({})).map((profile) => profile.name)).toEqual(['My 5-star films', 'Letterboxd: films I rated']);
    const rated = result.profiles.find((profile) => profile.name === 'Letterboxd: films I rated')!;
    const { contributors } = await services.api['taste.get']({ profileId: rated.id });
    expect(contributors.map((item) => [item.itemId, item.detail])).toEqual(
      movies.slice(0, 4).map((movie, index) => [movie.id, ['★★★★★', '★★★★½', '★★★★', '★★★½'][index]]),
    );
    expect(contributors.reduce((sum, item) => sum + item.share, 0)).toBeCloseTo(1);
    expect((await services.api['taste.removeItem']({ profileId: rated.id, itemId: movies[3]!.id })).items).toBe(3);
    await expect(services.api['taste.get']({ profileId: 999 })).rejects.toThrow(/no taste profile #999/);
    // The import runs in a worker thread; its refusal still arrives as the one sentence.
    const bad = tempFile('ratings.csv', 'Foo,Bar\n1,2\n');
    await expect(services.api['taste.import']({ file: { path: bad } })).rejects.toThrow(`${bad}: line 1: expected Letterboxd's header`);
  });

  it('recommends from a taste profile: a one-film profile equals picking that film; weights move the results', async () => {
    const [a, b] = movies;
    const watchlist = await services.api['lists.create']({ kind: 'watchlist', name: 'Just A' });
    await expect(services.api['taste.fromList']({ listId: watchlist.id })).rejects.toThrow(/is empty/);
    await services.api['lists.add']({ listId: watchlist.id, itemIds: [a!.id] });
    const profile = await services.api['taste.fromList']({ listId: watchlist.id });
    expect(profile).toMatchObject({ name: 'Just A', kind: 'movie', items: 1, source: 'watchlist "Just A"' });
    const viaTaste = await services.api['recommend.query']({ picks: [], taste: profile.id, target: 'movie', k: 10 });
    const viaPick = await services.api['recommend.query']({ picks: [{ kind: 'movie', id: a!.id }], target: 'movie', k: 10 });
    expect(viaTaste.results.map((result) => result.itemId)).toEqual(viaPick.results.map((result) => result.itemId));
    expect(viaTaste.picks.map((pick) => pick.id)).toEqual([a!.id]);

    const store = (weights: [number, number]) =>
      services.api['taste.import']({
        file: {
          path: tempFile(
            'ratings.csv',
            [
              'Date,Name,Year,Letterboxd URI,Rating',
              `2024-01-01,${csvCell(a!.title)},${a!.release_year},x,${weights[0]}`,
              `2024-01-01,${csvCell(b!.title)},${b!.release_year},y,${weights[1]}`,
            ].join('\n'),
          ),
        },
      });
    const towardsA = (await store([5, 3])).profiles.find((p) => p.name === 'Letterboxd: films I rated')!;
    const resultsA = await services.api['recommend.query']({ picks: [], taste: towardsA.id, target: 'movie', k: 20 });
    const towardsB = (await store([3, 5])).profiles.find((p) => p.name === 'Letterboxd: films I rated')!;
    const resultsB = await services.api['recommend.query']({ picks: [], taste: towardsB.id, target: 'movie', k: 20 });
    expect(resultsA.results.map((result) => result.itemId)).not.toEqual(resultsB.results.map((result) => result.itemId));
    // The rated films themselves are not recommended back.
    expect(resultsA.results.map((result) => result.itemId)).not.toContain(a!.id);
    await expect(services.api['recommend.query']({ picks: [], taste: 999, target: 'movie' })).rejects.toThrow(/no taste profile #999/);
  });

  it('undoes an import through the services, announces the change, and refuses a second undo', async () => {
    const events: EventMessage[] = [];
    const stop = services.onEvent((message) => events.push(message));
    const file = writeSpotifyTracksCsv(path.join(tempDir(), 'more-songs.csv'), { rows: 30, seed: 99 }).file;
    const job = await services.api['imports.start']({ file: { path: file } });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status, done.error ?? '').toBe('completed');
    const runId = (done.result as { runId: number }).runId;
    const before = (await services.api['catalog.stats']({})).songs;
    const plan = await services.api['imports.undoPlan']({ runId });
    expect(plan.refusal).toBeNull();
    expect(plan.summary).toMatch(/^Removes \d+ songs? this import added/);
    const undone = await services.api['imports.undo']({ runId });
    expect((await services.api['catalog.stats']({})).songs).toBe(before - undone.remove);
    expect((await services.api['imports.runs']({ limit: 1 }))[0]).toMatchObject({ id: runId, undoneAt: expect.any(String) });
    expect(events).toContainEqual({ event: 'catalog.changed', payload: { reason: `Import #${runId} was undone.` } });
    await expect(services.api['imports.undo']({ runId })).rejects.toThrow(/already undone/);
    stop();
  }, 60_000);

  it('scans a music folder as a job, says which songs are on this computer, and keeps only those with onlyLocal', async () => {
    // RIFF INFO tags have no declared encoding (music-metadata reads them as Latin-1), so the generated WAV files use plain-ASCII titles.
    const db = new Database(services.databasePath, { readonly: true });
    const songs = db
      .prepare(`SELECT id, title, artists, duration_ms AS durationMs FROM songs WHERE title NOT GLOB '*[^A-Za-z ]*' ORDER BY id LIMIT 3`)
      .all() as { id: number; title: string; artists: string; durationMs: number }[];
    db.close();
    const music = path.join(tempDir(), 'Music');
    songs.forEach((song, index) =>
      writeWav(path.join(music, `${index}.wav`), { title: song.title, artist: song.artists.split(', ')[0]!, album: 'x' }, song.durationMs / 1000),
    );
    tempFile('cover.mp3', 'not audio', music);
    const job = await services.api['music.scanFolder']({ folder: music });
    expect(job).toMatchObject({ kind: 'scan-music', label: 'Scan music in Music' });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status, done.error ?? '').toBe('completed');
    expect(done.result).toMatchObject({ files: 4, matched: 3, unreadable: 1 });
    expect(await services.api['music.status']({})).toEqual({
      folders: [{ path: music, scannedAt: expect.any(String), files: 4, matched: 3, unreadable: 1 }],
      localSongs: 3,
    });
    expect((await services.api['music.localSongs']({ songIds: [songs[0]!.id, 9999] })).songIds).toEqual([songs[0]!.id]);

    const local = await services.api['recommend.query']({ picks: [{ kind: 'movie', id: movies[0]!.id }], target: 'song', k: 10, filters: { onlyLocal: true } });
    expect(local.allowed).toBe(3);
    expect(local.results.map((result) => result.itemId).sort((a, b) => a - b)).toEqual(songs.map((song) => song.id).sort((a, b) => a - b));
    await expect(services.api['music.scanFolder']({ folder: path.join(music, 'nope') })).rejects.toThrow(/is not a folder/);
  }, 60_000);
});
