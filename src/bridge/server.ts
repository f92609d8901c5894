import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../services';
import { contentSecurityPolicy } from '../services/content-security-policy';
import { errorMessage, invokeMethod } from '../services/dispatch';
import { UserError } from '../shared/errors';
import { parsePosterId, posterResponse, resolvePosterFile } from '../services/posters';
import { MAX_UPLOAD_BYTES, UploadTooLargeError } from '../services/uploads';
import { bearerToken, checkRequestSource, cookie, newToken, tokenCookieName, tokensEqual } from './security';

/** What the bridge needs from a Vite dev server in middleware mode (HMR for the renderer). */
export interface ViteDevServerLike {
  middlewares: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;
  transformIndexHtml(url: string, html: string): Promise<string>;
  close(): Promise<void>;
}

export interface BridgeOptions {
  /** 0 (default): a free port. */
  readonly port?: number;
  /** Only loopback is allowed. */
  readonly host?: '127.0.0.1';
  readonly services: Services;
  /** The built renderer (out/renderer). */
  readonly rendererDir?: string;
  /** Development: Vite in middleware mode, created once the HTTP server exists (it shares it for HMR). */
  readonly viteDevServer?: (server: http.Server) => Promise<ViteDevServerLike>;
  /** The renderer's index.html source (with viteDevServer). */
  readonly indexHtml?: string;
  /** Served at /favicon.ico (PNG). */
  readonly iconFile?: string;
  /** Fixed token (tests); default: a fresh random one. */
  readonly token?: string;
  readonly maxUploadBytes?: number;
}

