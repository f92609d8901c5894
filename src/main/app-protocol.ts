import fs from 'node:fs';
import path from 'node:path';
import { rendererContentType } from '../services/renderer-content-types';

/**
 * The renderer is served from app://crossfade/ (registered before 'ready' as a standard, secure
 * scheme) instead of file://: the page gets a real origin of its own, the CSP arrives as a response
 * header like on the web, and only the files of the renderer build can be requested.
 */
export const APP_SCHEME = 'app';
const APP_HOST = 'crossfade';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** One path segment of a build file: letters, digits and - _ . + @ ~, not starting with a dot. */
const SEGMENT = /^[A-Za-z0-9_\-+@~][A-Za-z0-9_\-+@~.]*$/;
const MAX_URL = 2048;
/** A '.' or '..' path segment, written plainly or percent-encoded, after a slash or a backslash. */
const DOT_SEGMENT = /[/\\](?:\.|%2e){1,2}(?:[/\\?#]|$)/i;

type AppResolution =
  { readonly ok: true; readonly file: string; readonly contentType: string } | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

/**
 * Maps an app:// request URL to a file of the renderer build in `rendererDir`, or refuses it.
 * Pure (no file system): only app://crossfade/<segments>, each segment from a small character
 * set (so no '..', no '%' left after decoding one level, no encoded '/' or '\', no ':' for
 * drive letters or streams, no NUL, no hidden files), a known file type, and a result that is
 * still inside rendererDir. The query and fragment are ignored; '/' is index.html.
 */
export function resolveAppRequest(url: string, rendererDir: string): AppResolution {
  if (url.length > MAX_URL) return { ok: false, status: 400, reason: 'URL too long' };
  // The URL parser folds '..' and '%2e%2e' segments away; a request that holds them is refused
  // outright rather than quietly resolved to some other file.
  if (DOT_SEGMENT.test(url)) return { ok: false, status: 400, reason: 'dot segment in the path' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '' || parsed.username !== '' || parsed.password !== '')
    return { ok: false, status: 404, reason: 'not an app:// URL of the renderer' };
  // Encoded separators are refused before decoding: after it they would look like real ones.
  if (/%(?:2f|5c|00)/i.test(parsed.pathname)) return { ok: false, status: 400, reason: 'encoded separator in the path' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const segments = pathname.slice(1).split('/');
  if (!pathname.startsWith('/') || !segments.every((segment) => SEGMENT.test(segment)))
    return { ok: false, status: 404, reason: 'not a file of the renderer build' };
  // The renderer build's file types; a request for anything else is refused.
  const contentType = rendererContentType(pathname);
  if (!contentType) return { ok: false, status: 404, reason: 'not a file type of the renderer build' };
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { ok: false, status: 404, reason: 'outside the renderer build' };
  return { ok: true, file, contentType };
}

/**
 * Reads a resolved file into a Response carrying the CSP header. A symlink, a folder or a
 * missing file is 404 (lstat: the build has no links, so a link planted there is not followed).
 */
export async function appResponse(resolution: AppResolution, contentSecurityPolicy: string): Promise<Response> {
  const headers = { 'Content-Security-Policy': contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
  if (!resolution.ok) return new Response(null, { status: resolution.status, headers });
  let body: Buffer;
  try {
    const stat = await fs.promises.lstat(resolution.file);
    if (!stat.isFile()) return new Response(null, { status: 404, headers });
    body = await fs.promises.readFile(resolution.file);
  } catch {
    return new Response(null, { status: 404, headers });
  }
  return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'Content-Type': resolution.contentType, 'Cache-Control': 'no-cache' } });
}

/** What registerAppProtocol needs from Electron's protocol module. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Serves the renderer build on app://crossfade/ (call after app 'ready'). */
export function registerAppProtocol(protocol: ProtocolLike, rendererDir: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    return appResponse(resolveAppRequest(request.url, rendererDir), contentSecurityPolicy);
  });
}
