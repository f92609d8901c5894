import { expect, it } from 'vitest';
import { SONG_SEARCH_PAGE } from '../../src/shared/contract';
import { call, openDiscover, pickAnySong, pickSong, resultTitles } from './support/discover';
import { describeInBrowserMode } from './support/harness';

const percentSum = async (page: import('playwright-core').Page) =>
  (await page.locator('.weight__value').allInnerTexts()).reduce((sum, text) => sum + Number.parseInt(text, 10), 0);

describeInBrowserMode('browser mode: Discover', (app) => {
  it('explains the empty catalog, with a hint instead of zero weights', async () => {
    const session = await app.open();
    const { page } = session;
    await page.getByRole('button', { name: 'Discover' }).click();
    await page.getByText('The catalog is empty: import songs or movies first.').first().waitFor();
    expect(await page.getByRole('button', { name: 'Build the vibe space' }).isDisabled()).toBe(true);
    await page.getByText('The weights appear once the vibe space is built', { exact: false }).waitFor();
    expect(await page.locator('.slider').count()).toBe(0);
    await session.screenshot('empty-catalog');
    expect(session.problems()).toEqual([]);
  });

  it('songs to movies: match percentages, "Why?" to scale, weights as shares with a reset, variety said out loud', async () => {
    const session = await openDiscover(app, { real: true });
    const { page } = session;

    const [first, second] = await call(session, 'catalog.searchSongs', { text: 'love', limit: 2 });
    await pickSong(page, first!);
    await pickSong(page, second!);
    await expect.poll(() => page.locator('.picks .chip--song').count()).toBe(2);
    await page.locator('.results .result').first().waitFor();
    expect(await page.locator('.based-on .chip').count()).toBe(2);
    expect(await page.locator('.results .result').count()).toBeGreaterThanOrEqual(10);
    const match = page.locator('.results .result').first().locator('.match');
    expect(await match.innerText()).toMatch(/^\d{1,3}%$/);
    expect(await match.getAttribute('title')).toMatch(/share of a perfect match/);

    // "Why?": each block's share of the score, bars on one scale.
    await page.locator('.results .result').first().getByRole('button', { name: 'Why?' }).click();
    const why = page.locator('.why-panel').first();
    await why.getByText(/What the \d+% is made of/).waitFor();
    expect(await why.locator('.bar__value').first().innerText()).toMatch(/^−?\d+%/);
    await session.screenshot('why');

    // Weights are shares: they sum to 100 and move together; reset puts them back.
    expect(await percentSum(page)).toBe(100);
    const before = await resultTitles(page);
    const genre = page.getByRole('slider', { name: 'Genres & tags' });
    await genre.focus();
    await genre.press('Home');
    await expect.poll(() => page.locator('.weight__value').nth(1).innerText()).toBe('0%');
    expect(await percentSum(page)).toBe(100);
    await expect.poll(() => resultTitles(page), { timeout: 30_000 }).not.toEqual(before);
    await session.screenshot('genre-at-zero');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => resultTitles(page), { timeout: 30_000 }).toEqual(before);

    // More diverse results say they re-ranked.
    await page.getByLabel(/More diverse results/).check();
    await page.getByText(/Re-ranked for variety/).waitFor();
    await page.getByLabel(/More diverse results/).uncheck();

    // The votes field has a usable size; a filter nothing passes gives a clear empty state.
    const votes = page.getByLabel('Minimum votes');
    const size = (await votes.boundingBox())!;
    expect(size.width).toBeGreaterThanOrEqual(80);
    expect(size.height).toBeGreaterThanOrEqual(30);
    await votes.fill('999999999');
    await page.getByText('No movies pass these filters.', { exact: false }).waitFor();
    await votes.fill('');
    await page.locator('.results .result').first().waitFor();
    expect(session.problems()).toEqual([]);
  });

  it('song search asks a first page per keystroke and more as the list is walked, rows keeping their places', async () => {
    const session = await openDiscover(app);
    const { page } = session;
    // A text with several pages of matches in this catalog.
    let text = '';
    for (const candidate of ['love', 'heart', 'night', 'the', 'a']) {
      if ((await call(session, 'catalog.searchSongs', { text: candidate, limit: SONG_SEARCH_PAGE * 3 })).length > SONG_SEARCH_PAGE * 2) {
        text = candidate;
        break;
      }
    }
    expect(text).not.toBe('');
    const limits: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/catalog.searchSongs')) limits.push((JSON.parse(request.postData() ?? '{}') as { limit?: number }).limit ?? -1);
    });
    const input = page.getByLabel('Search songs');
    await input.fill(text);
    await page.locator('#song-results [role="option"]').first().waitFor();
    expect(limits).toEqual([SONG_SEARCH_PAGE]);
    // Walk down to near the end of the first page: the next one is asked for, and the row under the
    // cursor stays the same song (rows already shown keep their places).
    for (let step = 0; step < SONG_SEARCH_PAGE - 5; step++) await input.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    await expect.poll(() => limits).toEqual([SONG_SEARCH_PAGE, SONG_SEARCH_PAGE * 2]);
    // The list grew (52 px a row), and the cursor is still on the same song.
    await expect.poll(() => page.locator('#song-results').evaluate((list) => list.getBoundingClientRect().height)).toBeGreaterThan(SONG_SEARCH_PAGE * 52);
    expect(await input.getAttribute('aria-activedescendant')).toBe(active);
    // Past the first page.
    for (let step = 0; step < 10; step++) await input.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).not.toBe(active);
    expect(session.problems()).toEqual([]);
  });

  it('"More like this" moves to an announced header with a way back; picks survive a reload', async () => {
    const session = await openDiscover(app);
    const { page } = session;
    await pickAnySong(session);
    await page.locator('.results .result').first().waitFor();

    const third = page.locator('.results .result').nth(2);
    const title = (await third.locator('.result__title').innerText()).replace(/^\d+\.\s*/, '');
    await third.getByRole('button', { name: 'More like this' }).click();
    const header = page.locator('.similar-header');
    await header.waitFor();
    expect(await header.innerText()).toContain(`More like ${title}`);
    expect(await header.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('similar-header') ?? false)).toBe(true);
    await session.screenshot('more-like-this');
    await header.getByRole('button', { name: 'Back to your picks' }).click();
    await page.locator('.based-on').waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Discover' }).click();
    await expect.poll(() => page.locator('.picks .chip--song').count()).toBe(1);
    await page.locator('.results .result').first().waitFor();
    expect(session.problems()).toEqual([]);
  });

  it('posters to songs: song rows with artists, year and length, and a Spotify link', async () => {
    const session = await openDiscover(app);
    const { page } = session;
    const tiles = page.locator('.poster-tile');
    await tiles.nth(0).click();
    await tiles.nth(1).press('Enter');
    await expect.poll(() => page.locator('.picks .chip--movie').count()).toBe(2);
    await page.getByRole('heading', { name: 'Songs for your picks' }).waitFor();
    const row = page.locator('.result-rows .result--song').first();
    await row.waitFor();
    expect(await row.locator('.result__detail').innerText()).toMatch(/\d:\d\d/);
    expect(await row.getByRole('button', { name: 'Listen on Spotify' }).isVisible()).toBe(true);
    await session.screenshot('posters-to-songs');
    expect(session.problems()).toEqual([]);
  });
});
