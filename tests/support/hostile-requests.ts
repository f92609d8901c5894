import net from 'node:net';

/**
 * Hostile requests for the browser bridge (issue 14), sent over raw sockets: a client library would
 * refuse to send most of them (a WebSocket to "//", a malformed percent-encoding, an absolute-form
 * target, a body larger than it says). Used by tests/glue/bridge.test.ts and bench/bridge-stress.bench.ts.
 */

interface RawAnswer {
  /** The HTTP status, or 0 when the server closed or reset the connection without answering. */
  readonly status: number;
  readonly headers: string;
  readonly body: string;
  /** The connection was reset (ECONNRESET) rather than answered and closed. */
  readonly reset: boolean;
}

/**
 * Writes `request` to 127.0.0.1:`port` as it is and collects the answer until the server closes
 * the connection (every request here says Connection: close), or `timeoutMs` passes.
 */
export function rawRequest(port: number, request: string | Buffer | readonly (string | Buffer)[], timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let reset = false;
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const headers = split === -1 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, headers, body: split === -1 ? '' : text.slice(split + 4), reset });
    };
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') reset = true;
    });
    socket.on('close', finish);
    socket.on('connect', () => {
      for (const part of Array.isArray(request) ? request : [request]) socket.write(part);
    });
  });
}

/** An HTTP/1.1 request as text: Host names the bridge unless `headers` says otherwise; the connection closes after the answer. */
export function httpRequest(port: number, method: string, target: string, headers: Record<string, string> = {}, body: string | Buffer = ''): Buffer {
  const all: Record<string, string> = { Host: `127.0.0.1:${port}`, Connection: 'close', ...headers };
  if (body.length > 0 && !('Content-Length' in all) && !('Transfer-Encoding' in all)) all['Content-Length'] = String(Buffer.byteLength(body));
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}

/** A WebSocket upgrade request (a fixed, valid Sec-WebSocket-Key). */
export function upgradeRequest(port: number, target: string, headers: Record<string, string> = {}): Buffer {
  return httpRequest(port, 'GET', target, {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  });
}

export interface HostileRequest {
  readonly name: string;
  /** What is written to the socket (several parts are written one after another). */
  readonly request: Buffer | readonly Buffer[];
  /** The status the bridge must answer with; null: any answer or none, as long as the bridge lives on. */
  readonly expected: number | null;
  /** The client gives up (and closes) after this long: a request left unfinished on purpose. */
  readonly abandonAfterMs?: number;
}

/** 200 CJK characters and ".csv": 604 bytes in UTF-8, more than a file name may have on most file systems (255). */
export const LONG_CJK_NAME = `${'映画'.repeat(100)}.csv`;

/**
 * Every kind of bad request issue 14 names, against a bridge on `port` with token `token`: none may
 * crash it, and each gets a 4xx. None of them writes anything to the data folder.
 */
