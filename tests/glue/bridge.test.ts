import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startBridge, staticFile, type Bridge } from '../../src/bridge/server';
import { tokensEqual } from '../../src/bridge/security';
import type { Services } from '../../src/services';
import { createBrowserApi } from '../../src/shared/browser-api';
import type { EventMessage } from '../../src/shared/preload-api';
import type { Job } from '../../src/shared/contract';
import { hostileRequests, httpRequest, LONG_CJK_NAME, rawRequest, sendHostile, upgradeRequest } from '../support/hostile-requests';
import { tempDir } from '../support/temp';
import { songsCsv, testServices } from './fixtures';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
const running: { bridge: Bridge; services: Services }[] = [];
afterEach(async () => {
  for (const { bridge, services } of running.splice(0)) {
    await bridge.close();
    await services.close();
  }
});

async function start(): Promise<{ bridge: Bridge; services: Services; base: string }> {
  const services = testServices();
  const rendererDir = tempDir('crossfade-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Crossfade</title></head><body></body></html>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const bridge = await startBridge({ services, rendererDir, token: TOKEN });
  running.push({ bridge, services });
  return { bridge, services, base: bridge.url };
}

/** Registers poster 3 of movie 7 as a scan of `folder` would (the poster's source is the linked folder). */
function registerPoster(services: Services, folder: string, image: string): void {
  const db = new Database(services.databasePath);
  db.prepare(`INSERT INTO movies(id, title) VALUES (7, 'Spirited Away')`).run();
  const source = db.prepare(`INSERT INTO sources(path, kind, format) VALUES (?, 'posters', 'poster-folder')`).run(folder).lastInsertRowid;
  db.prepare(`INSERT INTO posters(id, movie_id, path, file_size, file_mtime_ms, matched_by, source_id) VALUES (3, 7, ?, 8, 0, 'mapping', ?)`).run(
    image,
    source,
  );
  db.close();
}

/** A raw request, so Host and Origin can be anything (fetch does not allow setting Host). */
function raw(
  bridge: Bridge,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: bridge.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const api = (base: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('bridge security', () => {
  it('answers a valid call with 200 and the contract value', async () => {
    const { base } = await start();
    const response = await api(base, 'catalog.stats', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { songs: 0, movies: 0, schemaVersion: expect.any(Number) } });
  });

  it('refuses requests without the token or with a wrong one (401)', async () => {
    const { base } = await start();
    const none = await fetch(`${base}/api/catalog.stats`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ ok: false, error: 'Missing or wrong token.' });
    expect((await api(base, 'catalog.stats', {}, { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await api(base, 'catalog.stats', {}, { Authorization: TOKEN })).status).toBe(401);
    // The token in the query or a cookie is not enough for the API (cookies are ambient).
    const viaQuery = await fetch(`${base}/api/catalog.stats?token=${TOKEN}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(viaQuery.status).toBe(401);
    const upload = await fetch(`${base}/upload?name=x.csv`, { method: 'POST', body: 'a,b\n' });
    expect(upload.status).toBe(401);
  });

  it('refuses non-loopback Origin and Host headers (403), even with the token', async () => {
    const { bridge } = await start();
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    const post = (extra: Record<string, string>) => raw(bridge, { method: 'POST', path: '/api/catalog.stats', headers: { ...headers, ...extra }, body: '{}' });
    expect((await post({ Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await post({ Origin: 'null' })).status).toBe(403);
    expect((await post({ Host: 'evil.example' })).status).toBe(403);
    expect((await post({ Host: `evil.example:${bridge.port}` })).status).toBe(403);
    expect((await post({ Host: `127.0.0.1:${bridge.port + 1}` })).status).toBe(403);
    expect((await post({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await raw(bridge, { path: `/?token=${TOKEN}`, headers: { Host: `rebind.example:${bridge.port}` } })).status).toBe(403);
    expect((await post({ Origin: `http://localhost:${bridge.port}`, Host: `localhost:${bridge.port}` })).status).toBe(200);
    expect((await post({ Origin: `http://127.0.0.1:${bridge.port}` })).status).toBe(200);
  });

  it('validates requests at the boundary and names unknown methods', async () => {
    const { base } = await start();
    const bad = await api(base, 'catalog.searchSongs', { text: 7 });
    expect(await bad.json()).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid request to catalog\.searchSongs: text:/) });
    const unknown = await api(base, 'catalog.dropTables', {});
    expect(unknown.status).toBe(404);
    expect((await api(base, 'catalog.stats', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    const notJson = await fetch(`${base}/api/catalog.stats`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('serves the page (which holds no secret) with the CSP, never sets a cookie, and refuses traversal', async () => {
    const { bridge, base } = await start();
    expect(bridge.openUrl).toBe(`${base}/#token=${TOKEN}`);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*img-src 'self' data: blob:.*connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
    const html = await page.text();
    expect(html).toContain('<title>Crossfade</title>');
    expect(html).not.toContain(TOKEN);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(204);
    expect((await raw(bridge, { path: '/../../package.json' })).status).toBe(404);
    expect((await raw(bridge, { path: '/assets/%2e%2e/%2e%2e/package.json' })).status).toBe(404);
    expect(staticFile('/srv/renderer', '/../etc/passwd')).toBeNull();
    expect(staticFile('/srv/renderer', '/%E0%A4%A')).toBeNull();
  });

  it('takes the WebSocket token from the subprotocol only, echoes back only "crossfade", and refuses other origins', async () => {
    const { bridge } = await start();
    const attempt = (protocols: string[], headers: Record<string, string> = {}, query = '') =>
      new Promise<{ status: number; protocol?: string }>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events${query}`, protocols, { headers });
        ws.on('open', () => {
          const protocol = ws.protocol;
          ws.close();
          resolve({ status: 101, protocol });
        });
        ws.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
        ws.on('error', () => resolve({ status: -1 }));
      });
    expect(await attempt([])).toEqual({ status: 401 });
    expect(await attempt(['crossfade', 'token.wrong'])).toEqual({ status: 401 });
    expect(await attempt(['crossfade'], {}, `?token=${TOKEN}`)).toEqual({ status: 401 });
    expect(await attempt(['crossfade', `token.${TOKEN}`], { Origin: 'https://evil.example' })).toEqual({ status: 403 });
    expect(await attempt(['crossfade', `token.${TOKEN}`], { Origin: `http://127.0.0.1:${bridge.port + 1}` })).toEqual({ status: 403 });
    expect(await attempt(['crossfade', `token.${TOKEN}`], { Origin: `http://127.0.0.1:${bridge.port}` })).toEqual({ status: 101, protocol: 'crossfade' });
    // The handshake answer names the protocol, never the token.
    const answer = await rawRequest(
      bridge.port,
      upgradeRequest(bridge.port, '/events', { 'Sec-WebSocket-Protocol': `crossfade, token.${TOKEN}`, Origin: `http://127.0.0.1:${bridge.port}` }),
      2_000,
    );
    expect(answer.status).toBe(101);
    expect(answer.headers).toMatch(/^Sec-WebSocket-Protocol: crossfade$/im);
    expect(answer.headers).not.toContain(TOKEN);
  });

  it('compares tokens in constant time, whatever their length', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual('short', TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    expect(tokensEqual(null, TOKEN)).toBe(false);
  });
});

describe('bridge features', () => {
  it('uploads a CSV, previews it, imports it with job.updated events over WebSocket until completed', async () => {
    const { bridge, base } = await start();
    const events: EventMessage[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, ['crossfade', `token.${TOKEN}`]);
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as EventMessage));
    await new Promise((resolve) => ws.once('open', resolve));

    const upload = await fetch(`${base}/upload?name=${encodeURIComponent('my songs.csv')}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' },
      body: songsCsv(300),
    });
    expect(upload.status).toBe(200);
    const { value: stored } = (await upload.json()) as { value: { uploadId: string; name: string; size: number } };
    expect(stored).toMatchObject({ name: 'my songs.csv', size: songsCsv(300).length });

    const preview = (await (await api(base, 'imports.preview', { file: { uploadId: stored.uploadId } })).json()) as {
      ok: boolean;
      value: { fileName: string; format: { id: string } };
    };
    expect(preview).toMatchObject({ ok: true, value: { fileName: 'my songs.csv', format: { id: 'spotify-tracks-hf' } } });

    const started = (await (await api(base, 'imports.start', { file: { uploadId: stored.uploadId } })).json()) as { ok: boolean; value: Job };
    expect(started).toMatchObject({ ok: true, value: { kind: 'import', label: 'Import my songs.csv' } });

    const deadline = Date.now() + 30_000;
    const completed = () => events.find((message) => message.event === 'job.updated' && (message.payload as Job).status === 'completed');
    while (!completed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    ws.close();
    expect(completed()?.payload).toMatchObject({ id: started.value.id, result: { counters: { rowsImported: 300 } } });
    expect(events.some((message) => message.event === 'catalog.changed')).toBe(true);
    expect(((await (await api(base, 'catalog.stats', {})).json()) as { value: { songs: number } }).value.songs).toBe(300);
  });

  it('refuses uploads over the size limit', async () => {
    const services = testServices();
    const bridge = await startBridge({ services, token: TOKEN, maxUploadBytes: 10 });
    running.push({ bridge, services });
    const response = await fetch(`${bridge.url}/upload?name=big.csv`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: 'a'.repeat(11) });
    expect(response.status).toBe(413);
    expect(fs.readdirSync(path.join(services.dataDir)).includes('uploads') ? fs.readdirSync(path.join(services.dataDir, 'uploads')) : []).toEqual([]);
  });

  it('serves posters registered in the catalog to the token header only, and nothing else', async () => {
    const { bridge, services, base } = await start();
    const folder = tempDir();
    const image = path.join(folder, 'poster.png');
    fs.writeFileSync(image, Buffer.from('89504e470d0a1a0a', 'hex'));
    registerPoster(services, folder, image);
    const bearer = { Authorization: `Bearer ${TOKEN}` };
    const poster = await fetch(`${base}/poster/3`, { headers: bearer });
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await poster.arrayBuffer())).toEqual(fs.readFileSync(image));
    expect((await fetch(`${base}/poster/3`)).status).toBe(401);
    expect((await fetch(`${base}/poster/3?token=${TOKEN}`)).status).toBe(401);
    expect((await fetch(`${base}/poster/3`, { headers: { Cookie: `crossfade-token-${bridge.port}=${TOKEN}` } })).status).toBe(401);
    expect((await fetch(`${base}/poster/4`, { headers: bearer })).status).toBe(404);
    expect((await raw(bridge, { path: '/poster/..%2F..%2Fetc%2Fpasswd', headers: bearer })).status).toBe(404);
    expect((await raw(bridge, { path: '/poster/3/../../../etc/passwd', headers: bearer })).status).toBe(404);
    const forMovies = (await (await api(base, 'posters.forMovies', { movieIds: [7, 8] })).json()) as unknown;
    expect(forMovies).toEqual({ ok: true, value: [{ posterId: 3, movieId: 7 }] });
  });

  it('refuses a poster whose file was swapped for a symlink to a private key after the scan', async () => {
    const { services, base } = await start();
    const folder = tempDir();
    const image = path.join(folder, 'tt0245429.jpg');
    fs.writeFileSync(image, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]));
    registerPoster(services, folder, image);
    const bearer = { Authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${base}/poster/3`, { headers: bearer })).status).toBe(200);
    const privateKey = path.join(tempDir(), 'id_rsa');
    fs.writeFileSync(privateKey, '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n');
    fs.rmSync(image);
    fs.symlinkSync(privateKey, image);
    const swapped = await fetch(`${base}/poster/3`, { headers: bearer });
    expect(swapped.status).toBe(404);
    expect(await swapped.text()).not.toContain('PRIVATE KEY');
  });

  it('works through the browser adapter (fetch + WebSocket), as the renderer uses it', async () => {
    const { base } = await start();
    const client = createBrowserApi({ token: TOKEN, baseUrl: base, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
    expect(await client.api['app.info']({})).toMatchObject({ mode: 'browser', version: '9.9.9' });
    await expect(client.api['catalog.searchSongs']({ text: 1 as unknown as string })).rejects.toThrow(/Invalid request to catalog\.searchSongs/);
    const jobs: Job[] = [];
    const stop = client.on('job.updated', (job) => jobs.push(job));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the socket connects
    const stored = await client.upload(new Blob([songsCsv(20)]), { name: 'few.csv' });
    const job = await client.api['imports.start']({ file: { uploadId: stored.uploadId } });
    const deadline = Date.now() + 30_000;
    while (!jobs.some((update) => update.id === job.id && update.status === 'completed') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    client.close();
    expect(jobs.map((update) => update.status)).toContain('completed');
    expect((await client.api['catalog.stats']({})).songs).toBe(20);
    await expect(client.fetchPoster(5)).rejects.toThrow(/HTTP 404/);
  });
});

describe('bridge against hostile input (issue 14)', () => {
  it('answers every kind of bad request with its 4xx, logs no stack trace, and keeps answering', async () => {
    const { bridge, base } = await start();
    const errors = vi.spyOn(console, 'error');
    try {
      for (const hostile of hostileRequests(bridge.port, TOKEN)) {
        const answer = await sendHostile(bridge.port, hostile);
        if (hostile.expected !== null) expect({ name: hostile.name, status: answer.status }).toEqual({ name: hostile.name, status: hostile.expected });
        expect(answer.headers, hostile.name).not.toMatch(/^Set-Cookie:/im);
        expect(answer.body, hostile.name).not.toMatch(/\n\s+at |[/\\]uploads[/\\]/);
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
    expect((await api(base, 'catalog.stats', {})).status).toBe(200);
  });

  it('survives a WebSocket upgrade to "//" and a malformed cookie on /events, / and /poster/1 (they used to crash it or give a 500)', async () => {
    const { bridge } = await start();
    const cookie = { Cookie: `crossfade-token-${bridge.port}=%E0%A4%A` };
    expect((await rawRequest(bridge.port, upgradeRequest(bridge.port, '//'))).status).toBe(404);
    expect((await rawRequest(bridge.port, upgradeRequest(bridge.port, '/events', cookie))).status).toBe(401);
    expect((await rawRequest(bridge.port, httpRequest(bridge.port, 'GET', '/', cookie))).status).toBe(200);
    const poster = await rawRequest(bridge.port, httpRequest(bridge.port, 'GET', '/poster/1', cookie));
    expect(poster.status).toBe(401);
    expect(JSON.parse(poster.body)).toEqual({ ok: false, error: 'Missing or wrong token.' });
    expect((await rawRequest(bridge.port, httpRequest(bridge.port, 'GET', '/'))).status).toBe(200);
  });

  it('answers a malformed percent-encoding in /api/ with 400 and a sentence', async () => {
    const { bridge } = await start();
    const answer = await rawRequest(
      bridge.port,
      httpRequest(bridge.port, 'POST', '/api/%E0%A4%A', { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, '{}'),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'The method name in the address is not valid percent-encoding.' });
  });

  it('answers a JSON body over the limit with 413 and a clear message instead of resetting the connection', async () => {
    const { bridge } = await start();
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    const body = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await rawRequest(bridge.port, httpRequest(bridge.port, 'POST', '/api/catalog.searchSongs', headers, body));
    expect(answer.reset).toBe(false);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'The request body is larger than 1 MB, the most a call accepts; send less at once.' });
    // fetch (undici) sees the answer too.
    const viaFetch = await fetch(`${bridge.url}/api/catalog.searchSongs`, { method: 'POST', headers, body });
    expect(viaFetch.status).toBe(413);
  });

  it('refuses an upload name of 200 CJK characters (604 bytes) with a 400 that shows no path, and leaves no folder behind', async () => {
    const { services, base } = await start();
    const response = await fetch(`${base}/upload?name=${encodeURIComponent(LONG_CJK_NAME)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' },
      body: songsCsv(5),
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { ok: boolean; error: string };
    expect(answer).toEqual({
      ok: false,
      error: expect.stringMatching(/^The file name is 604 bytes long; names of at most 200 bytes \(UTF-8\) can be uploaded\. Rename/),
    });
    expect(answer.error).not.toContain(services.dataDir);
    const uploads = path.join(services.dataDir, 'uploads');
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
    // A name just inside the limit is stored.
    const fits = `${'映'.repeat(64)}.csv`; // 196 bytes
    const stored = await fetch(`${base}/upload?name=${encodeURIComponent(fits)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: songsCsv(5),
    });
    expect(((await stored.json()) as { value: { name: string } }).value.name).toBe(fits);
  });

  it('leaves no upload folder behind when the file system refuses a name (the store below the bridge)', async () => {
    const services = testServices();
    running.push({ bridge: await startBridge({ services, token: TOKEN }), services });
    await expect(services.uploads.save(Readable.from([Buffer.from('a,b\n')]), LONG_CJK_NAME)).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    expect(fs.existsSync(services.uploads.dir) ? fs.readdirSync(services.uploads.dir) : []).toEqual([]);
  });

  it('never sets a cookie and never lets another origin use a valid token (no credential for local neighbours)', async () => {
    const { bridge, base } = await start();
    const bearer = { Authorization: `Bearer ${TOKEN}` };
    const answers = await Promise.all([
      fetch(`${base}/`),
      fetch(`${base}/index.html`),
      fetch(`${base}/?token=${TOKEN}`, { redirect: 'manual' }),
      fetch(`${base}/assets/app.js`),
      api(base, 'catalog.stats', {}),
      fetch(`${base}/poster/1`, { headers: bearer }),
      fetch(`${base}/upload?name=a.csv`, { method: 'POST', headers: bearer, body: 'a,b\n' }),
    ]);
    for (const answer of answers) {
      expect(answer.headers.get('set-cookie'), answer.url).toBeNull();
      expect(answer.headers.get('access-control-allow-origin'), answer.url).toBeNull();
    }
    const neighbour = `http://127.0.0.1:${bridge.port + 1}`;
    const foreign = (request: { method?: string; path: string; body?: string }, headers: Record<string, string>) =>
      raw(bridge, { ...request, headers: { ...bearer, 'Content-Type': 'application/json', ...headers } });
    for (const origin of [neighbour, 'http://localhost:1', 'null', 'https://evil.example']) {
      expect((await foreign({ method: 'POST', path: '/api/catalog.stats', body: '{}' }, { Origin: origin })).status, origin).toBe(403);
      expect((await foreign({ path: '/poster/1' }, { Origin: origin })).status, origin).toBe(403);
      expect((await foreign({ method: 'POST', path: '/upload?name=x.csv', body: 'a\n' }, { Origin: origin })).status, origin).toBe(403);
    }
    // A CORS preflight gets no CORS answer, so a browser never sends the real request.
    const preflight = await raw(bridge, {
      method: 'OPTIONS',
      path: '/api/catalog.stats',
      headers: { Origin: neighbour, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
