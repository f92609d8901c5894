import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Method } from '../shared/contract';
import { HANDLE_PREFIX, isHandle, PATH_FIELDS, replacePathFields } from '../shared/path-fields';

/** How many handles are remembered; the oldest are forgotten first (a picker session needs a few). */
const MAX_HANDLES = 1000;

/** A request that names a path the user did not pick in this app run. */
class RawPathRefusedError extends Error {
  constructor(method: Method) {
    super(
      `Refused ${method}: in the desktop app, choose the file or folder with Browse… or drop it on the window; ` +
        'typed paths are not accepted (use browser mode or the command line to import by path).',
    );
    this.name = 'RawPathRefusedError';
  }
}

/**
 * The desktop app's rule for paths: the main process reads only files and folders the user chose
 * in this run, in the open dialog or by dropping them on the window. Each choice gets an opaque
 * handle (`crossfade-handle:` and 144 random bits) that the renderer passes where the service API
 * takes a path; the IPC layer maps it back here and refuses anything else, so a compromised page
 * cannot name /etc/shadow or ~/.ssh/id_ed25519 itself. The path policy of the services
 * (src/services/file-access.ts: no /proc, /sys, /dev, devices, FIFOs, sockets) still applies to
 * what handles resolve to, because a user can pick a bad file in a dialog too.
 */
export class FileHandles {
  private readonly paths = new Map<string, string>();
  /** The handle already issued for a path, so picking the same file twice gives the same handle. */
  private readonly byPath = new Map<string, string>();

  /** A handle for `chosen`, an absolute path the user picked or dropped. */
  issue(chosen: string): string {
    if (!path.isAbsolute(chosen)) throw new Error(`A chosen path must be absolute, not "${chosen}".`);
    const existing = this.byPath.get(chosen);
    if (existing) return existing;
    const handle = `${HANDLE_PREFIX}${randomBytes(18).toString('base64url')}`;
    this.paths.set(handle, chosen);
    this.byPath.set(chosen, handle);
    if (this.paths.size > MAX_HANDLES) {
      const [oldest, oldestPath] = this.paths.entries().next().value as [string, string];
      this.paths.delete(oldest);
      this.byPath.delete(oldestPath);
    }
    return handle;
  }

  /** The path behind a handle issued here, or null. */
  resolve(handle: string): string | null {
    return this.paths.get(handle) ?? null;
  }

  /**
   * The request with every path field's handle replaced by its path; throws RawPathRefusedError
   * when a path field holds anything but a handle issued here (a typed path, a forged handle).
   */
  translate(method: Method, input: unknown): unknown {
    if (!PATH_FIELDS[method]) return input;
    return replacePathFields(method, input, (value) => {
      const resolved = isHandle(value) ? this.resolve(value) : null;
      if (resolved === null) throw new RawPathRefusedError(method);
      return resolved;
    });
  }
}
