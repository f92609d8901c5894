import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract';
import type { Services } from '../../src/services';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../support/generate-fixtures';
import { tempDir } from '../support/temp';
import { testServices, waitFor } from './fixtures';

let services: Services | null = null;
afterAll(() => services?.close());

const builds = (services: Services) => (listener: (job: Job) => void) => {
  const forward = (job: Job) => job.kind === 'build-vibe' && listener(job);
  services.events.on('job.updated', forward);
  return () => services.events.off('job.updated', forward);
};

describe('the vibe space keeps itself up to date', () => {
  it('builds after the first import, adds new items after the next one, and answers from the previous build meanwhile', async () => {
    services = testServices({ autoRefreshVibe: true });
    const dir = tempDir();
    const firstBuild = waitFor(builds(services), (job) => job.status === 'completed' || job.status === 'failed', 120_000);
    const songs = await services.api['imports.start']({ file: { path: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 200 }).file } });
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
    expect(added.label).toBe('Add new items to the vibe space');
    // Its card keeps its last progress: the items it encoded and the whole job's time, not the snapshot step's.
    const result = added.kind === 'build-vibe' ? added.result : null;
    expect(result?.encoded).toBeGreaterThan(0);
    expect(added.progress).toMatchObject({ phase: 'Done', done: result?.encoded, unit: 'items' });
    expect(added.progress!.elapsedSeconds).toBeGreaterThanOrEqual(Number(result?.['elapsedSeconds']));
    expect((await services.api['vibe.status']({})).stale).toBe(false);
    expect(services.jobs.list().filter((job) => job.kind === 'build-vibe')).toHaveLength(2);
  }, 240_000);
});
