/** Temporary folders, files and catalogs for tests (removed after each test). The core's test helpers live here; tests/support re-exports them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { openDatabase, type CatalogDatabase } from '../db/open-database.js';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'crossfade-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes a file into a fresh temp folder; string content is UTF-8, Buffers are written as-is. */
export function tempFile(name: string, content: string | Uint8Array, dir = tempDir()): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

export function tempDatabase(): CatalogDatabase {
  return openDatabase(path.join(tempDir(), 'catalog.db'));
}

/** Root of the shared datasets, or null when ../shared is not beside the checkout. */
export function sharedDataDir(): string | null {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
  return fs.existsSync(dir) ? dir : null;
}
