import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFinished, vi } from 'vitest';
import { findChromium, launchChromium, missingChromiumMessage } from './chromium';
import { SCREENSHOT_DIR } from './paths';
import { ensureRendererBuilt } from './renderer';
import { startBrowserMode, type BrowserModeServer } from './server';

/** One test's app: its own server and data folder, and a fresh browser context on it. */
export interface AppSession {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly server: BrowserModeServer;
  /** Uncaught page errors and console errors seen so far. */
  problems(): readonly string[];
  /** Saves test-results/e2e/<test-name>--<step>.png and returns its path. */
  screenshot(step: string): Promise<string>;
}

export interface BrowserModeHarness {
  /** Starts a server on a fresh data folder and opens the tokenised address in a new context. */
  open(): Promise<AppSession>;
}

/** Generous: the machines running this have two cores, shared with the server and its workers. */
export const ACTION_TIMEOUT_MS = 60_000;

/** The default timeout of the tests declared after useBrowserMode() (the config's 60 s is for unit tests). */
export const E2E_TEST_TIMEOUT_MS = 10 * 60_000;

/** "Import songs: 10K sample" -> "import-songs-10k-sample". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 120)
    .replace(/^-+|-+$/g, '');
}

/** Saves test-results/e2e/<test-name>[--<step>].png (a full-page screenshot). */
export async function saveScreenshot(page: Page, testName: string, step?: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${slug(testName)}${step ? `--${slug(step)}` : ''}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: ACTION_TIMEOUT_MS });
  return file;
}

function currentTestName(): string {
  return expect.getState().currentTestName?.split(' > ').pop() ?? 'e2e';
}

/**
 * Registers the suite's hooks (call it inside the describe block, so a skipped suite launches
 * nothing): the renderer is built once per run if stale, one Chromium serves the whole file, and
 * every test's session is torn down when the test finishes, after a full-page screenshot of its
 * last state in test-results/e2e/<test-name>.png. Tests declared after it default to a 10-minute
 * timeout.
 */
function useBrowserMode(executablePath: string): BrowserModeHarness {
  let browser: Browser | null = null;
  // Tests take their default timeout when they are declared, i.e. after this call; afterAll puts
  // the config back, so nothing outside this suite sees the change.
  vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });

  beforeAll(async () => {
    await ensureRendererBuilt();
    browser = await launchChromium(executablePath);
  }, 6 * 60_000);

  afterAll(async () => {
    vi.resetConfig();
    await browser?.close();
    browser = null;
  }, 60_000);

  return {
    async open() {
      if (!browser) throw new Error('Chromium is not running (did beforeAll fail?).');
      const testName = currentTestName();
      const server = await startBrowserMode();
      let context: BrowserContext;
      try {
        context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1440, height: 1000 } });
      } catch (error) {
        await server.stop();
        throw error;
      }
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });

      onTestFinished(async ({ task }) => {
        try {
          await saveScreenshot(page, testName);
        } catch (error) {
          console.warn(`e2e: no screenshot for "${testName}": ${error instanceof Error ? error.message : String(error)}`);
        }
        if (task.result?.state === 'fail') console.error(`e2e: "${testName}" failed; browser mode printed:\n${server.output()}`);
        await context.close().catch(() => undefined);
        await server.stop();
      });

      await page.goto(server.openUrl);
      await page.getByRole('heading', { level: 1, name: 'Crossfade' }).waitFor();
      return {
        page,
        context,
        server,
        problems: () => problems,
        screenshot: (step) => saveScreenshot(page, testName, step),
      };
    },
  };
}

/**
 * An e2e suite in browser mode: `body` declares the tests with the harness of useBrowserMode. Without
 * a Chromium on the machine the suite is skipped, with a warning that says how to get one.
 */
export function describeInBrowserMode(name: string, body: (app: BrowserModeHarness) => void): void {
  const chromiumPath = findChromium();
  if (!chromiumPath) console.warn(missingChromiumMessage());
  describe.skipIf(!chromiumPath)(name, () => body(useBrowserMode(chromiumPath ?? '')));
}
