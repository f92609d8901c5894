import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { writeTmdbV11Csv } from '../support/generate-fixtures';
import { importThroughUpload, waitForStat, openLibrary, waitForText } from './support/app';
import { ACTION_TIMEOUT_MS, describeInBrowserMode } from './support/harness';

/** A: 40 generated movies. B: five of A's rows again plus 15 other generated movies (it overlaps A). */
function overlappingMovieFiles(dir: string) {
  const a = writeTmdbV11Csv(path.join(dir, 'movies-a.csv'), { rows: 40 });
  const other = writeTmdbV11Csv(path.join(dir, 'other.csv'), { rows: 15, seed: 9 });
  // The other movies get ids of their own (the generator's ids depend on the row count only), so B adds them.
  const otherRows = (parse(fs.readFileSync(other.file, 'utf8'), { columns: true }) as Record<string, string>[]).map((row) => ({
    ...row,
    id: String(Number(row.id) + 100_000),
    imdb_id: '',
  }));
  const [header, ...aLines] = fs.readFileSync(a.file, 'utf8').trimEnd().split('\n');
  const otherLines = stringify(otherRows, { header: false, columns: header!.split(',') })
    .trimEnd()
    .split('\n');
  const b = path.join(dir, 'movies-b.csv');
  fs.writeFileSync(b, [header, ...aLines.slice(0, 5), ...otherLines].join('\n') + '\n');
  const rows = parse(fs.readFileSync(a.file, 'utf8'), { columns: true }) as { title: string; release_date: string }[];
  return { a: a.file, b, rows };
}

describeInBrowserMode('browser mode: your taste in, an import undone', (app) => {
  it(
    'undoes an import that overlapped an earlier one, then imports a Letterboxd ratings.csv as a taste profile',
    async () => {
      const { page, problems, screenshot, workDir, files } = await openLibrary(app, overlappingMovieFiles);

      await importThroughUpload(page, [files.a], 'movies-a.csv', /TMDB|TMDb/);
      await waitForStat(page, 'stat-movies', 40);
      const moviesA = 40;
      await importThroughUpload(page, [files.b], 'movies-b.csv', /TMDB|TMDb/);
      await waitForStat(page, 'stat-movies', moviesA + 15);

      // Undo B from the import history: the confirmation says what goes before anything changes.
      const history = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Import history', exact: true }) });
      const rowB = history.getByRole('row').filter({ hasText: 'movies-b.csv' });
      await rowB.getByRole('button', { name: /^Undo/ }).click();
      const confirm = page.getByTestId('undo-confirm');
      await waitForText(confirm, /Removes \d+ movies this import added, restores \d+ movies it merged into to how they were before\./);
      await screenshot('undo-confirmation');
      await confirm.getByRole('button', { name: 'Undo import' }).click();
      await waitForStat(page, 'stat-movies', moviesA);
      await waitForText(rowB, 'undone');
      await waitForText(history.getByRole('status'), /^Undid import #\d+\./);
      await screenshot('undone');

      // A Letterboxd ratings.csv naming three of A's films (and one the catalog lacks).
      const films = files.rows.filter((row) => /^\d{4}/.test(row.release_date) && !/[",]/.test(row.title)).slice(0, 3);
      const ratings = path.join(workDir, 'ratings.csv');
      fs.writeFileSync(
        ratings,
        [
          'Date,Name,Year,Letterboxd URI,Rating',
          ...films.map((film, index) => `2024-01-0${index + 1},${film.title},${film.release_date.slice(0, 4)},https://boxd.it/x${index},${5 - index}`),
          '2024-02-01,Nowhere In This Catalog,1901,https://boxd.it/y,4',
        ].join('\n'),
      );
      const taste = page.getByTestId('taste-section');
      await taste.getByLabel('Import an export').setInputFiles(ratings);
      const report = taste.getByTestId('taste-report');
      await waitForText(report, /Letterboxd ratings\.csv: 3 matched, 0 ambiguous, 1 not in the catalog/);
      await waitForText(report, 'e.g. missing: Nowhere In This Catalog (1901)');
      await taste.getByRole('button', { name: 'Letterboxd: films I rated' }).click();
      const inside = taste.getByLabel('Inside Letterboxd: films I rated');
      await waitForText(inside, films[0]!.title);
      await waitForText(inside, '★★★★★');
      await screenshot('taste-profile');
      // Leave the top film out: the profile shrinks to two.
      await inside.getByRole('button', { name: `Leave ${films[0]!.title} out of Letterboxd: films I rated` }).click();
      await expect.poll(() => inside.getByRole('listitem').count(), { timeout: ACTION_TIMEOUT_MS }).toBe(2);

      expect(problems()).toEqual([]);
    },
    10 * 60_000,
  );
});
