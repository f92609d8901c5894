import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePosterRequest } from '../../src/main/poster-protocol';
import { posterResponse } from '../../src/services/posters';
import { tempDir } from '../support/temp';

const registered = new Map<number, string>([
  [1, '/posters/tt0111161.jpg'],
  [2, '/posters/spirited-away.PNG'],
  [3, '/etc/passwd'], // a registered row that is not an image is still refused
  [4, 'relative/poster.jpg'],
]);
const lookup = (id: number) => registered.get(id) ?? null;

describe('crossfade-poster:// resolution', () => {
  it('serves registered posters by id, with their image type', () => {
    expect(resolvePosterRequest('crossfade-poster://poster/1', lookup)).toEqual({ ok: true, file: '/posters/tt0111161.jpg', contentType: 'image/jpeg' });
    expect(resolvePosterRequest('crossfade-poster://poster/2', lookup)).toMatchObject({ ok: true, contentType: 'image/png' });
  });

  it('refuses ids that are not registered', () => {
    expect(resolvePosterRequest('crossfade-poster://poster/99', lookup)).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    'crossfade-poster://poster/abc',
    'crossfade-poster://poster/-1',
    'crossfade-poster://poster/0',
    'crossfade-poster://poster/01',
    'crossfade-poster://poster/1.0',
    'crossfade-poster://poster/1e2',
    'crossfade-poster://poster/ 1',
    'crossfade-poster://poster/99999999999999999999',
    'crossfade-poster://poster/',
    'crossfade-poster://poster',
  ])('refuses the non-numeric or odd id in %s', (url) => {
    expect(resolvePosterRequest(url, lookup)).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    'crossfade-poster://poster/../../etc/passwd',
    'crossfade-poster://poster/%2e%2e/%2e%2e/etc/passwd',
    'crossfade-poster://poster/..%2F..%2Fetc%2Fpasswd',
    'crossfade-poster://poster/1/../../etc/passwd',
    'crossfade-poster://poster/1/2',
    'crossfade-poster://poster//etc/passwd',
    'crossfade-poster://poster/%2Fetc%2Fpasswd',
    'crossfade-poster://poster/1?path=/etc/passwd',
    'crossfade-poster://poster/C:%5CWindows%5Cwin.ini',
    'crossfade-poster:///etc/passwd',
    'crossfade-poster://etc/passwd',
    'crossfade-poster://user:pw@poster/1',
    'file:///etc/passwd',
    'https://poster/1',
  ])('never turns %s into a path', (url) => {
    const resolution = resolvePosterRequest(url, lookup);
    expect(resolution.ok).toBe(false);
  });

  it('refuses registered rows that are not image files or not absolute paths', () => {
    expect(resolvePosterRequest('crossfade-poster://poster/3', lookup)).toMatchObject({ ok: false, status: 404 });
    expect(resolvePosterRequest('crossfade-poster://poster/4', lookup)).toMatchObject({ ok: false, status: 404 });
  });

  it('streams the file, and answers 404 when it has gone', async () => {
    const file = path.join(tempDir(), 'poster.jpg');
    fs.writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const response = await posterResponse({ ok: true, file, contentType: 'image/jpeg' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(fs.readFileSync(file));
    fs.rmSync(file);
    expect((await posterResponse({ ok: true, file, contentType: 'image/jpeg' })).status).toBe(404);
  });
});
