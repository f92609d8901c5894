import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settingsSchema, type Settings } from '../shared/contract';
import { ServiceError } from './dispatch';

export const SETTINGS_FILE_NAME = 'settings.json';

/** One worker thread per core, at most 4. */
export function defaultWorkerThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * The settings, saved as JSON in `<baseDir>/settings.json` (baseDir is the per-user data folder the
 * app starts from). `dataDir` says where the catalog and uploads live; it defaults to baseDir.
 * A missing or damaged file gives the defaults (a damaged one is kept as settings.json.bad).
 */
export class SettingsStore {
  readonly file: string;
  private current: Settings;

  constructor(
    readonly baseDir: string,
    defaults: Partial<Settings> = {},
  ) {
    this.file = path.join(baseDir, SETTINGS_FILE_NAME);
    const fallback: Settings = {
      dataDir: defaults.dataDir ?? baseDir,
      theme: defaults.theme ?? 'system',
      workerThreads: defaults.workerThreads ?? defaultWorkerThreads(),
    };
    this.current = { ...fallback, ...this.load() };
  }

  get(): Settings {
    return { ...this.current };
  }

  /** The settings after `change`, validated and normalised (a new data folder is created); not saved yet. */
  check(change: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.current, ...change });
    if (change.dataDir !== undefined) next.dataDir = checkDataDir(change.dataDir);
    return next;
  }

  /** Saves settings returned by check(). */
  save(settings: Settings): void {
    fs.mkdirSync(this.baseDir, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`);
    fs.renameSync(temporary, this.file);
    this.current = { ...settings };
  }

  private load(): Partial<Settings> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = settingsSchema.partial().safeParse(JSON.parse(text));
      if (parsed.success) return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
    } catch {
      // not JSON: handled below
    }
    console.warn(`crossfade: ${this.file} is damaged; using the default settings (the file was kept as ${SETTINGS_FILE_NAME}.bad).`);
    fs.renameSync(this.file, `${this.file}.bad`);
    return {};
  }
}

/** A data folder must be an absolute path to a folder we can create and write to. */
function checkDataDir(dir: string): string {
  if (!path.isAbsolute(dir)) throw new ServiceError(`The data folder must be a full path (for example ${path.join(os.homedir(), 'Crossfade')}), not "${dir}".`);
  const resolved = path.resolve(dir);
  try {
    fs.mkdirSync(resolved, { recursive: true });
    fs.accessSync(resolved, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ServiceError(`The data folder ${resolved} cannot be created or written to (${code}). Choose another folder.`);
  }
  if (!fs.statSync(resolved).isDirectory()) throw new ServiceError(`${resolved} is a file, not a folder. Choose a folder for the data.`);
  return resolved;
}
