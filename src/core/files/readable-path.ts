import fs from 'node:fs';
import path from 'node:path';

/**
 * The one policy for paths that come from outside (a typed path, a dialog, a drop, an API call):
 * Crossfade reads regular files and folders the user chose, never devices, pipes, sockets or the
 * kernel's virtual files. Callers: src/services/file-access.ts (every service method taking a
 * path) and the desktop IPC layer through it.
 */

/** 'entry': a file or a folder (an import can be a dataset folder, such as Last.fm HetRec's). */
export type PathKind = 'file' | 'folder' | 'entry';

/** A path Crossfade refuses to read; the message names it and says what was expected, never what it holds. */
export class RefusedPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedPathError';
  }
}

/** Virtual file systems of the kernel and the device tree: reading them leaks secrets (environ) or never ends (/dev/zero). */
const POSIX_SYSTEM_TREES = ['/proc', '/sys', '/dev'] as const;
/** Windows device names, reserved in every folder and with any extension (NUL.csv is the null device). */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.[^\\/]*)?$/i;

interface ReadablePath {
  /** The real path (symlinks resolved, checked): read this one, not the path given. */
  readonly path: string;
  readonly stat: fs.Stats;
}

/** The system tree (/proc, /sys, /dev) `file` lies in, or null. Also true for Windows device namespaces. */
export function systemTreeOf(file: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') {
    if (/^[\\/]{2}[.?][\\/]/.test(file)) return '\\\\.\\ (the device namespace)';
    if (WINDOWS_DEVICE_NAME.test(path.win32.basename(file))) return 'the Windows device names';
    return null;
  }
  const normalised = path.posix.normalize(file);
  return POSIX_SYSTEM_TREES.find((tree) => normalised === tree || normalised.startsWith(`${tree}/`)) ?? null;
}

/**
 * Resolves `input` to a real path and checks it: no NUL, not under /proc, /sys or /dev before or
 * after following symlinks (a link to /proc/self/environ is refused), an existing readable
 * regular file (`kind` 'file': no FIFO, socket or device) or folder. `shownAs` is how messages
 * name it; `expected` completes "Choose …" (for example "a CSV file").
 */
export function checkReadablePath(input: string, kind: PathKind, options: { shownAs?: string; expected?: string } = {}): ReadablePath {
  const shownAs = options.shownAs ?? input;
  const expected = options.expected ?? (kind === 'file' ? 'a CSV file' : 'a folder');
  if (input.includes('\0'))
    throw new RefusedPathError(`The path ${JSON.stringify(shownAs.replaceAll('\0', '\\0'))} contains a NUL character. Choose ${expected}.`);
  const given = path.resolve(input);
  const refuseSystem = (tree: string) => new RefusedPathError(`${shownAs} is a system file (under ${tree}), which Crossfade never reads. Choose ${expected}.`);
  const givenTree = systemTreeOf(given);
  if (givenTree) throw refuseSystem(givenTree);

  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync.native(given);
    stat = fs.statSync(real);
  } catch (error) {
    throw new RefusedPathError(`${shownAs} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the path and permissions.`);
  }
  const realTree = systemTreeOf(real);
  if (realTree) throw refuseSystem(realTree);

  const what = describeNonRegular(stat);
  if (kind === 'file' && !stat.isFile()) throw new RefusedPathError(`${shownAs} is ${what}, not a file. Choose ${expected}.`);
  if (kind === 'folder' && !stat.isDirectory()) throw new RefusedPathError(`${shownAs} is ${what}, not a folder. Choose ${expected}.`);
  if (kind === 'entry' && !stat.isFile() && !stat.isDirectory()) throw new RefusedPathError(`${shownAs} is ${what}, not a file. Choose ${expected}.`);
  try {
    fs.accessSync(real, stat.isDirectory() ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
  } catch (error) {
    throw new RefusedPathError(
      `${shownAs} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the permissions, or choose another ${kind}.`,
    );
  }
  return { path: real, stat };
}

function describeNonRegular(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFile()) return 'a file';
  return 'not a regular file';
}
