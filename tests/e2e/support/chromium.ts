import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium is looked for, in order: $CROSSFADE_CHROMIUM, then Debian's and Ubuntu's names. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.CROSSFADE_CHROMIUM?.trim();
  return [...(fromEnv ? [fromEnv] : []), '/usr/bin/chromium', '/usr/bin/chromium-browser'];
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Chromium executable the end-to-end tests drive, or null when none is installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  return chromiumCandidates(env).find(isExecutable) ?? null;
}

/** Why the end-to-end suite is skipped (printed once per test file). */
export function missingChromiumMessage(): string {
  return (
    `Skipping the end-to-end tests: no Chromium executable found (looked for ${chromiumCandidates().join(', ')}). ` +
    'Install it with "apt-get install chromium" (bash .ci/run does) or set CROSSFADE_CHROMIUM to its path.'
  );
}

/**
 * Headless Chromium through playwright-core. Playwright gives every launch a fresh temporary
 * profile (its own --user-data-dir) and runs without the sandbox; the flags keep Chromium from
 * reaching the network on its own and from using /dev/shm, which is small in containers.
 */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    chromiumSandbox: false,
    timeout: 60_000,
    args: [
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
    ],
  });
}
