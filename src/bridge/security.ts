import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh per-run token: 256 random bits, URL-safe (base64url), so it fits a URL fragment and a WebSocket subprotocol. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (hashing first makes the lengths equal, so the length leaks nothing either). */
export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

/**
 * The Host header must name this server on loopback (127.0.0.1 or localhost, with our port).
 * Anything else is a DNS-rebinding attempt (evil.example resolving to 127.0.0.1) or a proxy.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (typeof host !== 'string') return false;
  return LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** A present Origin header must be this server's own origin; absent is fine (not a browser, or a same-origin GET). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

export type RequestCheck = { readonly ok: true } | { readonly ok: false; readonly status: 403; readonly reason: string };

/**
 * Host, Origin and Fetch Metadata checks every request (HTTP and WebSocket) must pass. They read
 * plain header strings only, so they run first, before anything parses the address or the body.
 */
export function checkRequestSource(request: IncomingMessage, port: number): RequestCheck {
  if (!isLoopbackHost(request.headers.host, port)) return { ok: false, status: 403, reason: 'The Host header is not this loopback server.' };
  if (!isAllowedOrigin(request.headers.origin, port)) return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
  if (request.headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
  return { ok: true };
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * The WebSocket subprotocol the page asks for, and the only one the server ever answers with. A
 * browser cannot set headers on a WebSocket, so the page offers `['crossfade', 'token.<token>']`;
 * echoing only `crossfade` keeps the token out of the response.
 */
export const EVENTS_PROTOCOL = 'crossfade';
const TOKEN_PROTOCOL_PREFIX = 'token.';

/** The protocols a WebSocket upgrade offers (Sec-WebSocket-Protocol: a, b), in order. */
export function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The token carried in a `token.<token>` subprotocol, or null. */
export function subprotocolToken(protocols: readonly string[]): string | null {
  const carrier = protocols.find((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX));
  return carrier ? carrier.slice(TOKEN_PROTOCOL_PREFIX.length) : null;
}

/** The request target (`/path?query`) as a URL, or null when it is not origin-form or does not parse. */
export function requestTarget(raw: string | undefined): URL | null {
  // Origin-form only ("/..."): an absolute-form or "*" target is not for this server. Prefixing the
  // fixed origin (rather than `new URL(raw, base)`) keeps "//" and "//evil.example/x" plain paths.
  if (typeof raw !== 'string' || !raw.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1${raw}`);
  } catch {
    return null;
  }
}

/** decodeURIComponent that answers null for a malformed escape such as "%E0%A4%A" instead of throwing. */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
