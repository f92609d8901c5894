import { openDatabase, type CatalogDatabase } from '../core/db/open-database.js';
import { defaultDatabasePath } from '../core/paths.js';
import { createOutput, type Output } from './output.js';

export interface GlobalOptions {
  readonly db?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

export interface CommandContext {
  readonly db: CatalogDatabase;
  readonly dbPath: string;
  readonly out: Output;
  readonly showProgress: boolean;
}

/** Opens the catalog for one command and always closes it, whatever the command does. */
export async function withCatalog<T>(options: GlobalOptions, run: (context: CommandContext) => Promise<T> | T): Promise<T> {
  const dbPath = options.db ?? defaultDatabasePath();
  const db = openDatabase(dbPath);
  try {
    return await run({ db, dbPath, out: createOutput(options.json ?? false), showProgress: !options.json && options.progress !== false });
  } finally {
    db.close();
  }
}
