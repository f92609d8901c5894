import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerPosterProtocol, resolvePosterRequest } from '../../src/main/poster-protocol';
import { imageTypeOf, posterResponse, type PosterLocation } from '../../src/services/posters';
import { tempDir } from '../support/temp';

const registered = new Map<number, PosterLocation>([
  [1, { file: '/posters/tt0111161.jpg', folder: '/posters' }],
  [2, { file: '/posters/spirited-away.PNG', folder: '/posters' }],
  [3, { file: '/etc/passwd', folder: '/etc' }], // a registered row that is not an image is still refused
  [4, { file: 'relative/poster.jpg', folder: '/posters' }],
  [5, { file: '/posters/orphan.jpg', folder: null }], // no folder scan registered it
]);
const lookup = (id: number) => registered.get(id) ?? null;

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('crossfade-poster:// resolution', () => {
  it('serves registered posters by id', () => {
    expect(resolvePosterRequest('crossfade-poster://poster/1', lookup)).toEqual({ ok: true, file: '/posters/tt0111161.jpg', folder: '/posters' });
    expect(resolvePosterRequest('crossfade-poster://poster/2', lookup)).toMatchObject({ ok: true, file: '/posters/spirited-away.PNG' });
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
    'crossfade-poster://poster/%E0%A4%A',
    'crossfade-poster:///etc/passwd',
    'crossfade-poster://etc/passwd',
    'crossfade-poster://user:pw@poster/1',
    'file:///etc/passwd',
    'https://poster/1',
  ])('never turns %s into a path', (url) => {
    const resolution = resolvePosterRequest(url, lookup);
    expect(resolution.ok).toBe(false);
  });

  it('refuses registered rows that are not image files, not absolute paths, or from no linked folder', () => {
    expect(resolvePosterRequest('crossfade-poster://poster/3', lookup)).toMatchObject({ ok: false, status: 404 });
    expect(resolvePosterRequest('crossfade-poster://poster/4', lookup)).toMatchObject({ ok: false, status: 404 });
    expect(resolvePosterRequest('crossfade-poster://poster/5', lookup)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('serving a poster (desktop protocol and bridge alike)', () => {
  it('streams the file with the type its bytes declare, and answers 404 when it has gone', async () => {
    const folder = tempDir();
    const file = path.join(folder, 'poster.jpg');
    fs.writeFileSync(file, JPEG);
    const response = await posterResponse({ ok: true, file, folder });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(JPEG);
    fs.rmSync(file);
    expect((await posterResponse({ ok: true, file, folder })).status).toBe(404);
  });

  it('refuses a symlink swapped in after the scan that points outside the linked folder (a private key)', async () => {
    const folder = tempDir();
    const poster = path.join(folder, 'tt0245429.jpg');
    fs.writeFileSync(poster, JPEG);
    expect((await posterResponse({ ok: true, file: poster, folder })).status).toBe(200);

    const secrets = tempDir();
    const privateKey = path.join(secrets, 'id_ed25519');
    fs.writeFileSync(privateKey, '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n');
    fs.rmSync(poster);
    fs.symlinkSync(privateKey, poster); // the swap, after the scan registered the poster
    const response = await posterResponse({ ok: true, file: poster, folder });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');

    // Even a link to a real image outside the folder is refused: only the linked folder is served.
    const outsideImage = path.join(secrets, 'other.jpg');
    fs.writeFileSync(outsideImage, JPEG);
    fs.rmSync(poster);
    fs.symlinkSync(outsideImage, poster);
    expect((await posterResponse({ ok: true, file: poster, folder })).status).toBe(404);

    // A folder symlinked in place of a sub-folder after the scan is refused the same way.
    fs.mkdirSync(path.join(folder, 'nested'));
    const nested = path.join(folder, 'nested', 'tt0111161.jpg');
    fs.writeFileSync(nested, JPEG);
    expect((await posterResponse({ ok: true, file: nested, folder })).status).toBe(200);
    fs.rmSync(path.join(folder, 'nested'), { recursive: true });
    fs.copyFileSync(outsideImage, path.join(secrets, 'tt0111161.jpg'));
    fs.symlinkSync(secrets, path.join(folder, 'nested'));
    expect((await posterResponse({ ok: true, file: nested, folder })).status).toBe(404);
  });

  it('still serves a symlink that stays inside the linked folder', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'real.png'), PNG);
    fs.symlinkSync(path.join(folder, 'real.png'), path.join(folder, 'alias.png'));
    const response = await posterResponse({ ok: true, file: path.join(folder, 'alias.png'), folder });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    await response.arrayBuffer();
  });

  it('refuses a registered image name whose bytes are not an image any more, a folder, and a FIFO (without blocking on it)', async () => {
    const folder = tempDir();
    const file = path.join(folder, 'poster.jpg');
    fs.writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\n');
    expect((await posterResponse({ ok: true, file, folder })).status).toBe(404);
    fs.writeFileSync(file, '');
    expect((await posterResponse({ ok: true, file, folder })).status).toBe(404);
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect((await posterResponse({ ok: true, file, folder })).status).toBe(404);
    const fifo = path.join(folder, 'fifo.jpg');
    execFileSync('mkfifo', [fifo]);
    expect((await posterResponse({ ok: true, file: fifo, folder })).status).toBe(404);
  });

  it('recognises the image signatures it serves, and nothing else', () => {
    expect(imageTypeOf(JPEG)).toBe('image/jpeg');
    expect(imageTypeOf(PNG)).toBe('image/png');
    expect(imageTypeOf(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif');
    expect(imageTypeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(imageTypeOf(Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00', 'latin1'))).toBe('image/avif');
    expect(imageTypeOf(Buffer.from('BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00', 'latin1'))).toBe('image/bmp');
    expect(imageTypeOf(Buffer.from('-----BEGIN OPENSSH PRIVATE KEY-----', 'latin1'))).toBeNull();
    expect(imageTypeOf(Buffer.from('%PDF-1.7', 'latin1'))).toBeNull();
    expect(imageTypeOf(Buffer.alloc(0))).toBeNull();
  });
});

describe('the desktop crossfade-poster:// handler', () => {
  it('serves a linked poster, and refuses it once a symlink to a file outside the folder is swapped in', async () => {
    const folder = tempDir();
    const file = path.join(folder, 'tt0111161.jpg');
    fs.writeFileSync(file, JPEG);
    let handler: ((request: Request) => Response | Promise<Response>) | null = null;
    registerPosterProtocol({ handle: (_scheme, registered) => void (handler = registered) }, (id) => (id === 1 ? { file, folder } : null));
    const get = (url: string, method = 'GET') => handler!(new Request(url, { method }));
    const served = await get('crossfade-poster://poster/1');
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(JPEG);
    expect((await get('crossfade-poster://poster/1', 'POST')).status).toBe(405);

    const secret = path.join(tempDir(), 'id_ed25519');
    fs.writeFileSync(secret, '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    fs.rmSync(file);
    fs.symlinkSync(secret, file);
    const refused = await get('crossfade-poster://poster/1');
    expect(refused.status).toBe(404);
    expect(await refused.text()).toBe('');
  });
});
