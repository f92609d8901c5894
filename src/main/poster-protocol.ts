import { parsePosterId, posterResponse, resolvePosterFile, type PosterLocation, type PosterResolution } from '../services/posters';

/** The scheme of poster images in the desktop app: crossfade-poster://poster/<posterId>. */
export const POSTER_SCHEME = 'crossfade-poster';

/**
 * Maps a crossfade-poster:// URL to the file of a poster registered in the catalog (`lookup` reads
 * the posters table). Only `crossfade-poster://poster/<decimal id>` with no query is accepted;
 * unknown ids, other hosts, traversal attempts and anything else are 404, never a path on disk.
 * Serving (posterResponse) then checks the file again: still inside its linked folder, still an image.
 */
export function resolvePosterRequest(url: string, lookup: (posterId: number) => PosterLocation | null): PosterResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${POSTER_SCHEME}:` || parsed.host !== 'poster' || parsed.search !== '' || parsed.username !== '' || parsed.password !== '')
    return { ok: false, status: 404, reason: 'not a poster URL' };
  const match = /^\/([^/]*)$/.exec(parsed.pathname);
  return resolvePosterFile(match ? parsePosterId(match[1] ?? '') : null, lookup);
}

/** What registerPosterProtocol needs from Electron's protocol module. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Serves catalog posters on crossfade-poster:// (call after app 'ready'). */
export function registerPosterProtocol(protocol: ProtocolLike, lookup: (posterId: number) => PosterLocation | null): void {
  protocol.handle(POSTER_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response(null, { status: 405 });
    return posterResponse(resolvePosterRequest(request.url, lookup));
  });
}
