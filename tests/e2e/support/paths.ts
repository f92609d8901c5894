import fs from 'node:fs';
import path from 'node:path';

/** The repository root (tests/e2e/support -> ../../..). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Where the end-to-end screenshots go (test-results/ is gitignored). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

/**
 * ../shared/data beside the checkout, or null when it is absent (the tests then generate their
 * files). CROSSFADE_E2E_GENERATED=1 ignores it, to check the generated fallback.
 */
export function sharedDataDir(): string | null {
  if (process.env.CROSSFADE_E2E_GENERATED) return null;
  const dir = path.resolve(REPO_ROOT, '..', 'shared', 'data');
  return fs.existsSync(dir) ? dir : null;
}

/** A file or folder inside ../shared/data, or null when ../shared/data or that entry is missing. */
export function sharedData(relative: string): string | null {
  const dir = sharedDataDir();
  if (!dir) return null;
  const file = path.join(dir, relative);
  return fs.existsSync(file) ? file : null;
}
