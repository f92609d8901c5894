import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statValue } from './support/app';
import { findChromium, missingChromiumMessage } from './support/chromium';
import { ACTION_TIMEOUT_MS, useBrowserMode } from './support/harness';
import { REPO_ROOT } from './support/paths';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn(missingChromiumMessage());

/** The model the services find in the checkout's models/ folder (npm run setup copies it there). */
const modelInCheckout = ['mobilenetv2-int8.onnx', 'mobilenetv2-12.onnx'].some((name) => fs.existsSync(path.join(REPO_ROOT, 'models', name)));

describe.skipIf(!chromiumPath)('browser mode: first run', () => {
  const app = useBrowserMode(chromiumPath ?? '');

  it('shows the first-run guide, the poster model status and an empty catalog', async () => {
    const { page, server, problems, context } = await app.open();

    // The token travelled once in the address; the page dropped it (it lives in an HttpOnly cookie now).
    expect(page.url()).toBe(`${server.baseUrl}/`);
    expect((await context.cookies()).map((cookie) => ({ name: cookie.name, httpOnly: cookie.httpOnly }))).toEqual([
      { name: `crossfade-token-${server.port}`, httpOnly: true },
    ]);

    // An empty catalog opens on the Library with the guide unfolded.
    await expect.poll(() => page.getByRole('button', { name: 'Library' }).getAttribute('aria-current'), { timeout: ACTION_TIMEOUT_MS }).toBe('page');
    const guide = page.locator('section.guide');
    await guide.getByRole('heading', { name: 'Getting started' }).waitFor();
    // The guide opens once the catalog's stats have arrived and show it empty.
    await expect.poll(() => guide.locator('details').getAttribute('open'), { timeout: ACTION_TIMEOUT_MS }).not.toBeNull();
    for (const dataset of ['Spotify Tracks Dataset', 'TMDb Movies Dataset 2023', 'MovieLens'])
      expect(await guide.getByRole('heading', { name: new RegExp(`^${dataset}`) }).first().isVisible(), dataset).toBe(true);
    expect(await guide.getByText('Crossfade never goes online.').isVisible()).toBe(true);

    // The poster model's status, in the guide and in the Posters card.
    const modelStatus = guide.getByRole('status').filter({ hasText: 'Poster model:' });
    await modelStatus.waitFor();
    const statusText = (await modelStatus.textContent()) ?? '';
    if (modelInCheckout) expect(statusText).toMatch(/^Poster model: ready\./);
    else expect(statusText).toMatch(/^Poster model: not found\..*models/);
    const posterCard = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Posters', exact: true }) });
    await posterCard.getByRole('status').filter({ hasText: 'Poster model:' }).waitFor();
    expect(await posterCard.getByText('Link a poster folder first.').isVisible()).toBe(true);
    expect(await posterCard.getByRole('button', { name: 'Compute embeddings' }).isDisabled()).toBe(true);

    // Nothing imported yet.
    await page.getByTestId('stat-songs').waitFor();
    for (const id of ['stat-songs', 'stat-movies', 'stat-posters', 'stat-movies-with-poster'] as const) expect(await statValue(page, id), id).toBe(0);
    expect(await page.getByText('No imports or poster jobs yet.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Choose files…' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Or import by path').isVisible()).toBe(true);

    // Without the token (a fresh browser context has no cookie) the page is refused.
    const stranger = await context.browser()!.newContext();
    try {
      const response = await (await stranger.newPage()).goto(`${server.baseUrl}/`);
      expect(response?.status()).toBe(401);
    } finally {
      await stranger.close();
    }

    expect(problems()).toEqual([]);
  }, 5 * 60_000);
});
