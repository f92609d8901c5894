import path from 'node:path';
import { createServices, defaultDataDir, type Services } from '../services/index.js';
import type { CrossfadeApi } from '../shared/contract.js';
import { createOutput, type Output } from './output.js';

export interface GlobalOptions {
  readonly db?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

export interface CommandContext {
  /** The same API the desktop and browser shells call: every request validated by the contract. */
  readonly api: CrossfadeApi;
  readonly services: Services;
  readonly dbPath: string;
  readonly out: Output;
  readonly showProgress: boolean;
}

/**
 * Starts the services for one command and always stops them, whatever the command does. Without
 * --db the CLI uses the desktop app's catalog (the per-user data folder, or where its settings
 * moved it); with --db, that file, and the folder holding it for anything else the services keep
 * (vector snapshots, settings), so one catalog's files never mix with another's.
 */
export async function withServices<T>(options: GlobalOptions, run: (context: CommandContext) => Promise<T> | T): Promise<T> {
  const databasePath = options.db === undefined ? undefined : path.resolve(options.db);
  const services = createServices({
    dataDir: databasePath ? path.dirname(databasePath) : defaultDataDir(),
    ...(databasePath ? { databasePath } : {}),
    mode: 'cli',
    preloadVibeIndex: false,
  });
  try {
    return await run({
      api: services.api,
      services,
      dbPath: services.databasePath,
      out: createOutput(options.json ?? false),
      showProgress: !options.json && options.progress !== false,
    });
  } finally {
    await services.close();
  }
}
