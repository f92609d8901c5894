import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Method, MethodInput, MethodOutput } from '../../../src/shared/contract';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../support/generate-fixtures';
import { tempDir } from '../../support/temp';
import type { AppSession, BrowserModeHarness } from './harness';
import { sharedData } from './paths';

/** Calls the bridge the way the page does (POST /api/<method> with the run's token). */
export async function call<M extends Method>(session: AppSession, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const response = await fetch(`${session.server.baseUrl}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.server.token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value?: MethodOutput<M>; error?: string };
  if (!body.ok) throw new Error(`${method}: ${body.error}`);
  return body.value!;
}

async function allJobsDone(session: AppSession): Promise<void> {
  await expect
    .poll(async () => (await call(session, 'jobs.list', {})).some((job) => ['queued', 'running', 'paused'].includes(job.status)), {
      timeout: 300_000,
      interval: 500,
    })
    .toBe(false);
  const jobs = await call(session, 'jobs.list', {});
  expect(jobs.filter((job) => job.status !== 'completed').map((job) => `${job.label}: ${job.status} ${job.error ?? ''}`)).toEqual([]);
}

/**
 * Songs and movies imported by path (the shared 10K Spotify sample and MovieLens with posters when
 * `real`, else small generated files), then waits for the vibe space, which builds on its own.
 */
export async function seedCatalog(session: AppSession, { real = false } = {}): Promise<void> {
  const work = tempDir('crossfade-e2e-discover-');
  const songs =
    (real && sharedData('spotify-tracks-maharshipandya/dataset_sample_10k_random.csv')) ||
    writeSpotifyTracksCsv(path.join(work, 'songs.csv'), { rows: 1_200, seed: 21 }).file;
  const movies = (real && sharedData('movielens-ml-latest-small/movies.csv')) || writeTmdbV11Csv(path.join(work, 'movies.csv'), { rows: 800, seed: 22 }).file;
  for (const file of [songs, movies]) {
    await call(session, 'imports.start', { file: { path: file } });
    await allJobsDone(session);
  }
  const posters = real ? sharedData('posters-kaggle-movie-genre-from-poster/posters') : null;
  if (posters) {
    await call(session, 'posters.scanFolder', { folder: posters, numericIds: 'imdb' });
    await allJobsDone(session);
  }
  await expect
    .poll(async () => (await call(session, 'vibe.status', {})).built && !(await call(session, 'vibe.status', {})).stale, { timeout: 300_000, interval: 1000 })
    .toBe(true);
  await allJobsDone(session);
}

/** A fresh session whose catalog is seeded (see seedCatalog), reloaded and on the Discover screen. */
export async function openDiscover(app: BrowserModeHarness, options: { real?: boolean } = {}): Promise<AppSession> {
  const session = await app.open();
  await seedCatalog(session, options);
  await session.page.reload();
  await session.page.getByRole('button', { name: 'Discover' }).click();
  return session;
}

/** Picks the first song the catalog's search finds for "a", the way a user does. */
export async function pickAnySong(session: AppSession): Promise<void> {
  const [song] = await call(session, 'catalog.searchSongs', { text: 'a', limit: 1 });
  await pickSong(session.page, song!);
}

/** Picks a song through the search box, the way a user does. */
export async function pickSong(page: Page, song: { id: number; title: string }): Promise<void> {
  await page.getByLabel('Search songs').fill(song.title);
  await page.locator(`#song-hit-${song.id}`).click();
}

export const resultTitles = (page: Page) => page.locator('.results .result .result__title').allInnerTexts();