export function hostileRequests(port: number, token: string): HostileRequest[] {
  const bearer = { Authorization: `Bearer ${token}` };
  const json = { ...bearer, 'Content-Type': 'application/json' };
  const badCookie = { Cookie: `crossfade-token-${port}=%E0%A4%A` };
  const oversized = Buffer.alloc(Math.round(1.5 * 1024 * 1024), 0x20);
  const chunkedOversized = [
    httpRequest(port, 'POST', '/api/catalog.stats', { ...json, 'Transfer-Encoding': 'chunked' }),
    ...Array.from({ length: 3 }, () => Buffer.concat([Buffer.from(`${(512 * 1024).toString(16)}\r\n`), Buffer.alloc(512 * 1024, 0x20), Buffer.from('\r\n')])),
    Buffer.from('0\r\n\r\n'),
  ];
  return [
    { name: 'WebSocket upgrade to //', request: upgradeRequest(port, '//'), expected: 404 },
    { name: 'WebSocket upgrade to //events', request: upgradeRequest(port, '//events'), expected: 404 },
    { name: 'WebSocket upgrade to an absolute-form target', request: upgradeRequest(port, 'http://evil.example/events'), expected: 400 },
    { name: 'WebSocket upgrade with a malformed token cookie', request: upgradeRequest(port, '/events', badCookie), expected: 401 },
    { name: 'WebSocket upgrade with the token in the query (no longer accepted)', request: upgradeRequest(port, `/events?token=${token}`), expected: 401 },
    {
      name: 'WebSocket upgrade with the token from another origin',
      request: upgradeRequest(port, '/events', { Origin: 'http://127.0.0.1:1', 'Sec-WebSocket-Protocol': `crossfade, token.${token}` }),
      expected: 403,
    },
    { name: 'WebSocket upgrade for a rebound host name', request: upgradeRequest(port, '//', { Host: `evil.example:${port}` }), expected: 403 },
    { name: 'WebSocket upgrade with a bad percent-encoding', request: upgradeRequest(port, '/events%E0%A4%A'), expected: 404 },
    {
      name: 'WebSocket upgrade without the crossfade subprotocol',
      request: upgradeRequest(port, '/events', { 'Sec-WebSocket-Protocol': `token.${token}` }),
      expected: 400,
    },
    { name: 'page with a malformed token cookie', request: httpRequest(port, 'GET', '/', badCookie), expected: 200 },
    { name: 'poster with a malformed token cookie', request: httpRequest(port, 'GET', '/poster/1', badCookie), expected: 401 },
    { name: 'API method with a malformed percent-encoding', request: httpRequest(port, 'POST', '/api/%E0%A4%A', json, '{}'), expected: 400 },
    { name: 'API method with a broken escape', request: httpRequest(port, 'POST', '/api/catalog.stats%ZZ', json, '{}'), expected: 400 },
    { name: 'static file with a malformed percent-encoding', request: httpRequest(port, 'GET', '/assets/%E0%A4%A.js'), expected: 404 },
    { name: 'static file traversal', request: httpRequest(port, 'GET', '/../../../../etc/passwd'), expected: 404 },
    { name: 'static file with a reversed Range', request: httpRequest(port, 'GET', '/index.html', { Range: 'bytes=5-2' }), expected: 200 },
    { name: 'absolute-form target', request: httpRequest(port, 'GET', `http://127.0.0.1:${port}/`), expected: 400 },
    { name: 'asterisk target', request: httpRequest(port, 'OPTIONS', '*'), expected: 400 },
    { name: 'JSON body over the limit', request: httpRequest(port, 'POST', '/api/catalog.stats', json, oversized), expected: 413 },
    { name: 'chunked JSON body over the limit', request: chunkedOversized, expected: 413 },
    {
      name: 'JSON body declared far over the limit',
      request: httpRequest(port, 'POST', '/api/catalog.stats', { ...json, 'Content-Length': '1000000000' }, '{'),
      expected: 413,
    },
    { name: 'invalid JSON body', request: httpRequest(port, 'POST', '/api/catalog.stats', json, '{"a":'), expected: 400 },
    {
      name: 'upload with a 600-byte name',
      request: httpRequest(port, 'POST', `/upload?name=${encodeURIComponent(LONG_CJK_NAME)}`, bearer, 'a,b\n1,2\n'),
      expected: 400,
    },
    {
      name: 'upload into an upload that does not exist',
      request: httpRequest(port, 'POST', '/upload?name=links.csv&into=00000000-0000-0000-0000-000000000000', bearer, 'a\n'),
      expected: 400,
    },
    {
      name: 'API with a valid token from another origin',
      request: httpRequest(port, 'POST', '/api/catalog.stats', { ...json, Origin: 'http://127.0.0.1:1' }, '{}'),
      expected: 403,
    },
    {
      name: 'poster with a valid token from another site',
      request: httpRequest(port, 'GET', '/poster/1', { ...bearer, 'Sec-Fetch-Site': 'cross-site' }),
      expected: 403,
    },
    { name: 'request without a Host', request: Buffer.from('GET / HTTP/1.0\r\n\r\n'), expected: 403 },
    { name: 'garbage instead of HTTP', request: Buffer.from('\u0000\u0001\u0002 not http at all\r\n\r\n', 'latin1'), expected: 400 },
    { name: 'headers far too large', request: httpRequest(port, 'GET', '/', { 'X-Big': 'x'.repeat(64 * 1024) }), expected: 431 },
    {
      name: 'upgrade cut off mid-headers',
      request: Buffer.from(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`),
      expected: null,
      abandonAfterMs: 100,
    },
  ];
}

/** Sends one hostile request and returns the answer. */
export function sendHostile(port: number, hostile: HostileRequest): Promise<RawAnswer> {
  return rawRequest(port, Array.isArray(hostile.request) ? hostile.request : [hostile.request as Buffer], hostile.abandonAfterMs);
}
