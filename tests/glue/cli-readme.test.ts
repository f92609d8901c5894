import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../support/generate-fixtures.js';
import { tempDir } from '../support/temp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'out/main/cli.js');
const built = fs.existsSync(cli);
if (!built) console.warn(`Skipping the README command-line examples: ${cli} is missing (npm test builds it first; or run npm run build).`);

/**
 * The README's "Command line" examples, run through the bundled CLI (which goes through the
 * services like the desktop and browser shells): same commands, flags, --json output and exit codes.
 */
describe.skipIf(!built)('the README command-line examples', () => {
  let dir: string;
  let db: string;
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--db', db], { encoding: 'utf8', timeout: 120_000, cwd: dir });
  const json = (...args: string[]) => {
    const result = run(...args, '--json');
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  // tempDir's folders are removed after each test: each test makes its own.
  beforeEach(() => {
    dir = tempDir();
    db = path.join(dir, 'catalog.db');
  });

  it('imports, reports, builds the vibe space, recommends, and exports a playlist', () => {
    writeSpotifyTracksCsv(path.join(dir, 'dataset.csv'), { rows: 300, seed: 3 });
    writeTmdbV11Csv(path.join(dir, 'TMDB_movie_dataset_v11.csv'), { rows: 300, seed: 4 });
    expect(json('import', 'dataset.csv')).toMatchObject({ status: 'completed', kind: 'songs', counters: { rowsRead: 300 } });
    expect(json('import', 'TMDB_movie_dataset_v11.csv', '--kind', 'movies', '--encoding', 'utf-8')).toMatchObject({ status: 'completed', kind: 'movies' });
    expect(json('stats')).toMatchObject({ database: db, movies: 300 });
    const [song] = json('search', 'songs', 'a') as unknown as { id: number; title: string }[];
    expect(song).toBeDefined();
    expect(run('runs').stdout).toMatch(/#1\s+completed\s+songs/);
    expect(json('report', '1')).toMatchObject({ run: { id: 1, kind: 'songs' }, issues: [] });
    expect(json('formats')).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'spotify-tracks-hf', kind: 'songs' })]));
    expect(json('build-vibe')).toMatchObject({ status: 'completed', songs: expect.any(Number), movies: 300 });
    // Nothing imported since: an incremental build encodes nothing, and says what its count means.
    expect(run('build-vibe', '--incremental').stdout).toMatch(/\(incremental\): .* 0 encoded \(new or changed\), visual block/);
    const recommended = json('recommend', '--song', String(song!.id), '--k', '10');
    expect(recommended.results).toHaveLength(10);
    expect((recommended.results as { kind: string; link: string | null; label: string }[])[0]).toMatchObject({ kind: 'movie', label: expect.any(String) });
    expect(json('recommend', '--song', String(song!.id), '--blend', '--weights', 'mood=0.6,genre=0.3,visual=0.1', '--target', 'songs').results).toHaveLength(
      20,
    );
    const similar = json('similar', `song:${song!.id}`, '--k', '5');
    expect(similar.results).toHaveLength(5);
    expect(run('list-create', 'playlist', 'Night drive').stdout).toBe('Created playlist #1 "Night drive" (0 items).\n');
    expect(run('list-add', '1', String(song!.id)).status).toBe(0);
    const exported = run('export', '1', '--format', 'm3u8', '--out', 'night-drive.m3u8');
    expect(exported.status, exported.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'night-drive.m3u8'), 'utf8')).toMatch(/^#EXTM3U\n/);
  }, 240_000);

  it('exits 1 with one sentence on failures and 2 on usage errors', () => {
    const missing = run('import', 'nowhere.csv');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^crossfade: .*nowhere\.csv.*\n$/);
    const usage = run('frobnicate');
    expect(usage.status).toBe(2);
  });
});
