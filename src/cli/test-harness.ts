import { Command } from 'commander';
import path from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import { tempDir } from '../../tests/support/temp.js';
import type { GlobalOptions } from './context.js';

/** A command module's register function (registerListCommands, registerTasteCommands, …). */
type RegisterCommands = (program: Command, options: () => GlobalOptions) => void;

interface CliHarness {
  /** The current test's catalog file. */
  readonly dbPath: string;
  /** Runs `crossfade --db <temp> [--json] <args>` with the same global options as src/cli/main.ts, returning what it printed. */
  cli(args: readonly string[], options?: { json?: boolean }): Promise<string>;
  /** `cli` with --json, parsed. */
  cliJson<T>(args: readonly string[]): Promise<T>;
}

/**
 * The CLI command tests' harness, run in this process: before each test a fresh catalog file that
 * `seed` fills (it opens and closes the database itself), with stdout captured; the commands of
 * `register` on a program with main.ts's global options.
 */
export function useCliHarness(register: readonly RegisterCommands[], seed: (dbPath: string) => void): CliHarness {
  let dbPath = '';
  let stdout = '';
  beforeEach(() => {
    dbPath = path.join(tempDir(), 'catalog.db');
    seed(dbPath);
    stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  async function cli(args: readonly string[], { json = false } = {}): Promise<string> {
    const program = new Command().name('crossfade').option('--db <path>').option('--json').exitOverride();
    for (const registerCommands of register) registerCommands(program, () => program.opts<GlobalOptions>());
    stdout = '';
    await program.parseAsync(['--db', dbPath, ...(json ? ['--json'] : []), ...args], { from: 'user' });
    return stdout;
  }
  return {
    get dbPath() {
      return dbPath;
    },
    cli,
    cliJson: async <T>(args: readonly string[]) => JSON.parse(await cli(args, { json: true })) as T,
  };
}
