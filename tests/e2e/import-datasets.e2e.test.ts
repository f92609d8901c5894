import { expect, it } from 'vitest';
import { importThroughUpload, jobResultCount, parseCount, recordedProgress, recordProgress, waitForStat, openLibrary, waitForText } from './support/app';
import { mostStreamed2023, spotifySample, tmdbMovies } from './support/datasets';
import { ACTION_TIMEOUT_MS, describeInBrowserMode } from './support/harness';

/** Each progress bar only moved forwards, and ended at or below 100 %. */
function expectMonotonic(values: readonly number[], what: string): void {
  for (let index = 1; index < values.length; index++) expect(values[index]!, `${what}: ${values.join(' → ')}`).toBeGreaterThanOrEqual(values[index - 1]!);
  for (const value of values) expect(value, what).toBeLessThanOrEqual(100);
}

describeInBrowserMode('browser mode: importing datasets through the Library', (app) => {
  it(
    'uploads and imports songs, movies and a file with a malformed row, with progress, counts and the report',
    async () => {
      const { page, problems, screenshot, files } = await openLibrary(app, (dir) => ({
        songs: spotifySample(dir),
        movies: tmdbMovies(dir),
        malformed: mostStreamed2023(dir),
      }));
      const { songs, movies, malformed } = files;
      await recordProgress(page);

      // 1. Songs: the 10K Spotify sample (251 rows repeat a track under another genre and merge).
      const songsJob = await importThroughUpload(page, songs.files, songs.fileName, songs.format);
      await waitForText(songsJob.locator('.status'), 'Done');
      expect(await jobResultCount(songsJob, 'New items')).toBe(songs.items);
      await waitForStat(page, 'stat-songs', songs.items);
      await screenshot('songs-imported');

      // 2. Movies: TMDB 5000.
      const moviesJob = await importThroughUpload(page, movies.files, movies.fileName, movies.format);
      expect(await jobResultCount(moviesJob, 'New items')).toBe(movies.items);
      expect(await jobResultCount(moviesJob, 'Skipped rows')).toBe(0);
      await waitForStat(page, 'stat-movies', movies.items);

      // The progress the page showed only moved forwards (uploads and imports).
      const uploads = await recordedProgress(page, 'Uploading ');
      const imports = await recordedProgress(page, 'Progress of Import ');
      for (const [name, values] of Object.entries({ ...uploads, ...imports })) expectMonotonic(values, name);
      console.log(`e2e: progress values seen: ${JSON.stringify({ ...uploads, ...imports })}`);

      // 3. A file with a malformed row: it imports, and its report shows the skipped row.
      const malformedJob = await importThroughUpload(page, malformed.files, malformed.fileName, malformed.format);
      expect(await jobResultCount(malformedJob, 'Skipped rows')).toBe(malformed.skipped);
      const added = await jobResultCount(malformedJob, 'New items');
      if (!malformed.real) expect(added).toBe(malformed.items);
      await waitForText(malformedJob.locator('.warning-note'), /see the report/);
      await waitForStat(page, 'stat-songs', songs.items + added);

      await malformedJob.getByRole('button', { name: /^Show the report of run #\d+$/ }).click();
      const report = page.getByTestId('import-report');
      await waitForText(report.getByRole('heading', { level: 3 }), `: ${malformed.fileName}`);
      await waitForText(report.getByTestId('report-skipped').locator('dd'), String(malformed.skipped));
      await waitForText(report.locator('.report__warnings'), `${malformed.skipped} malformed row(s) were skipped`);
      const issueRows = report.getByTestId('issue-table').locator('tbody tr');
      await issueRows.first().waitFor();
      expect(await issueRows.count()).toBe(malformed.skipped);
      const cells = (await issueRows.first().locator('td').allTextContents()).map((text) => text.trim());
      expect(parseCount(cells[0]!)).toBe(malformed.issue.line);
      expect(cells[1]).toMatch(new RegExp(`^${malformed.issue.column}`));
      expect(cells[2]).toMatch(malformed.issue.reason);
      await screenshot('malformed-row-report');

      // The history lists the three runs; the catalog shows both kinds.
      const runs = page.getByRole('region', { name: 'Import runs' }).locator('tbody tr');
      await expect.poll(() => runs.count(), { timeout: ACTION_TIMEOUT_MS }).toBe(3);
      expect(await page.getByTestId('stat-movies').locator('dd').textContent()).toBe(movies.items.toLocaleString('en-US'));
      expect(problems()).toEqual([]);
    },
    12 * 60_000,
  );
});
