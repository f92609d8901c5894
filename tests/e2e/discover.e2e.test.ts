import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Method, MethodInput, MethodOutput } from '../../src/shared/contract';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../support/generate-fixtures';
import { tempDir } from '../support/temp';
import { findChromium, missingChromiumMessage } from './support/chromium';
import { ACTION_TIMEOUT_MS, useBrowserMode, type AppSession } from './support/harness';
import { sharedData } from './support/paths';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(missingChromiumMessage());

/** Calls the bridge the way the page does (POST /api/<method> with the run's token). */
async function call<M extends Method>(session: AppSession, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const response = await fetch(`${session.server.baseUrl}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.server.token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value?: MethodOutput<M>; error?: string };
  if (!body.ok) throw new Error(`${method}: ${body.error}`);
  return body.value!;
}

/** Songs and movies (the shared 10K Spotify sample and MovieLens with posters, or generated files), imported by path. */
async function seedCatalog(session: AppSession): Promise<void> {
  const work = tempDir('crossfade-e2e-discover-');
  const songs = sharedData('spotify-tracks-maharshipandya/dataset_sample_10k_random.csv') ?? writeSpotifyTracksCsv(path.join(work, 'songs.csv'), { rows: 1_500, seed: 21 }).file;
  const movies = sharedData('movielens-ml-latest-small/movies.csv') ?? writeTmdbV11Csv(path.join(work, 'movies.csv'), { rows: 1_000, seed: 22 }).file;
  const allDone = async () => {
    await expect.poll(async () => (await call(session, 'jobs.list', {})).some((job) => ['queued', 'running', 'paused'].includes(job.status)), { timeout: 240_000, interval: 500 }).toBe(false);
    const jobs = await call(session, 'jobs.list', {});
    expect(jobs.filter((job) => job.status !== 'completed').map((job) => `${job.label}: ${job.status} ${job.error ?? ''}`)).toEqual([]);
  };
  // One import at a time, as a user would start them.
  for (const file of [songs, movies]) {
    await call(session, 'imports.start', { file: { path: file } });
    await allDone();
  }
  // Posters link to movies already in the catalog, so they come after the imports.
  const posters = sharedData('posters-kaggle-movie-genre-from-poster/posters');
  if (posters) {
    await call(session, 'posters.scanFolder', { folder: posters, numericIds: 'imdb' });
    await allDone();
  }
}

const resultTitles = (page: Page) => page.locator('.result-card .result-card__title').allInnerTexts();

async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [file] = (await Promise.all([page.waitForEvent('download'), button.click()])) as [Download, void];
  const target = path.join(tempDir('crossfade-e2e-downloads-'), file.suggestedFilename());
  await file.saveAs(target);
  return { name: file.suggestedFilename(), text: fs.readFileSync(target, 'utf8') };
}

describe.skipIf(!chromiumPath)('browser mode: discover, lists and exports', () => {
  const app = useBrowserMode(chromiumPath ?? '');

  it('explains the empty states: an empty catalog, then no results under the filters', async () => {
    const session = await app.open();
    const { page } = session;
    await page.getByRole('button', { name: 'Discover' }).click();
    await page.getByText('The catalog is empty: import songs or movies first.').waitFor();
    expect(await page.getByRole('button', { name: 'Build the vibe space' }).isDisabled()).toBe(true);
    await page.getByText('Build the vibe space above to get recommendations.').waitFor();
    await session.screenshot('empty-catalog');
    expect(session.problems()).toEqual([]);
  });

  it('songs to movies with reasons, a slider that reorders, posters to a playlist, lists and every export', async () => {
    const session = await app.open();
    const { page } = session;
    await seedCatalog(session);
    await page.reload();
    await page.getByRole('button', { name: 'Discover' }).click();

    // Build the vibe space from the UI and watch the job finish.
    await page.getByRole('button', { name: 'Build the vibe space' }).click();
    await page.getByText(/songs and [\d,]+ movies in one space/).waitFor({ timeout: 240_000 });

    // Search two songs and pick them: movie results with reasons appear.
    const [first, second] = await call(session, 'catalog.searchSongs', { text: 'love', limit: 2 });
    for (const song of [first!, second!]) {
      await page.getByLabel('Search songs').fill(song.title);
      await page.locator(`#song-hit-${song.id}`).click();
    }
    await expect.poll(() => page.locator('.chip--song').count()).toBe(2);
    await page.locator('.result-card').first().waitFor();
    expect(await page.getByRole('heading', { name: 'Movies that feel the same' }).isVisible()).toBe(true);
    expect(await page.locator('.result-card').count()).toBeGreaterThanOrEqual(10);
    expect((await page.locator('.result-card').first().locator('.reason-chip').allInnerTexts()).length).toBeGreaterThan(0);
    await page.locator('.vibe-map').waitFor();
    if (sharedData('posters-kaggle-movie-genre-from-poster/posters')) {
      // Posters come over the token header and show as blob: images: no credential in any address.
      const poster = page.locator('.result-card img.poster-image').first();
      await poster.waitFor();
      await expect
        .poll(() => poster.evaluate((image: HTMLImageElement) => `${image.src.slice(0, 5)} ${image.complete && image.naturalWidth > 0}`), { timeout: ACTION_TIMEOUT_MS })
        .toBe('blob: true');
    }
    await session.screenshot('songs-to-movies');

    // "Why?" shows each block's share; moving the genre slider to zero changes the order.
    await page.locator('.result-card').first().getByRole('button', { name: 'Why?' }).click();
    await page.locator('.why-panel').first().getByText('Mood axes').waitFor();
    const before = await resultTitles(page);
    const genre = page.getByRole('slider', { name: 'Genre' });
    await genre.focus();
    await genre.press('Home');
    await expect.poll(() => resultTitles(page), { timeout: 30_000 }).not.toEqual(before);
    await session.screenshot('genre-slider-at-zero');

    // A filter nothing passes gives a clear empty state.
    await page.getByLabel('Minimum votes').fill('999999999');
    await page.getByText('No movies pass these filters.', { exact: false }).waitFor();
    await session.screenshot('no-results-under-filters');
    await page.getByLabel('Minimum votes').fill('');
    await page.locator('.result-card').first().waitFor();

    // Keep a movie: a new watchlist from a result.
    const movieCard = page.locator('.result-card').first();
    const movieTitle = (await movieCard.locator('.result-card__title').innerText()).replace(/^\d+\.\s*/, '').replace(/\s*\(\d{4}\)$/, '');
    await movieCard.getByRole('combobox', { name: /to a watchlist/ }).selectOption('new');
    await page.getByLabel('Name of the new watchlist').fill('Film night');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(async () => (await call(session, 'lists.all', {})).find((list) => list.name === 'Film night')?.items ?? 0).toBe(1);

    // Posters to songs: clear the songs, pick two posters, recommend songs.
    await page.getByRole('button', { name: 'Clear' }).click();
    const tiles = page.locator('.poster-tile');
    await tiles.nth(0).click();
    await tiles.nth(1).press('Enter');
    await expect.poll(() => page.locator('.chip--movie').count()).toBe(2);
    await page.getByRole('button', { name: 'Recommend songs' }).click();
    await page.getByRole('heading', { name: 'Songs that feel the same' }).waitFor();
    await page.locator('.result-card--song').first().waitFor();
    expect(await page.locator('.result-card--song').first().getByRole('button', { name: 'Listen on Spotify' }).isVisible()).toBe(true);
    await session.screenshot('posters-to-songs');

    // Save two songs into a new playlist.
    const songCards = page.locator('.result-card--song');
    await songCards.nth(0).getByRole('combobox', { name: /to a playlist/ }).selectOption('new');
    await page.getByLabel('Name of the new playlist').fill('Poster mix');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(async () => (await call(session, 'lists.all', {})).find((list) => list.name === 'Poster mix')?.items ?? 0).toBe(1);
    const playlistId = (await call(session, 'lists.all', {})).find((list) => list.name === 'Poster mix')!.id;
    await songCards.nth(1).getByRole('combobox', { name: /to a playlist/ }).selectOption(String(playlistId));
    await expect.poll(async () => (await call(session, 'lists.get', { listId: playlistId })).entries.length).toBe(2);

    // Lists: the playlist with its two songs, and every export format.
    await page.getByRole('button', { name: 'Lists' }).click();
    await page.getByRole('button', { name: /Poster mix/ }).click();
    await expect.poll(() => page.locator('.list-item').count()).toBe(2);
    await session.screenshot('playlist');
    const exports = page.getByLabel('Export');
    const m3u8 = await download(page, exports.getByRole('button', { name: 'M3U8' }));
    expect(m3u8.name).toBe('Poster mix.m3u8');
    const lines = m3u8.text.trimEnd().split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines.filter((line) => line.startsWith('#EXTINF:'))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('https://open.spotify.com/'))).toHaveLength(2);
    const xspf = await download(page, exports.getByRole('button', { name: 'XSPF' }));
    expect(XMLValidator.validate(xspf.text)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xspf.text) as { playlist: { '@_xmlns': string; trackList: { track: unknown[] } } };
    expect(parsed.playlist['@_xmlns']).toBe('http://xspf.org/ns/0/');
    expect(parsed.playlist.trackList.track).toHaveLength(2);
    const csv = parse((await download(page, exports.getByRole('button', { name: 'CSV' }))).text) as string[][];
    expect(csv[0]).toEqual(['Title', 'Artist', 'Album', 'Spotify URI']);
    expect(csv).toHaveLength(3);
    const json = JSON.parse((await download(page, exports.getByRole('button', { name: 'JSON' }))).text) as { name: string; kind: string; items: unknown[] };
    expect(json).toMatchObject({ name: 'Poster mix', kind: 'playlist' });
    expect(json.items).toHaveLength(2);

    // Reorder and remove in the playlist.
    const firstTitle = await page.locator('.list-item__title').first().innerText();
    await page.getByRole('button', { name: `Move ${firstTitle} down` }).click();
    await expect.poll(() => page.locator('.list-item__title').nth(1).innerText()).toBe(firstTitle);

    // The watchlist exports to Letterboxd's import columns.
    await page.getByRole('button', { name: /Film night/ }).click();
    const letterboxd = parse((await download(page, page.getByLabel('Export').getByRole('button', { name: 'Letterboxd CSV' }))).text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(letterboxd[0]!)).toEqual(['Title', 'Year', 'tmdbID', 'imdbID']);
    expect(letterboxd[0]!.Title).toBe(movieTitle);
    await session.screenshot('watchlist');
    expect(session.problems()).toEqual([]);
  }, 12 * 60_000);
});
