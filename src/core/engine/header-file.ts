import fs from 'node:fs';

/**
 * Opens `file` and parses its header: JSON padded with spaces to `headerBytes`. `accept` checks
 * it (with the open descriptor, e.g. to compare the file's size) and returns what the caller keeps;
 * when it throws, or the file is missing, short or not JSON, the descriptor is closed and the
 * result is null. The caches beside a catalog (vector snapshots, filter columns) are read this way:
 * anything unexpected means "absent", never an error.
 */
export function openWithJsonHeader<T>(file: string, headerBytes: number, accept: (meta: Record<string, unknown>, fd: number) => T): T | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const header = Buffer.alloc(headerBytes);
    if (fs.readSync(fd, header, 0, headerBytes, 0) !== headerBytes) throw new RangeError('short header');
    const meta: unknown = JSON.parse(header.toString('utf8').trimEnd());
    if (meta === null || typeof meta !== 'object') throw new RangeError('not a header');
    return accept(meta as Record<string, unknown>, fd);
  } catch {
    fs.closeSync(fd);
    return null;
  }
}
