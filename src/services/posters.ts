import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

/** Image types the poster routes serve, by extension; any other file is refused. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
};

/** A poster id as it appears in a URL: decimal digits only, no sign, no leading zero. */
export function parsePosterId(text: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** Where a registered poster is: its file, and the linked poster folder whose scan registered it. */
export interface PosterLocation {
  readonly file: string;
  /** null for a row no folder scan registered: such a row is never served. */
  readonly folder: string | null;
}

export type PosterResolution =
  { readonly ok: true; readonly file: string; readonly folder: string } | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

/** The file of poster `id` if the catalog registers it (lookup) with an image name inside a linked folder; nothing else. */
export function resolvePosterFile(id: number | null, lookup: (posterId: number) => PosterLocation | null): PosterResolution {
  if (id === null) return { ok: false, status: 404, reason: 'not a poster id' };
  const location = lookup(id);
  if (!location) return { ok: false, status: 404, reason: `poster ${id} is not in the catalog` };
  const { file, folder } = location;
  if (!path.isAbsolute(file)) return { ok: false, status: 404, reason: `poster ${id} has no absolute path` };
  if (!IMAGE_TYPES[path.extname(file).toLowerCase()]) return { ok: false, status: 404, reason: `poster ${id} is not an image file` };
  if (folder === null || !path.isAbsolute(folder)) return { ok: false, status: 404, reason: `poster ${id} was not registered by a poster folder scan` };
  return { ok: true, file, folder };
}

/**
 * The image type a file's first bytes declare, or null. Six fixed signatures: a file-type library
 * would pull in a large dependency to recognise these few.
 */
export function imageTypeOf(head: Uint8Array): string | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const ascii = (start: number, end: number) => bytes.subarray(start, end).toString('latin1');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp' && ['avif', 'avis'].includes(ascii(8, 12))) return 'image/avif';
  if (ascii(0, 2) === 'BM' && bytes.length >= 14) return 'image/bmp';
  return null;
}

/** True when `file` lies strictly inside `folder` (both already real paths). */
function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..';
}

// Not on Windows: there a missing flag is 0 and the realpath check alone applies.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

interface OpenedPoster {
  readonly handle: fs.promises.FileHandle;
  readonly size: number;
  readonly contentType: string;
}

/**
 * Opens a registered poster for serving, checked at the moment of serving, not only when the
 * folder was scanned: the real path (symlinks resolved) must still lie inside the real linked
 * folder, the last component is opened without following a symlink swapped in since (O_NOFOLLOW),
 * a FIFO cannot block the open (O_NONBLOCK), and the opened file must be a regular file whose
 * first bytes are an image. The bytes served come from that same open file.
 */
async function openCheckedPoster(file: string, folder: string): Promise<OpenedPoster | null> {
  let realFile: string;
  let realFolder: string;
  try {
    [realFile, realFolder] = await Promise.all([fs.promises.realpath(file), fs.promises.realpath(folder)]);
  } catch {
    return null;
  }
  if (!isInside(realFolder, realFile)) return null;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(realFile, OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile()) {
      const head = Buffer.alloc(16);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const contentType = imageTypeOf(head.subarray(0, bytesRead));
      if (contentType) return { handle, size: stat.size, contentType };
    }
  } catch {
    // unreadable: refused below
  }
  await handle.close().catch(() => undefined);
  return null;
}

/** Opens a resolved poster as a web Response: 404 when it has gone, left its folder or is no longer an image. */
export async function posterResponse(resolution: PosterResolution): Promise<Response> {
  if (!resolution.ok) return new Response(null, { status: resolution.status });
  const opened = await openCheckedPoster(resolution.file, resolution.folder);
  if (!opened) return new Response(null, { status: 404 });
  const body = Readable.toWeb(opened.handle.createReadStream({ start: 0 })) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': opened.contentType,
      'Content-Length': String(opened.size),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
