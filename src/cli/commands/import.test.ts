import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { tempDir, tempFile } from '../../../tests/support/temp.js';
import { openDatabase } from '../../core/db/open-database.js';
import type { GlobalOptions } from '../context.js';
import { registerImport } from './import.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CSV =
  'track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre\nT1,A,B,C,1,2,False,0.1,0.1,1,-5,1,0.1,0.1,0.1,0.1,0.1,120,4,pop\n';

/** `crossfade --db <temp> import <args>` in this process, with main.ts's global options. */
async function importCommand(dbPath: string, args: readonly string[]): Promise<void> {
  const program = new Command().name('crossfade').option('--db <path>').option('--json').option('--no-progress').exitOverride();
  registerImport(program, () => program.opts<GlobalOptions>());
  await program.parseAsync(['--db', dbPath, '--no-progress', 'import', ...args], { from: 'user' });
}

describe('crossfade import --encoding (issue #14 item 11)', () => {
  it('answers names from the object prototype with "unknown encoding …; known: …", importing nothing', async () => {
    const dbPath = path.join(tempDir(), 'catalog.db');
    const file = tempFile('songs.csv', CSV);
    for (const encoding of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      await expect(importCommand(dbPath, [file, '--encoding', encoding]), encoding).rejects.toThrow(
        new RegExp(`^Unknown encoding "${encoding}"; known: utf-8, `),
      );
    }
    const db = openDatabase(dbPath);
    expect(db.prepare('SELECT count(*) FROM import_runs').pluck().get()).toBe(0);
    db.close();
  });

  it('prints one sentence on stderr and exits with 1 from the real command line', async () => {
    const dbPath = path.join(tempDir(), 'catalog.db');
    const file = tempFile('songs.csv', CSV);
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--db', dbPath, 'import', file, '--encoding', 'constructor'], {
      cwd: ROOT,
    });
    const failure = (await run.then(
      () => null,
      (error: unknown) => error,
    )) as { code: number; stderr: string } | null;
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toMatch(/^crossfade: Unknown encoding "constructor"; known: utf-8, utf-16le, [^\n]*\n$/);
  });
});
