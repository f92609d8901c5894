import { expect, it } from 'vitest';
import { expectJobCompleted, importThroughUpload, jobResultCount, waitForStat, openLibrary, waitForText } from './support/app';
import { movieLensWithPosters } from './support/datasets';
import { describeInBrowserMode } from './support/harness';

describeInBrowserMode('browser mode: linking a poster folder', (app) => {
  it(
    'imports MovieLens with links.csv and tags.csv, then links a poster folder typed by its path',
    async () => {
      const { page, problems, screenshot, files: fixture } = await openLibrary(app, movieLensWithPosters);

      // movies.csv chosen together with its companions: they are uploaded beside it.
      const moviesJob = await importThroughUpload(page, fixture.movies.files, fixture.movies.fileName, fixture.movies.format, {
        beforeStart: async (card) => {
          await waitForText(card.locator('.pending__header'), 'with links.csv, tags.csv');
        },
      });
      expect(await jobResultCount(moviesJob, 'New items')).toBe(fixture.movies.items);
      await waitForStat(page, 'stat-movies', fixture.movies.items);
      expect(await moviesJob.locator('.warning-note').count(), 'no "links.csv was not found" warning').toBe(0);

      // The poster folder is given by its path (browser mode cannot read a folder from an upload).
      const posters = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Posters', exact: true }) });
      await posters.getByLabel('Poster folder', { exact: true }).fill(fixture.folder);
      await posters.getByRole('button', { name: 'Link posters' }).click();
      const scanJob = page.locator('[data-testid="job"][data-job-kind="scan-posters"]');
      await expectJobCompleted(scanJob);
      expect(await jobResultCount(scanJob, 'Images')).toBe(fixture.linked);
      expect(await jobResultCount(scanJob, 'Linked')).toBe(fixture.linked);
      expect(await jobResultCount(scanJob, 'Match no movie')).toBe(0);

      await waitForStat(page, 'stat-posters', fixture.linked);
      await waitForStat(page, 'stat-movies-with-poster', fixture.linked);
      const linkedText = fixture.linked.toLocaleString('en-US');
      await waitForText(posters.locator('.poster-embed'), `${linkedText} posters, ${linkedText} movies with a poster.`);
      expect(await posters.getByText('Link a poster folder first.').count()).toBe(0);
      await screenshot('posters-linked');

      expect(problems()).toEqual([]);
    },
    12 * 60_000,
  );
});
