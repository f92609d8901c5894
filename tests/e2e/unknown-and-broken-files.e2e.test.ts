import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  chooseFiles,
  openLibrary,
  expectJobCompleted,
  importThroughUpload,
  jobCard,
  jobResultCount,
  parseCount,
  pendingCard,
  waitForJobEnd,
  waitForPreview,
  waitForStat,
  waitForText,
} from './support/app';
import { oddColumnsCsv, truncatedMoviesCsv } from './support/datasets';
import { ACTION_TIMEOUT_MS, describeInBrowserMode } from './support/harness';

/** A count on the Catalog card that has no test id ("Movie genres"). */
async function catalogCount(page: Page, name: string): Promise<number> {
  const item = page.locator('.stats__item').filter({ has: page.getByText(name, { exact: true }) });
  return parseCount((await item.locator('dd').textContent()) ?? '');
}

describeInBrowserMode('browser mode: unknown and broken files', (app) => {
  it(
    'maps the columns of a file with an unknown header, then imports it',
    async () => {
      const { page, problems, screenshot, files: odd } = await openLibrary(app, oddColumnsCsv);

      await chooseFiles(page, [odd.file]);
      const card = pendingCard(page, path.basename(odd.file));
      expect(await waitForPreview(card)).toBe('Not recognised');
      await waitForText(card.locator('.unknown-format'), 'Crossfade does not recognise the columns of this file.');
      await waitForText(card, 'semicolon');
      // The first rows are shown, with the Finnish letters intact.
      await waitForText(card.getByRole('table', { name: /^First rows of/ }), 'Mies vailla menneisyyttä');

      // The mapper opens by itself; nothing can be guessed, so the import waits for a title column.
      const mapper = card.getByRole('group', { name: 'Column mapping' });
      await mapper.waitFor();
      await waitForText(mapper.locator('.warning-note'), 'Choose the column that holds the title');
      const start = card.getByRole('button', { name: `Import ${path.basename(odd.file)}` });
      expect(await start.isDisabled()).toBe(true);
      await screenshot('mapper-unmapped');

      await mapper.getByRole('radio', { name: 'Movies' }).check();
      await mapper.getByLabel('Elokuvan nimi', { exact: true }).selectOption({ label: 'Title' });
      await mapper.getByLabel('Ilmestymisvuosi', { exact: true }).selectOption({ label: 'Release year' });
      await mapper.getByLabel('Lajityypit', { exact: true }).selectOption({ label: 'Genres' });
      await mapper.getByLabel('Arvio (0-10)', { exact: true }).selectOption({ label: 'Vote average' });
      await mapper.getByLabel('List separator').fill('/');
      await expect.poll(() => mapper.locator('.warning-note').count(), { timeout: ACTION_TIMEOUT_MS }).toBe(0);
      await expect.poll(() => start.isEnabled(), { timeout: ACTION_TIMEOUT_MS }).toBe(true);
      await screenshot('mapper-mapped');
      await start.click();

      const job = jobCard(page, `Import ${path.basename(odd.file)}`);
      await expectJobCompleted(job);
      expect(await jobResultCount(job, 'New items')).toBe(odd.rows);
      expect(await jobResultCount(job, 'Skipped rows')).toBe(0);
      await waitForStat(page, 'stat-movies', odd.rows);
      // "Draama/Komedia" was split on the chosen separator: two genres, not one.
      await expect.poll(() => catalogCount(page, 'Movie genres'), { timeout: ACTION_TIMEOUT_MS }).toBe(2);

      expect(problems()).toEqual([]);
    },
    8 * 60_000,
  );

  it(
    'reports broken files clearly: a cut-off download, an empty file, a wrong path, a companion file alone',
    async () => {
      const { page, problems, screenshot, workDir } = await openLibrary(app);

      // 1. A download cut off inside a quoted cell: the complete rows import, the cut one is reported.
      const truncated = truncatedMoviesCsv(workDir);
      const job = await importThroughUpload(page, [truncated.file], truncated.fileName, /^TMDB 5000 Movie Dataset/);
      expect(await jobResultCount(job, 'Imported')).toBe(truncated.complete);
      expect(await jobResultCount(job, 'Skipped rows')).toBe(1);
      await waitForStat(page, 'stat-movies', truncated.complete);
      await job.getByRole('button', { name: /^Show the report of run #\d+$/ }).click();
      const report = page.getByTestId('import-report');
      const issue = report.getByTestId('issue-table').locator('tbody tr');
      await issue.first().waitFor();
      const cells = (await issue.first().locator('td').allTextContents()).map((text) => text.trim());
      expect(parseCount(cells[0]!)).toBe(truncated.cutLine);
      // The cut row's quote runs to the end of the file: it is short of fields (or unreadable).
      expect(cells[2]).toMatch(/^expected 20 fields, found \d+$|unreadable CSV.*quote/i);
      await screenshot('cut-off-download');

      // 2. An empty file: not importable, and the preview says why.
      const empty = path.join(workDir, 'empty.csv');
      fs.writeFileSync(empty, '');
      await chooseFiles(page, [empty]);
      const emptyCard = pendingCard(page, 'empty.csv');
      expect(await waitForPreview(emptyCard)).toBe('Not recognised');
      await emptyCard.getByText('Known formats and the columns they need').click();
      await waitForText(emptyCard.locator('.unknown-format'), 'empty.csv is empty: expected a header row on line 1.');
      expect(await emptyCard.getByRole('button', { name: 'Import empty.csv' }).isDisabled()).toBe(true);
      await screenshot('empty-file');
      await emptyCard.getByRole('button', { name: /^Remove/ }).click();
      await emptyCard.waitFor({ state: 'detached' });

      // 3. A path that does not exist: one sentence saying what to check.
      const missing = path.join(workDir, 'no-such-folder', 'dataset.csv');
      await page.getByLabel('Or import by path').fill(missing);
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      const missingCard = pendingCard(page, 'dataset.csv');
      await waitForText(missingCard.getByRole('alert'), 'dataset.csv cannot be read (ENOENT). Check the path and permissions.');
      expect(await missingCard.getByTestId('detected-format').count()).toBe(0);
      await missingCard.getByRole('button', { name: /^Remove/ }).click();

      // 4. MovieLens links.csv on its own: recognised, and the import fails saying what to import instead.
      const links = path.join(workDir, 'links.csv');
      fs.writeFileSync(links, 'movieId,imdbId,tmdbId\n1,0114709,862\n2,0113497,8844\n');
      await chooseFiles(page, [links]);
      const linksCard = pendingCard(page, 'links.csv');
      expect(await waitForPreview(linksCard)).toMatch(/^MovieLens links\.csv/);
      await linksCard.getByRole('button', { name: 'Import links.csv' }).click();
      const linksJob = jobCard(page, 'Import links.csv');
      expect(await waitForJobEnd(linksJob)).toBe('failed');
      await waitForText(
        linksJob.getByRole('alert'),
        /links\.csv looks like MovieLens links\.csv.*Import movies\.csv instead, choosing links\.csv and tags\.csv together with it/,
        ACTION_TIMEOUT_MS,
      );
      expect(await linksJob.getByRole('alert').textContent(), 'no internal upload folder in the message').not.toMatch(/uploads|[\\/]/);
      await waitForStat(page, 'stat-movies', truncated.complete);
      await screenshot('companion-alone');

      expect(problems()).toEqual([]);
    },
    8 * 60_000,
  );
});
