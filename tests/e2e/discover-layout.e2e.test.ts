import { expect, it } from 'vitest';
import { call, pickSong, seedCatalog } from './support/discover';
import { describeInBrowserMode } from './support/harness';

describeInBrowserMode('browser mode: Discover shows results first', (app) => {
  it('puts the first result above the fold at 1440×900 and at 900×700 once something is picked', async () => {
    const session = await app.open();
    const { page } = session;
    await seedCatalog(session, { real: true });
    const [song] = await call(session, 'catalog.searchSongs', { text: 'love', limit: 1 });
    const positions: Record<string, { top: number; bottom: number; height: number }> = {};

    for (const [width, height] of [
      [1440, 900],
      [900, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.reload();
      await page.getByRole('button', { name: 'Discover' }).click();
      if (width === 1440) await pickSong(page, song!);
      // The pick survived the reload at the second size.
      await expect.poll(() => page.locator('.picks .chip--song').count()).toBe(1);
      const first = page.locator('.results .result').first();
      await first.waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      const box = (await first.boundingBox())!;
      positions[`${width}x${height}`] = { top: Math.round(box.y), bottom: Math.round(box.y + box.height), height };
      await session.screenshot(`first-result-${width}x${height}`);
      // Above the fold: the whole first result is in the window without scrolling.
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(height);
    }
    console.log(`first result position: ${JSON.stringify(positions)}`);
    expect(session.problems()).toEqual([]);
  });
});
