import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { tempDir } from '../../support/temp';
import { ACTION_TIMEOUT_MS, type AppSession, type BrowserModeHarness } from './harness';

/** Imports and scans of the real datasets take a while on two cores. */
export const JOB_TIMEOUT_MS = 4 * 60_000;

/** One read inside a poll: short, so the poll's own timeout decides. */
const POLL_CALL_TIMEOUT_MS = 5_000;

/** "9,749" -> 9749 (the UI formats counts in the page's en-US locale). */
export function parseCount(text: string): number {
  const digits = text.replace(/[^\d]/g, '');
  if (digits === '') throw new Error(`Not a count: "${text}"`);
  return Number(digits);
}

/** Waits until the locator's text matches (auto-waiting for the element too). */
export async function waitForText(locator: Locator, expected: string | RegExp, timeout = ACTION_TIMEOUT_MS): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        last = ((await locator.textContent({ timeout: Math.min(timeout, POLL_CALL_TIMEOUT_MS) })) ?? '').replace(/\s+/g, ' ').trim();
        return typeof expected === 'string' ? last.includes(expected) : expected.test(last);
      },
      { timeout, interval: 100, message: `waiting for ${String(expected)} in ${String(locator)}` },
    )
    .toBe(true);
  return last;
}

// ---------------------------------------------------------------- screens

/**
 * Opens the Library as a user who clicked its tab. Needed: while the user has not picked a screen
 * herself, App.tsx moves to Discover as soon as the catalog stops being empty, i.e. the moment the
 * first import completes, even while she is on the Library watching it.
 */
export async function chooseLibrary(page: Page): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library', exact: true });
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-current'), { timeout: ACTION_TIMEOUT_MS }).toBe('page');
}

/**
 * A fresh session on the Library, chosen as a user does (see chooseLibrary), with a fresh folder
 * for the test's files (`workDir`) and what `prepareFiles` wrote there (`files`).
 */
export async function openLibrary<Files = undefined>(
  app: BrowserModeHarness,
  prepareFiles?: (workDir: string) => Files | Promise<Files>,
): Promise<AppSession & { readonly workDir: string; readonly files: Files }> {
  const session = await app.open();
  const workDir = tempDir('crossfade-e2e-files-');
  const files = (await prepareFiles?.(workDir)) as Files;
  await chooseLibrary(session.page);
  return { ...session, workDir, files };
}

// ---------------------------------------------------------------- catalog statistics

export type StatId = 'stat-songs' | 'stat-movies' | 'stat-movies-with-poster' | 'stat-posters';

export async function statValue(page: Page, id: StatId, timeout = ACTION_TIMEOUT_MS): Promise<number> {
  return parseCount((await page.getByTestId(id).locator('dd').textContent({ timeout })) ?? '');
}

/** Waits for a catalog count on the Library screen (it refreshes after every job). */
export async function waitForStat(page: Page, id: StatId, expected: number, timeout = JOB_TIMEOUT_MS): Promise<void> {
  await expect.poll(() => statValue(page, id, POLL_CALL_TIMEOUT_MS), { timeout, interval: 200, message: `catalog count ${id}` }).toBe(expected);
}

// ---------------------------------------------------------------- imports

/** Chooses files in the Library's file input (browser mode uploads them to the data folder). */
export async function chooseFiles(page: Page, files: readonly string[]): Promise<void> {
  await page.getByLabel('Files to import').setInputFiles([...files]);
}

/** The card of a file chosen for import, by its file name. */
export function pendingCard(page: Page, fileName: string): Locator {
  return page.getByTestId('pending-import').filter({ has: page.getByRole('heading', { name: fileName, exact: true }) });
}

/** Waits for the upload and the preview; returns the detected format's label. */
export async function waitForPreview(card: Locator): Promise<string> {
  const format = card.getByTestId('detected-format');
  await format.waitFor({ timeout: JOB_TIMEOUT_MS });
  return ((await format.textContent()) ?? '').trim();
}

