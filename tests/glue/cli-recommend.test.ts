import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/open-database';
import { vibeIndexStatus } from '../../src/core/vibe/index-store';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../support/generate-fixtures';
import { tempDir } from '../support/temp';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, CROSSFADE_DATA_DIR: tempDir() } });

describe('crossfade recommend', () => {
  it('builds the vibe space first when the catalog has none, then recommends', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'catalog.db');
    await cli(['import', writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 150 }).file, '--db', db]);
    await cli(['import', writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 80 }).file, '--db', db]);
    const { stdout } = await cli(['recommend', '--song', '1', '--k', '5', '--json', '--db', db]);
    expect((JSON.parse(stdout) as { results: unknown[] }).results).toHaveLength(5);
    // The footer names the intent for the query: across kinds, or more of the same kind.
    expect((await cli(['recommend', '--song', '1', '--k', '3', '--db', db])).stdout).toMatch(/\(could be on its soundtrack; [\d.]+ ms\)\n$/);
    expect((await cli(['recommend', '--song', '1', '--target', 'song', '--k', '3', '--db', db])).stdout).toMatch(/\(same genres and tags; [\d.]+ ms\)\n$/);
    const catalog = openDatabase(db);
    try {
      expect(vibeIndexStatus(catalog)).toMatchObject({ built: true, stale: false });
      // A family film's songs leave explicit ones out, and say so; --explicit shows them.
      const family = catalog
        .prepare(
          `SELECT m.id, m.title FROM movies m JOIN movie_genres mg ON mg.movie_id = m.id JOIN genres g ON g.id = mg.genre_id WHERE lower(g.name) = 'family' LIMIT 1`,
        )
        .get() as { id: number; title: string };
      const familySongs = async (...flags: string[]) =>
        JSON.parse((await cli(['recommend', '--movie', String(family.id), '--k', '200', '--json', ...flags, '--db', db])).stdout) as {
          familyFilm: string | null;
          results: { id: number }[];
        };
      const explicit = new Set(catalog.prepare(`SELECT id FROM songs WHERE explicit = 1`).pluck().all() as number[]);
      const hidden = await familySongs();
      expect(hidden.familyFilm).toBe(family.title);
      expect(hidden.results.filter((result) => explicit.has(result.id))).toEqual([]);
      const shown = await familySongs('--explicit');
      expect(shown.familyFilm).toBeNull();
      expect(shown.results.some((result) => explicit.has(result.id))).toBe(true);
      expect((await cli(['recommend', '--movie', String(family.id), '--k', '3', '--db', db])).stdout).toMatch(
        /left out: .* is a family film \(--explicit shows them\)\.\n$/,
      );
    } finally {
      catalog.close();
    }
  }, 180_000);
});
