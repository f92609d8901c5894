import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, staticFile, type Bridge } from '../../src/bridge/server';
import { tokensEqual } from '../../src/bridge/security';
import type { Services } from '../../src/services';
import { createBrowserApi } from '../../src/shared/browser-api';
import type { EventMessage } from '../../src/shared/preload-api';
import type { Job } from '../../src/shared/contract';
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
    const notJson = await fetch(`${base}/api/catalog.stats`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('serves the page only with the token, keeps it in a cookie, and injects it with the CSP', async () => {
    const { bridge, base } = await start();
    expect((await fetch(`${base}/`)).status).toBe(401);
    const first = await fetch(`${base}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^crossfade-token-${bridge.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`));
    const page = await fetch(`${base}/`, { headers: { Cookie: setCookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
    expect(await page.text()).toContain(`<meta name="crossfade-token" content="${TOKEN}" />`);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(204);
    expect((await raw(bridge, { path: '/../../package.json' })).status).toBe(404);
    expect((await raw(bridge, { path: '/assets/%2e%2e/%2e%2e/package.json' })).status).toBe(404);
    expect(staticFile('/srv/renderer', '/../etc/passwd')).toBeNull();
  });

  it('refuses WebSocket connections without the token or from another origin', async () => {
    const { bridge } = await start();
    const attempt = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    const url = `ws://127.0.0.1:${bridge.port}/events`;
    expect(await attempt(url)).toBe(401);
    expect(await attempt(`${url}?token=wrong`)).toBe(401);
    expect(await attempt(`${url}?token=${TOKEN}`, { Origin: 'https://evil.example' })).toBe(403);
    expect(await attempt(`${url}?token=${TOKEN}`, { Origin: `http://127.0.0.1:${bridge.port}` })).toBe(101);
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
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/events?token=${TOKEN}`);
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

    const preview = (await (await api(base, 'imports.preview', { file: { uploadId: stored.uploadId } })).json()) as { ok: boolean; value: { fileName: string; format: { id: string } } };
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

  it('serves posters registered in the catalog, and nothing else', async () => {
    const { bridge, services, base } = await start();
    const image = path.join(tempDir(), 'poster.png');
    fs.writeFileSync(image, Buffer.from('89504e470d0a1a0a', 'hex'));
    const db = (await import('better-sqlite3')).default(services.databasePath);
    db.prepare(`INSERT INTO movies(id, title) VALUES (7, 'Spirited Away')`).run();
    db.prepare(`INSERT INTO posters(id, movie_id, path, file_size, file_mtime_ms, matched_by) VALUES (3, 7, ?, 8, 0, 'mapping')`).run(image);
    db.close();
    const cookie = { Cookie: `crossfade-token-${bridge.port}=${TOKEN}` };
    const poster = await fetch(`${base}/poster/3`, { headers: cookie });
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await poster.arrayBuffer())).toEqual(fs.readFileSync(image));
    expect((await fetch(`${base}/poster/3`)).status).toBe(401);
    expect((await fetch(`${base}/poster/3?token=${TOKEN}`)).status).toBe(200);
    expect((await fetch(`${base}/poster/4`, { headers: cookie })).status).toBe(404);
    expect((await raw(bridge, { path: '/poster/..%2F..%2Fetc%2Fpasswd', headers: cookie })).status).toBe(404);
    expect((await raw(bridge, { path: '/poster/3/../../../etc/passwd', headers: cookie })).status).toBe(404);
    const forMovies = (await (await api(base, 'posters.forMovies', { movieIds: [7, 8] })).json()) as unknown;
    expect(forMovies).toEqual({ ok: true, value: [{ posterId: 3, movieId: 7 }] });
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
    expect(client.posterUrl(5)).toBe(`${base}/poster/5`);
  });
});
