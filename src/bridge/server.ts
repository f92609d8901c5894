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
import { rendererContentType } from '../services/renderer-content-types';
import { errorMessage, invokeMethod } from '../services/dispatch';
import { UserError } from '../shared/errors';
import { parsePosterId, posterResponse, resolvePosterFile } from '../services/posters';
import { MAX_UPLOAD_BYTES, UploadTooLargeError } from '../services/uploads';
import {
  bearerToken,
  checkRequestSource,
  EVENTS_PROTOCOL,
  newToken,
  offeredProtocols,
  requestTarget,
  safeDecode,
  subprotocolToken,
  tokensEqual,
} from './security';

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
  /** The address to open: it carries the token in its fragment (#token=…), which browsers never send to a server. */
  readonly openUrl: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Largest JSON request body (the contract's inputs are small). */
const MAX_JSON_BYTES = 1024 * 1024;
/**
 * How much of an oversized JSON body is read and thrown away so the client gets its 413 (closing a
 * socket that still has unread data makes the kernel reset it, and the client sees a reset instead
 * of the answer). Past this the connection is closed at once.
 */
const MAX_DISCARD_BYTES = 16 * MAX_JSON_BYTES;
/** Longest upload file name, in UTF-8 bytes: file systems allow 255 per name, and the store adds ".part" while writing. */
const MAX_UPLOAD_NAME_BYTES = 200;

/**
 * The renderer build is served by the few lines of staticFile/sendFile below rather than by sirv:
 * sirv 3 pipes its file stream without an error listener (a file removed by a rebuild of
 * out/renderer while the bridge runs crashes the process), throws on a reversed Range header
 * ("bytes=5-2"), and in dev mode checks containment by string prefix. The build's file types are
 * in services/renderer-content-types.ts; anything else goes out as application/octet-stream with nosniff.
 */
const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const WRONG_TOKEN = 'Missing or wrong token.';

/**
 * Browser mode: serves the renderer and the same services over HTTP and WebSocket, on 127.0.0.1
 * only, speaking the contract:
 *
 * - POST /api/<method> with a JSON body and `Authorization: Bearer <token>` -> { ok, value } | { ok: false, error };
 * - POST /upload?name=<file name>[&into=<uploadId>] (Bearer token) streams a file to the data
 *   folder (2 GB at most) -> { uploadId, name, size }; imports use { file: { uploadId } };
 * - GET /poster/<posterId> (Bearer token) serves posters registered in the catalog, nothing else;
 *   the page turns the bytes into blob: URLs for its <img> tags;
 * - WebSocket /events, subprotocols ['crossfade', 'token.<token>'] (the server answers 'crossfade'),
 *   pushes { event, payload } for every contract event;
 * - GET / and the built renderer's files need no token: they hold no secret. The page takes the
 *   token from the address fragment (#token=…) it was opened with.
 *
 * The token is never in a cookie (cookies ignore ports: every other server on 127.0.0.1 would
 * receive it) nor in a URL the server sees. Every request must name this server in its Host header
 * (no DNS rebinding) and carry no foreign Origin (no cross-site requests); no CORS header is ever
 * sent. Tokens are compared in constant time. Bad input of any kind gets a 4xx, never a throw.
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
      // A client that went away mid-answer is not a fault of ours.
      if (!isDisconnect(error)) console.error('crossfade bridge:', error);
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: 'Crossfade’s services failed to answer; try again.' });
      else response.destroy();
    });
  });
  server.requestTimeout = 0; // uploads of large files take long; each request is token-checked first

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const source = checkRequestSource(request, port);
    if (!source.ok) return sendJson(response, source.status, { ok: false, error: source.reason });
    const url = requestTarget(request.url);
    if (!url) return sendJson(response, 400, { ok: false, error: 'The request address is not a path on this server.' });
    const { pathname } = url;

    if (pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: 'Use POST.' });
      if (!tokensEqual(bearerToken(request), token)) return sendJson(response, 401, { ok: false, error: WRONG_TOKEN });
      const method = safeDecode(pathname.slice('/api/'.length));
      if (method === null) return sendJson(response, 400, { ok: false, error: 'The method name in the address is not valid percent-encoding.' });
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
        return sendJson(response, 415, { ok: false, error: 'Send the request as application/json.' });
      const body = await readBody(request, MAX_JSON_BYTES);
      if (!body.ok) {
        const error = `The request body is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB, the most a call accepts; send less at once.`;
        return sendJson(response, 413, { ok: false, error }, body.closeConnection);
      }
      let input: unknown;
      try {
        input = body.bytes.length === 0 ? {} : JSON.parse(body.bytes.toString('utf8'));
      } catch (error) {
        return sendJson(response, 400, { ok: false, error: `The request body is not valid JSON: ${errorMessage(error)}` });
      }
      // A call whose client goes away stops its work (e.g. the preview of a huge file).
      const gone = new AbortController();
      response.once('close', () => response.writableFinished || gone.abort());
      const result = await invokeMethod(services.api, method, input, { signal: gone.signal });
      return sendJson(response, !result.ok && result.error.startsWith('Unknown method') ? 404 : 200, result);
    }

    if (pathname === '/upload') {
      if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: 'Use POST.' });
      if (!tokensEqual(bearerToken(request), token)) return sendJson(response, 401, { ok: false, error: WRONG_TOKEN });
      const name = url.searchParams.get('name');
      if (!name) return sendJson(response, 400, { ok: false, error: 'Give the file name: /upload?name=<file name>.' });
      const nameBytes = Buffer.byteLength(name, 'utf8');
      if (nameBytes > MAX_UPLOAD_NAME_BYTES) {
        const error = `The file name is ${nameBytes} bytes long; names of at most ${MAX_UPLOAD_NAME_BYTES} bytes (UTF-8) can be uploaded. Rename the file to something shorter and choose it again.`;
        return sendJson(response, 400, { ok: false, error });
      }
      const declared = Number(request.headers['content-length'] ?? NaN);
      if (declared > maxUploadBytes) return sendJson(response, 413, { ok: false, error: new UploadTooLargeError(maxUploadBytes).message }, true);
      const into = url.searchParams.get('into');
      try {
        const stored = await services.uploads.save(request, name, { limit: maxUploadBytes, ...(into ? { into } : {}) });
        return sendJson(response, 200, { ok: true, value: stored });
      } catch (error) {
        if (error instanceof UploadTooLargeError) return sendJson(response, 413, { ok: false, error: error.message }, true);
        if (error instanceof UserError) return sendJson(response, 400, { ok: false, error: error.message });
        if (isDisconnect(error)) return void response.destroy(); // the client went away: nobody to answer
        return sendJson(response, uploadFailureStatus(error), { ok: false, error: uploadFailureMessage(error) });
      }
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { ok: false, error: 'Method not allowed.' });

    if (pathname.startsWith('/poster/')) {
      if (!tokensEqual(bearerToken(request), token)) return sendJson(response, 401, { ok: false, error: WRONG_TOKEN });
      const resolution = resolvePosterFile(parsePosterId(pathname.slice('/poster/'.length)), (id) => services.posterFile(id));
      return sendWebResponse(response, await posterResponse(resolution), request.method === 'HEAD');
    }

    if (pathname === '/favicon.ico') {
      if (options.iconFile && fs.existsSync(options.iconFile)) return sendFile(response, options.iconFile, 'image/png', 'public, max-age=86400');
      response.writeHead(204, BASE_HEADERS).end();
      return;
    }

    if (pathname === '/' || pathname === '/index.html') return sendHtml(response, 200, await indexHtml(pathname), csp);

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
    return sendFile(response, file, rendererContentType(file, { sourceMaps: true }) ?? 'application/octet-stream', 'no-cache');
  }

  async function indexHtml(pathname: string): Promise<string> {
    if (vite) return vite.transformIndexHtml(pathname, options.indexHtml ?? '');
    if (!options.rendererDir) throw new Error('The bridge was started without a renderer.');
    return fs.promises.readFile(path.join(options.rendererDir, 'index.html'), 'utf8');
  }

  // Events over WebSocket. Only the 'crossfade' subprotocol is ever echoed: never the token.
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without its error listener: a client resetting now must not crash us.
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(request, socket, head);
    } catch (error) {
      console.error('crossfade bridge: upgrade failed:', errorMessage(error));
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });
  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // With Vite, its HMR socket (any other path) is Vite's to check.
    if (vite && requestTarget(request.url)?.pathname !== '/events') return;
    if (!checkRequestSource(request, port).ok) return refuseUpgrade(socket, 403, 'Forbidden');
    const url = requestTarget(request.url);
    if (!url) return refuseUpgrade(socket, 400, 'Bad Request');
    if (url.pathname !== '/events') return refuseUpgrade(socket, 404, 'Not Found');
    const protocols = offeredProtocols(request);
    if (!tokensEqual(subprotocolToken(protocols) ?? bearerToken(request), token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (!protocols.includes(EVENTS_PROTOCOL)) return refuseUpgrade(socket, 400, 'Bad Request');
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  }
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
  // blob: images are the posters the page fetched with its token (see src/shared/browser-api.ts).
  csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`], images: ['blob:'] });
  if (options.viteDevServer) vite = await options.viteDevServer(server);

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/#token=${token}`,
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

/** A file inside `root` for a URL path, or null: no traversal, no dotfiles, files only. */
export function staticFile(root: string, pathname: string): string | null {
  const decoded = safeDecode(pathname);
  if (decoded === null || decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${decoded}`);
  if (!file.startsWith(`${base}${path.sep}`)) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

type BodyRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly closeConnection: boolean };

/**
 * Reads a request body of at most `limit` bytes. A larger one is read to its end and dropped (up
 * to MAX_DISCARD_BYTES), so that the 413 reaches the client; past that, the answer closes the connection.
 */
function readBody(request: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > MAX_DISCARD_BYTES) return Promise.resolve({ ok: false, closeConnection: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DISCARD_BYTES) {
        request.off('data', onData);
        request.pause();
        resolve({ ok: false, closeConnection: true });
      }
    };
    request.on('data', onData);
    request.on('end', () => resolve(size > limit ? { ok: false, closeConnection: false } : { ok: true, bytes: Buffer.concat(chunks) }));
    request.on('error', reject);
  });
}

/** True for the errors of a client that closed its connection while we read or wrote. */
function isDisconnect(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED';
}

/** A failed upload's status: the file system's refusals the user can act on are 4xx-like, the rest 500. */
function uploadFailureStatus(error: unknown): number {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENAMETOOLONG' ? 400 : code === 'ENOSPC' || code === 'EDQUOT' ? 507 : 500;
}

/** What went wrong with an upload, in words, without the internal path in the file system's message. */
function uploadFailureMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENAMETOOLONG') return 'The file name is too long for the data folder’s disk; rename the file to something shorter and choose it again.';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'The data folder’s disk is full; free some space, then upload the file again.';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return 'Crossfade may not write to its data folder; check its permissions in Settings, then upload the file again.';
  console.error('crossfade bridge: upload failed:', error);
  return `The upload could not be stored${code ? ` (${code})` : ''}; try again, or import the file by its path.`;
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
  response.once('close', () => stream.destroy());
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
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
