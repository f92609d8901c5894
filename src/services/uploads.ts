import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError } from './dispatch';
import { safeFileName } from '../core/safe-file-name.js';

/** Largest upload accepted (browser mode): 2 GB. */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const UPLOAD_ID = /^[a-f0-9-]{8,64}$/;
const MANIFEST = 'upload.json';
/** Uploads older than this are removed when the services start. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export class UploadTooLargeError extends ServiceError {
  constructor(limit: number) {
    super(`The file is larger than ${Math.round(limit / 1024 ** 3)} GB, the most browser mode accepts. Import it in the desktop app, or by path.`);
    this.name = 'UploadTooLargeError';
  }
}

export interface StoredUpload {
  readonly uploadId: string;
  readonly name: string;
  readonly size: number;
}

/**
 * Files uploaded by the browser (browser mode), stored as `<dir>/<uploadId>/<name>`. An upload can
 * take companion files into the same folder (`into`), so a MovieLens movies.csv finds its
 * links.csv and tags.csv beside it. `{ uploadId }` file references resolve to the first file.
 */
export class UploadStore {
  constructor(readonly dir: string) {}

  /** Streams `source` to disk; removes the partial file when the stream fails or exceeds `limit`. */
  async save(source: Readable, originalName: string, options: { into?: string; limit?: number } = {}): Promise<StoredUpload> {
    const limit = options.limit ?? MAX_UPLOAD_BYTES;
    const name = uploadFileName(originalName);
    const uploadId = options.into ?? randomUUID();
    if (!UPLOAD_ID.test(uploadId)) throw new ServiceError(`"${uploadId}" is not an upload id.`);
    const folder = path.join(this.dir, uploadId);
    if (options.into !== undefined && !fs.existsSync(path.join(folder, MANIFEST)))
      throw new ServiceError(`Upload ${uploadId} does not exist (uploads are removed after a day); upload the main file first.`);
    fs.mkdirSync(folder, { recursive: true });
    const target = path.join(folder, name);
    if (fs.existsSync(target)) throw new ServiceError(`Upload ${uploadId} already has a file named ${name}.`);
    const partial = `${target}.part`;
    let size = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > limit) throw new UploadTooLargeError(limit);
            yield chunk;
          }
        },
        fs.createWriteStream(partial, { flags: 'wx' }),
      );
      fs.renameSync(partial, target);
    } catch (error) {
      // Each step on its own: removing a partial whose name is too long throws ENAMETOOLONG too,
      // and must not leave the new upload folder behind.
      removeQuietly(partial);
      if (options.into === undefined) removeQuietly(folder);
      throw error;
    }
    if (options.into === undefined) fs.writeFileSync(path.join(folder, MANIFEST), JSON.stringify({ name }));
    return { uploadId, name, size };
  }

  /** The path of an upload's main file. */
  resolve(uploadId: string): { path: string; name: string } {
    if (!UPLOAD_ID.test(uploadId)) throw new ServiceError(`"${uploadId}" is not an upload id.`);
    const folder = path.join(this.dir, uploadId);
    let name: string;
    try {
      name = uploadFileName((JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), 'utf8')) as { name: string }).name);
    } catch {
      throw new ServiceError(`Upload ${uploadId} does not exist (uploads are removed after a day); upload the file again.`);
    }
    return { path: path.join(folder, name), name };
  }

  /** Removes uploads older than a day (run at start-up, when no job can be using them). */
  removeOld(now = Date.now()): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || !UPLOAD_ID.test(entry.name)) continue;
      const folder = path.join(this.dir, entry.name);
      if (now - fs.statSync(folder).mtimeMs > KEEP_MS) fs.rmSync(folder, { recursive: true, force: true });
    }
  }
}

function removeQuietly(target: string): void {
  try {
    fs.rmSync(target, { recursive: true, force: true });
  } catch {
    // nothing there, or a name the file system refuses: nothing to remove
  }
}

/** The name an upload is stored under: the file's own name without folders, at most 200 characters. */
function uploadFileName(originalName: string): string {
  const cleaned = safeFileName(originalName.split(/[\\/]/).pop() ?? '', { fallback: 'upload.csv', maxLength: 200, keepEnd: true });
  // MANIFEST and *.part are the store's own files.
  return cleaned === MANIFEST || cleaned.endsWith('.part') ? 'upload.csv' : cleaned;
}