export interface Bridge {
  readonly url: string;
  /** The URL to open: it carries the token once, the page then keeps it in a cookie. */
  readonly openUrl: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 1024 * 1024;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Browser mode: serves the renderer and the same services over HTTP and WebSocket, on 127.0.0.1
 * only, speaking the contract:
 *
 * - POST /api/<method> with a JSON body and `Authorization: Bearer <token>` -> { ok, value } | { ok: false, error };
 * - POST /upload?name=<file name>[&into=<uploadId>] (token required) streams a file to the data
 *   folder (2 GB at most) -> { uploadId, name, size }; imports use { file: { uploadId } };
 * - WebSocket /events?token=<token> pushes { event, payload } for every contract event;
 * - GET /poster/<posterId> (token in the cookie or ?token=) serves posters registered in the catalog, nothing else;
 * - GET / serves index.html with the token in <meta name="crossfade-token">, to a request that has
 *   the token (?token=, then kept in an HttpOnly SameSite=Strict cookie); other files are the built renderer.
 *
 * Every request must name this server in its Host header (no DNS rebinding) and carry no foreign
 * Origin (no cross-site requests). Tokens are compared in constant time.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('The bridge only listens on 127.0.0.1.');
  const { services } = options;
  const token = options.token ?? newToken();
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  let port = 0;
  let csp = '';
  let vite: ViteDevServerLike | null = null;

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('crossfade bridge:', error);
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: errorMessage(error) });
      else response.destroy();
    });
  });
  server.requestTimeout = 0; // uploads of large files take long; each request is token-checked first

  const hasToken = (request: IncomingMessage, url: URL) =>
    tokensEqual(bearerToken(request), token) || tokensEqual(url.searchParams.get('token'), token) || tokensEqual(cookie(request, tokenCookieName(port)), token);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const source = checkRequestSource(request, port);
    if (!source.ok) return sendJson(response, source.status, { ok: false, error: source.reason });
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const { pathname } = url;

    if (pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: 'Use POST.' });
      if (!tokensEqual(bearerToken(request), token)) return sendJson(response, 401, { ok: false, error: 'Missing or wrong token.' });
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
        return sendJson(response, 415, { ok: false, error: 'Send the request as application/json.' });
      let input: unknown;
      try {
        const body = await readBody(request, MAX_JSON_BYTES);
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch (error) {
        return sendJson(response, 400, { ok: false, error: `The request body is not valid JSON: ${errorMessage(error)}` });
      }
      const method = decodeURIComponent(pathname.slice('/api/'.length));
      const result = await invokeMethod(services.api, method, input);
      return sendJson(response, !result.ok && result.error.startsWith('Unknown method') ? 404 : 200, result);
    }

    if (pathname === '/upload') {
      if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: 'Use POST.' });
      if (!tokensEqual(bearerToken(request), token)) return sendJson(response, 401, { ok: false, error: 'Missing or wrong token.' });
      const name = url.searchParams.get('name');
      if (!name) return sendJson(response, 400, { ok: false, error: 'Give the file name: /upload?name=<file name>.' });
      const declared = Number(request.headers['content-length'] ?? NaN);
      if (declared > maxUploadBytes) return sendJson(response, 413, { ok: false, error: new UploadTooLargeError(maxUploadBytes).message }, true);
      const into = url.searchParams.get('into');
      try {
        const stored = await services.uploads.save(request, name, { limit: maxUploadBytes, ...(into ? { into } : {}) });
        return sendJson(response, 200, { ok: true, value: stored });
      } catch (error) {
        if (error instanceof UploadTooLargeError) return sendJson(response, 413, { ok: false, error: error.message }, true);
        if (error instanceof UserError) return sendJson(response, 400, { ok: false, error: error.message });
        throw error;
      }
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { ok: false, error: 'Method not allowed.' });

    if (pathname.startsWith('/poster/')) {
      if (!hasToken(request, url)) return sendJson(response, 401, { ok: false, error: 'Missing or wrong token.' });
      const resolution = resolvePosterFile(parsePosterId(pathname.slice('/poster/'.length)), (id) => services.posterFile(id));
      return sendWebResponse(response, await posterResponse(resolution), request.method === 'HEAD');
    }

    if (pathname === '/favicon.ico') {
      if (options.iconFile && fs.existsSync(options.iconFile)) return sendFile(response, options.iconFile, 'image/png', 'public, max-age=86400');
      response.writeHead(204, BASE_HEADERS).end();
      return;
    }

    if (pathname === '/' || pathname === '/index.html') {
      if (tokensEqual(url.searchParams.get('token'), token)) {
        // Keep the token in a cookie and drop it from the address bar (and from history).
        response.writeHead(303, {
          ...BASE_HEADERS,
          Location: '/',
          'Set-Cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          'Cache-Control': 'no-store',
        });
        response.end();
        return;
      }
      if (!hasToken(request, url)) return sendHtml(response, 401, UNAUTHORIZED_PAGE, csp);
      return sendHtml(response, 200, injectToken(await indexHtml(url.pathname), token), csp);
    }

    if (vite) {
      const dev = vite;
      await new Promise<void>((resolve, reject) =>
        dev.middlewares(request, response, (error) => {
          if (error) return reject(error instanceof Error ? error : new Error(String(error)));
          if (!response.writableEnded) sendJson(response, 404, { ok: false, error: 'Not found.' });
          resolve();
        }),
      );
      return;
    }
    const file = options.rendererDir ? staticFile(options.rendererDir, pathname) : null;
    if (!file) return sendJson(response, 404, { ok: false, error: 'Not found.' });
    return sendFile(response, file, CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'no-cache');
  }

  async function indexHtml(pathname: string): Promise<string> {
    if (vite) return vite.transformIndexHtml(pathname, options.indexHtml ?? '');
    if (!options.rendererDir) throw new Error('The bridge was started without a renderer.');
    return fs.promises.readFile(path.join(options.rendererDir, 'index.html'), 'utf8');
  }

  // Events over WebSocket.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname !== '/events') {
      if (!vite) refuseUpgrade(socket, 404, 'Not Found'); // with Vite, its HMR socket is handled by Vite
      return;
    }
    const source = checkRequestSource(request, port);
    if (!source.ok) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!tokensEqual(url.searchParams.get('token'), token) && !tokensEqual(cookie(request, tokenCookieName(port)), token))
      return refuseUpgrade(socket, 401, 'Unauthorized');
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  sockets.on('connection', (ws: WebSocket) => {
    let alive = true;
    const unsubscribe = services.onEvent((message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    });
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 30_000);
    ws.on('pong', () => (alive = true));
    ws.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    ws.on('error', () => ws.terminate());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  if (options.viteDevServer) vite = await options.viteDevServer(server);

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/?token=${token}`,
    port,
    token,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await vite?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const UNAUTHORIZED_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Crossfade</title>' +
  '<p>Open the address that <code>npm run start:web</code> printed (it carries the access token for this run).</p>';

/** Puts the token where src/shared/browser-api.ts looks for it. */
export function injectToken(html: string, token: string): string {
  const meta = `<meta name="crossfade-token" content="${token}" />`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${meta}`) : `${meta}\n${html}`;
}

/** A file inside `root` for a URL path, or null: no traversal, no dotfiles, files only. */
export function staticFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${decoded}`);
  if (!file.startsWith(`${base}${path.sep}`)) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`larger than ${limit} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, closeConnection = false): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...(closeConnection ? { Connection: 'close' } : {}),
  });
  response.end(text);
}

function sendHtml(response: ServerResponse, status: number, html: string, csp: string): void {
  response.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
  });
  response.end(html);
}

function sendFile(response: ServerResponse, file: string, contentType: string, cacheControl: string): void {
  const stream = fs.createReadStream(file);
  stream.once('open', () => {
    response.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType, 'Cache-Control': cacheControl });
    stream.pipe(response);
  });
  stream.once('error', () => {
    if (!response.headersSent) sendJson(response, 404, { ok: false, error: 'Not found.' });
    else response.destroy();
  });
}

async function sendWebResponse(response: ServerResponse, web: Response, headOnly: boolean): Promise<void> {
  response.writeHead(web.status, { ...BASE_HEADERS, ...Object.fromEntries(web.headers) });
  if (headOnly || !web.body) {
    await web.body?.cancel();
    response.end();
    return;
  }
  await pipeline(Readable.fromWeb(web.body as NodeReadableStream<Uint8Array>), response);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
