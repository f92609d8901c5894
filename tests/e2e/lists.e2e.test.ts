import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Download, Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { tempDir } from '../support/temp';
import { call, openDiscover, pickAnySong } from './support/discover';
import { describeInBrowserMode } from './support/harness';

async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [file] = (await Promise.all([page.waitForEvent('download'), button.click()])) as [Download, void];
  const target = path.join(tempDir('crossfade-e2e-downloads-'), file.suggestedFilename());
  await file.saveAs(target);
  return { name: file.suggestedFilename(), text: fs.readFileSync(target, 'utf8') };
}

describeInBrowserMode('browser mode: lists', (app) => {
  it('adding says so with Undo, a second add says it is already there; exports; deleting offers Undo', async () => {
    const session = await openDiscover(app);
    const { page } = session;
    await pickAnySong(session);
    await page.getByRole('group', { name: 'Recommend' }).getByRole('button', { name: 'Songs' }).click();
    const rows = page.locator('.result-rows .result--song');
    await rows.first().waitFor();
    // Results may be re-ranked while the test runs (the vibe space refreshes itself in the background):
    // find each song's "add" menu by its name, not by its position.
    const addMenuLabels = await Promise.all(
      [0, 1].map((index) =>
        rows
          .nth(index)
          .getByRole('combobox', { name: /to a playlist/ })
          .getAttribute('aria-label'),
      ),
    );
    const addMenu = (index: 0 | 1) => page.getByRole('combobox', { name: addMenuLabels[index]!, exact: true }).first();

    // A new playlist from a result: "Added “…” to Night drive · Undo".
    await addMenu(0).selectOption('new');
    await page.getByLabel('Name of the new playlist').fill('Night drive');
    await page.getByRole('button', { name: 'Create' }).click();
    const toast = page.locator('.toast').last();
    await expect.poll(() => toast.innerText()).toMatch(/Added “.+” to Night drive\s*Undo/);
    await session.screenshot('added-toast');
    const playlist = (await call(session, 'lists.all', {})).find((list) => list.name === 'Night drive')!;

    // The same song again: it is already there.
    await addMenu(0).selectOption(String(playlist.id));
    await expect.poll(() => page.locator('.toast').last().innerText()).toMatch(/already in Night drive/);

    // Another song, then Undo: the list holds one song again.
    await addMenu(1).selectOption(String(playlist.id));
    await expect.poll(async () => (await call(session, 'lists.get', { listId: playlist.id })).entries.length).toBe(2);
    // Its own toast, naming it (the list is saved before the toast shows): the first song's "Added" toast is still there too.
    const addedToasts = page.locator('.toast', { hasText: /Added “.+” to Night drive/ });
    await expect.poll(() => addedToasts.count()).toBe(2);
    const secondTitle = addMenuLabels[1]!.replace(/^Add (.+) to a playlist$/, '$1');
    await page
      .locator('.toast', { hasText: `Added “${secondTitle}” to Night drive` })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(async () => (await call(session, 'lists.get', { listId: playlist.id })).entries.length).toBe(1);
    await addMenu(1).selectOption(String(playlist.id));
    await expect.poll(async () => (await call(session, 'lists.get', { listId: playlist.id })).entries.length).toBe(2);

    // Lists: every export format; Delete is not among the export buttons.
    await page.getByRole('button', { name: 'Lists' }).click();
    await page.getByRole('button', { name: /Night drive/ }).click();
    await expect.poll(() => page.locator('.list-item').count()).toBe(2);
    const exports = page.getByRole('group', { name: 'Export' });
    expect(await exports.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    const m3u8 = await download(page, exports.getByRole('button', { name: 'M3U8' }));
    expect(m3u8.name).toBe('Night drive.m3u8');
    expect(m3u8.text.split('\n')[0]).toBe('#EXTM3U');
    const xspf = await download(page, exports.getByRole('button', { name: 'XSPF' }));
    expect(XMLValidator.validate(xspf.text)).toBe(true);
    expect((new XMLParser().parse(xspf.text) as { playlist: { trackList: { track: unknown[] } } }).playlist.trackList.track).toHaveLength(2);
    const csv = parse((await download(page, exports.getByRole('button', { name: 'CSV' }))).text) as string[][];
    expect(csv[0]).toEqual(['Title', 'Artist', 'Album', 'Spotify URI']);
    expect(csv).toHaveLength(3);

    // Reorder.
    const firstTitle = await page.locator('.list-item__title').first().innerText();
    await page.getByRole('button', { name: `Move ${firstTitle} down` }).click();
    await expect.poll(() => page.locator('.list-item__title').nth(1).innerText()).toBe(firstTitle);
    const order = await page.locator('.list-item__title').allInnerTexts();

    // Delete, then Undo: the same list with the same songs in the same order; the screen keeps its layout.
    const listsCard = (await page.locator('.lists-grid > .card').first().boundingBox())!;
    await page.getByRole('button', { name: 'Delete list' }).click();
    await page.locator('.toast', { hasText: 'Deleted Night drive' }).waitFor();
    await page.getByText('Choose a list', { exact: false }).or(page.getByText('Your playlists and watchlists appear here.')).waitFor();
    expect((await page.locator('.lists-grid > .card').first().boundingBox())!.x).toBe(listsCard.x);
    await session.screenshot('deleted-with-undo');
    await page.locator('.toast', { hasText: 'Deleted Night drive' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.list-item__title').allInnerTexts()).toEqual(order);
    expect(session.problems()).toEqual([]);
  });
});
