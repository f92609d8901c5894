import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv } from '../support/generate-fixtures.js';
import { tempDir } from '../support/temp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'out/main/cli.js');
const built = fs.existsSync(cli);
if (!built) console.warn(`Skipping the built-bundle tests: ${cli} is missing (npm test builds it first; or run npm run build).`);

/**
 * The bundles electron-vite writes to out/main are what the desktop app and `crossfade` run, and
 * bundling can break code that works from the sources (e.g. two top-level `require`s in one chunk,
 * or a worker chunk that is not emitted). These run the bundled CLI the way a user would.
 */
describe.skipIf(!built)('the built bundles (out/main)', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });

  it('start, and answer stats on an empty catalog', () => {
    const db = path.join(tempDir(), 'catalog.db');
    const result = run('stats', '--db', db, '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ songs: 0, movies: 0 });
  });

  it('import a large file through the bundled parse worker', () => {
    const dir = tempDir();
    const { file } = writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 50_000, seed: 7 });
    expect(fs.statSync(file).size).toBeGreaterThan(8 * 2 ** 20); // big enough to be parsed in a worker
    const result = run('import', file, '--db', path.join(dir, 'catalog.db'), '--json');
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed', counters: { rowsRead: 50_000, rowsSkipped: 0 } });
  }, 120_000);
});
