import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settingsSchema, type Settings } from '../shared/contract';
import { ServiceError } from './dispatch';

export const SETTINGS_FILE_NAME = 'settings.json';

/** A settings.update request: the fields to change, and the confirmation that moving the data folder needs. */
type SettingsChange = Partial<Settings> & { readonly confirmMove?: boolean | undefined };

/** The cores this computer offers (os.availableParallelism): the most worker threads that help. */
function availableCores(): number {
  return Math.max(1, os.availableParallelism());
}

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
    const loaded = this.load();
    // A settings.json written on a bigger computer must not start more threads than this one has.
    if (loaded.workerThreads !== undefined) loaded.workerThreads = Math.min(loaded.workerThreads, availableCores());
    this.current = { ...fallback, ...loaded };
  }

  get(): Settings {
    return { ...this.current };
  }

  /**
   * The settings after `change`, validated and normalised; not saved yet. A different data folder
   * is checked first (a full path, not a system location, writable), then needs `confirmMove`:
   * only then is it created.
   */
  check(change: SettingsChange): Settings {
    const next = settingsSchema.parse({ ...this.current, ...change });
    if (change.workerThreads !== undefined) checkWorkerThreads(change.workerThreads);
    if (change.dataDir !== undefined) {
      const target = checkDataDir(change.dataDir, { create: false });
      const moving = target !== path.resolve(this.current.dataDir);
      if (moving && change.confirmMove !== true)
        throw new ServiceError(
          `Using ${target} as the data folder needs your confirmation: Crossfade will open the catalog there (a new, empty one if there is none), ` +
            `and the catalog in ${this.current.dataDir} stays where it is. Confirm the move (confirmMove: true) to go ahead.`,
        );
      next.dataDir = moving ? checkDataDir(change.dataDir, { create: true }) : target;
    }
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

/** More threads than cores only make the work slower and the computer unresponsive. */
function checkWorkerThreads(threads: number): void {
  const cores = availableCores();
  if (threads > cores)
    throw new ServiceError(`This computer has ${cores} core${cores === 1 ? '' : 's'}: choose from 1 to ${cores} worker threads (you asked for ${threads}).`);
}

/**
 * Folders the data must never go into, with everything inside them: the operating system's own
 * files, the kernel's virtual file systems, and where the app (or Node) is installed. The root,
 * the drive roots and the folder of all homes are refused only as themselves.
 */
function systemLocations(): { trees: string[]; exact: string[] } {
  const installDirs = [path.dirname(process.execPath), (process as { resourcesPath?: string }).resourcesPath].filter(
    (dir): dir is string => typeof dir === 'string',
  );
  if (process.platform === 'win32') {
    const env = process.env;
    const windows = [
      env.SystemRoot ?? 'C:\\Windows',
      env.ProgramFiles ?? 'C:\\Program Files',
      env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)',
      env.ProgramData ?? 'C:\\ProgramData',
    ];
    return { trees: [...windows, ...installDirs], exact: [path.parse(process.cwd()).root, 'C:\\', 'C:\\Users'] };
  }
  const posix = ['/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot', '/proc', '/sys', '/dev', '/run', '/snap'];
  const mac = ['/System', '/Library', '/Applications', '/private/etc', '/cores'];
  return {
    trees: [...posix, ...(process.platform === 'darwin' ? mac : []), ...installDirs],
    exact: ['/', '/home', '/Users', '/var', '/opt', '/root', '/mnt', '/media'],
  };
}

/** The system location `dir` (already resolved) is or lies in, or null. */
export function systemLocationOf(dir: string): string | null {
  const { trees, exact } = systemLocations();
  const same = (a: string, b: string) => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
  const inside = (tree: string) => {
    const relative = path.relative(tree, dir);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  return exact.find((location) => same(path.resolve(location), dir)) ?? trees.find((tree) => inside(path.resolve(tree))) ?? null;
}

/** `dir` with symlinks resolved as far as it exists (a link to /etc is /etc); the rest is kept as written. */
function realPathAsFarAsItExists(dir: string): string {
  let existing = dir;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  try {
    return path.join(fs.realpathSync.native(existing), ...rest);
  } catch {
    return dir;
  }
}

/**
 * A data folder must be a full path, not a system location (before or after following symlinks),
 * and writable: proved by creating and removing a file in it, or in the closest existing folder
 * above it when it does not exist yet (`create` makes it first).
 */
function checkDataDir(dir: string, options: { create: boolean }): string {
  if (!path.isAbsolute(dir)) throw new ServiceError(`The data folder must be a full path (for example ${path.join(os.homedir(), 'Crossfade')}), not "${dir}".`);
  const resolved = path.resolve(dir);
  for (const candidate of [resolved, realPathAsFarAsItExists(resolved)]) {
    const location = systemLocationOf(candidate);
    if (location)
      throw new ServiceError(
        `${resolved} is a system location (${location}): choose a folder of your own for the data, for example ${path.join(os.homedir(), 'Crossfade')}.`,
      );
  }
  let probeDir = resolved;
  try {
    if (options.create) fs.mkdirSync(resolved, { recursive: true });
    while (!fs.existsSync(probeDir) && path.dirname(probeDir) !== probeDir) probeDir = path.dirname(probeDir);
    if (!fs.statSync(probeDir).isDirectory()) throw new ServiceError(`${probeDir} is a file, not a folder. Choose a folder for the data.`);
    const probe = path.join(probeDir, `.crossfade-write-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(probe, '', { flag: 'wx' });
    fs.rmSync(probe, { force: true });
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ServiceError(
      `The data folder ${resolved} cannot be ${options.create ? 'created or ' : ''}written to (${code}). Choose a folder you can write to.`,
    );
  }
  return resolved;
}
