import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract';
import type { Services } from '../../src/services';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../support/generate-fixtures';
import { tempDir, tempFile } from '../support/temp';
import { testServices, waitFor } from './fixtures';

let services: Services | null = null;
afterAll(() => services?.close());

const builds = (services: Services) => (listener: (job: Job) => void) => {
  const forward = (job: Job) => job.kind === 'build-vibe' && listener(job);
  services.events.on('job.updated', forward);
  return () => services.events.off('job.updated', forward);
};

/** The first test's songs file (temp folders go after each test). */
let firstSongs = '';

describe('the vibe space keeps itself up to date', () => {
  it('builds after the first import, adds new items after the next one (answering from the previous build meanwhile), encodes just what a file imported again changed, and rebuilds after an undo', async () => {
    services = testServices({ autoRefreshVibe: true });
    const dir = tempDir();
    const firstBuild = waitFor(builds(services), (job) => job.status === 'completed' || job.status === 'failed', 120_000);
    const songsFile = writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 200 }).file;
    firstSongs = fs.readFileSync(songsFile, 'utf8');
    const songs = await services.api['imports.start']({ file: { path: songsFile } });
    expect((await services.jobs.whenFinished(songs.id)).status).toBe('completed');
    const movies = await services.api['imports.start']({ file: { path: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 100 }).file } });
    expect((await services.jobs.whenFinished(movies.id)).status).toBe('completed');
    const built = await firstBuild;
    expect([built.label, built.status, built.error]).toEqual(['Build the vibe space', 'completed', null]);
    const stats = await services.api['catalog.stats']({});
    expect(await services.api['vibe.status']({})).toMatchObject({ built: true, stale: false, songs: stats.songs, movies: stats.movies });

    const secondBuild = waitFor(builds(services), (job) => job.status === 'completed', 120_000);
    const more = await services.api['imports.start']({ file: { path: writeTmdbV11Csv(path.join(dir, 'more-movies.csv'), { rows: 150, seed: 99 }).file } });
    expect((await services.jobs.whenFinished(more.id)).status).toBe('completed');
    // The previous build still answers while the new one is on its way.
    const during = await services.api['recommend.query']({ picks: [{ kind: 'song', id: 1 }], target: 'song', k: 3 });
    expect(during.results).toHaveLength(3);
    const added = await secondBuild;
    expect(added.label).toBe('Add imported items to the vibe space');
    // Its card keeps its last progress: the items it encoded and the whole job's time, not the snapshot step's.
    const result = added.kind === 'build-vibe' ? added.result : null;
    expect(result?.encoded).toBeGreaterThan(0);
    expect(added.progress).toMatchObject({ phase: 'Done', done: result?.encoded, unit: 'items' });
    expect(added.progress!.elapsedSeconds).toBeGreaterThanOrEqual(Number(result?.['elapsedSeconds']));
    expect((await services.api['vibe.status']({})).stale).toBe(false);
    expect(services.jobs.list().filter((job) => job.kind === 'build-vibe')).toHaveLength(2);

    // The same services (their data folder goes with this test).
    await encodesMergedSongsThenRebuildsAfterUndo(services);
  }, 360_000);
});

/** A file imported again encodes just the songs it changed; undoing that import rebuilds. */
async function encodesMergedSongsThenRebuildsAfterUndo(running: Services): Promise<void> {
  const buildCount = () => running.jobs.list().filter((job) => job.kind === 'build-vibe').length;
  // The first file with one track's energy changed (on each of its rows).
  const lines = firstSongs.trimEnd().split('\n');
  const energy = lines[0]!.split(',').indexOf('energy');
  const changedTrack = lines[1]!.split(',')[1]!;
  const updated = lines.map((line) => {
    const fields = line.split(',');
    if (fields[1] === changedTrack) fields[energy] = String(1 - Number(fields[energy]));
    return fields.join(',');
  });
  const mergeBuild = waitFor(builds(running), (job) => job.status === 'completed', 120_000);
  const again = await running.api['imports.start']({ file: { path: tempFile('songs-updated.csv', updated.join('\n') + '\n') } });
  const imported = await running.jobs.whenFinished(again.id);
  expect(imported.kind === 'import' && imported.result?.counters).toMatchObject({ itemsAdded: 0, itemsMerged: expect.any(Number) });
  const merged = await mergeBuild;
  expect(merged.label).toBe('Add imported items to the vibe space');
  expect(merged.kind === 'build-vibe' && merged.result).toMatchObject({ mode: 'incremental', encoded: 1 });
  expect((await running.api['vibe.status']({})).stale).toBe(false);
  // Once current, no further build starts (the refresh looks again after each build).
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(buildCount()).toBe(3);

  // Undoing it puts the song's old values back: only a full build knows which songs it restored.
  const rebuilt = waitFor(builds(running), (job) => job.status === 'completed', 120_000);
  const runId = imported.kind === 'import' ? imported.result!.runId : -1;
  expect((await running.api['imports.undo']({ runId })).restore).toBeGreaterThan(0);
  expect((await running.api['vibe.status']({})).staleReasons).toContain(
    'An import was undone since the last build: the items it added are gone, those it changed are back as they were.',
  );
  const full = await rebuilt;
  expect(full.label).toBe('Build the vibe space');
  expect((await running.api['vibe.status']({})).stale).toBe(false);
}
