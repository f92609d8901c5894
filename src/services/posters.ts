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

export type PosterResolution =
  | { readonly ok: true; readonly file: string; readonly contentType: string }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

/** The file of poster `id` if the catalog registers it (lookup) and it is an image path; nothing else. */
export function resolvePosterFile(id: number | null, lookup: (posterId: number) => string | null): PosterResolution {
  if (id === null) return { ok: false, status: 404, reason: 'not a poster id' };
  const file = lookup(id);
  if (!file) return { ok: false, status: 404, reason: `poster ${id} is not in the catalog` };
  if (!path.isAbsolute(file)) return { ok: false, status: 404, reason: `poster ${id} has no absolute path` };
  const contentType = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return { ok: false, status: 404, reason: `poster ${id} is not an image file` };
  return { ok: true, file, contentType };
}

/** Opens a resolved poster as a web Response (404 when the file has gone since it was registered). */
export async function posterResponse(resolution: PosterResolution): Promise<Response> {
  if (!resolution.ok) return new Response(null, { status: resolution.status });
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(resolution.file);
  } catch {
    return new Response(null, { status: 404 });
  }
  if (!stat.isFile()) return new Response(null, { status: 404 });
  const body = Readable.toWeb(fs.createReadStream(resolution.file)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': resolution.contentType,
      'Content-Length': String(stat.size),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
