import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/services';
import { writeTmdbV11Csv } from '../support/generate-fixtures';
import { tempDir } from '../support/temp';
import { testServices, writeSongsCsv } from './fixtures';

let services: Services | null = null;
afterAll(() => services?.close());

describe('jobs side by side', () => {
  it('two imports started together both complete: writers take turns instead of failing with "database is locked"', async () => {
    services = testServices({ workerThreads: 2 });
    const songs = writeSongsCsv(20_000);
    const movies = writeTmdbV11Csv(path.join(tempDir(), 'movies.csv'), { rows: 5_000, seed: 3 }).file;
    const jobs = await Promise.all([services.api['imports.start']({ file: { path: songs } }), services.api['imports.start']({ file: { path: movies } })]);
    const finished = await Promise.all(jobs.map((job) => services!.jobs.whenFinished(job.id)));
    expect(finished.map((job) => [job.status, job.error])).toEqual([
      ['completed', null],
      ['completed', null],
    ]);
    const stats = await services.api['catalog.stats']({});
    expect([stats.songs, stats.movies]).toEqual([20_000, 5_000]);
  }, 120_000);
});
