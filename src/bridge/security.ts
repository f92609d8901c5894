import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh per-run token: 256 random bits, URL-safe. */
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
  if (!host) return false;
  return LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** A present Origin header must be this server's own origin; absent is fine (not a browser, or a same-origin GET). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

export type RequestCheck = { readonly ok: true } | { readonly ok: false; readonly status: 403; readonly reason: string };

/** Host, Origin and Fetch Metadata checks every request (HTTP and WebSocket) must pass. */
export function checkRequestSource(request: IncomingMessage, port: number): RequestCheck {
  if (!isLoopbackHost(request.headers.host, port)) return { ok: false, status: 403, reason: 'The Host header is not this loopback server.' };
  if (!isAllowedOrigin(request.headers.origin, port)) return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
  if (request.headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
  return { ok: true };
}

export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export function cookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index !== -1 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

/** The cookie that lets <img> tags and the page load without the token in the URL (cookies ignore ports, so it names the port). */
export function tokenCookieName(port: number): string {
  return `crossfade-token-${port}`;
}