/** A job card in the Activity list, by its label ("Import movies.csv"). */
export function jobCard(page: Page, label: string): Locator {
  return page.getByTestId('job').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
}

export type JobEnd = 'completed' | 'failed' | 'cancelled';

/** Waits until the job card shows a final status, and returns it. */
export async function waitForJobEnd(card: Locator, timeout = JOB_TIMEOUT_MS): Promise<JobEnd> {
  await card.waitFor({ timeout });
  let status = '';
  await expect
    .poll(
      async () => {
        status = (await card.getAttribute('data-job-status', { timeout: POLL_CALL_TIMEOUT_MS })) ?? '';
        return status;
      },
      { timeout, interval: 200, message: 'waiting for the job to finish' },
    )
    .toMatch(/^(completed|failed|cancelled)$/);
  return status as JobEnd;
}

/** Waits for a job to complete; fails with the card's text (its error) otherwise. */
export async function expectJobCompleted(card: Locator, timeout = JOB_TIMEOUT_MS): Promise<void> {
  const status = await waitForJobEnd(card, timeout);
  if (status !== 'completed') throw new Error(`The job ended "${status}": ${(await card.innerText()).replace(/\s+/g, ' ')}`);
}

/** A count from a finished job's summary ("Imported", "New items", "Skipped rows", "Linked"…). */
export async function jobResultCount(card: Locator, label: string): Promise<number> {
  const row = card.locator('.job-result__counts > div').filter({ has: card.page().getByText(label, { exact: true }) });
  return parseCount((await row.locator('dd').textContent()) ?? '');
}

/**
 * Chooses one file (plus companions such as MovieLens links.csv), waits for its preview, checks
 * the detected format, starts the import and waits for the job to complete. Returns the job card.
 */
export async function importThroughUpload(
  page: Page,
  files: readonly string[],
  fileName: string,
  expectedFormat: RegExp,
  options: { readonly beforeStart?: (card: Locator) => Promise<void> } = {},
): Promise<Locator> {
  await chooseFiles(page, files);
  const card = pendingCard(page, fileName);
  const format = await waitForPreview(card);
  expect(format).toMatch(expectedFormat);
  await options.beforeStart?.(card);
  const button = card.getByRole('button', { name: `Import ${fileName}`, exact: true });
  await expect.poll(() => button.isEnabled(), { timeout: ACTION_TIMEOUT_MS }).toBe(true);
  await button.click();
  // The card goes away once the job has started; it stays with an alert when the start failed.
  await expect
    .poll(async () => ((await card.count()) === 0 ? 'started' : (await card.getByRole('alert').allTextContents()).join(' ') || 'starting'), {
      timeout: ACTION_TIMEOUT_MS,
      interval: 100,
    })
    .toBe('started');
  const job = jobCard(page, `Import ${fileName}`);
  await expectJobCompleted(job);
  return job;
}

// ---------------------------------------------------------------- progress

interface ProgressWindow {
  __crossfadeProgress?: Record<string, number[]>;
}

/**
 * Records every value each progress bar shows (by its accessible name), so a test can check that
 * the progress it watched only moved forwards. Installed in the page; survives re-renders.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number[]> = {};
    (window as ProgressWindow).__crossfadeProgress = seen;
    const record = () => {
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const now = bar.getAttribute('aria-valuenow');
        if (now === null) continue;
        const values = (seen[bar.getAttribute('aria-label') ?? ''] ??= []);
        const value = Number(now);
        if (values[values.length - 1] !== value) values.push(value);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    record();
  });
}

/** The values recorded per progress bar (by accessible name), for the bars whose name starts with `prefix`. */
export async function recordedProgress(page: Page, prefix: string): Promise<Record<string, number[]>> {
  const all = await page.evaluate(() => (window as ProgressWindow).__crossfadeProgress ?? {});
  return Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith(prefix)));
}
