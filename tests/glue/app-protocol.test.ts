import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, appResponse, registerAppProtocol, resolveAppRequest, type ProtocolLike } from '../../src/main/app-protocol';
import { contentSecurityPolicy } from '../../src/services/content-security-policy';
import { tempDir } from '../support/temp';

/** Issue 14, item 14: the renderer is served from app:// with an allow-list, tested against hostile URLs. */

const DIR = '/opt/Crossfade/resources/app.asar/out/renderer';
const CSP = contentSecurityPolicy({ images: ['crossfade-poster:'] });

describe('app:// resolution (pure)', () => {
  it('serves the files of the renderer build with their types; / is index.html', () => {
    expect(resolveAppRequest(APP_INDEX_URL, DIR)).toEqual({ ok: true, file: `${DIR}/index.html`, contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('app://crossfade/', DIR)).toMatchObject({ ok: true, file: `${DIR}/index.html` });
    expect(resolveAppRequest('app://crossfade/assets/index-B_x9-Qz1.js', DIR)).toEqual({
      ok: true,
      file: `${DIR}/assets/index-B_x9-Qz1.js`,
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://crossfade/assets/index-a1.css?v=2#top', DIR)).toMatchObject({ ok: true, file: `${DIR}/assets/index-a1.css` });
    expect(resolveAppRequest('app://crossfade/assets/kernel%2Dv1.wasm', DIR)).toMatchObject({
      ok: true,
      file: `${DIR}/assets/kernel-v1.wasm`,
      contentType: 'application/wasm',
    });
  });

  it.each([
    // traversal, plain and encoded once, twice, with backslashes and mixed case
    'app://crossfade/../../../../etc/passwd.txt',
    'app://crossfade/assets/../../main/index.js',
    'app://crossfade/%2e%2e/%2e%2e/etc/passwd.txt',
    'app://crossfade/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.txt',
    'app://crossfade/..%2f..%2fetc%2fpasswd.txt',
    'app://crossfade/%252e%252e/%252e%252e/etc/passwd.txt',
    'app://crossfade/..%5c..%5cwindows%5cwin.ini.txt',
    'app://crossfade/assets\\..\\..\\main\\index.js',
    'app://crossfade/.%2e/.%2e/etc/passwd.txt',
    // absolute paths, drive letters, UNC, NUL, double slashes, hidden files
    'app://crossfade//etc/passwd.txt',
    'app://crossfade/%2fetc%2fpasswd.txt',
    'app://crossfade/C:/Windows/win.ini.txt',
    'app://crossfade/C%3A%5CWindows%5Cwin.ini.txt',
    'app://crossfade/\\\\server\\share\\x.js',
    'app://crossfade/index.html%00.png',
    'app://crossfade/index.html%00',
    'app://crossfade/.env.json',
    'app://crossfade/assets/.hidden.js',
    'app://crossfade/index.html::$DATA',
    // other hosts, ports, credentials, schemes
    'app://evil/index.html',
    'app://crossfade.evil.example/index.html',
    'app://crossfade:8080/index.html',
    'app://user:secret@crossfade/index.html',
    'app://localhost/index.html',
    'app:///etc/passwd.txt',
    'file:///etc/passwd',
    'https://crossfade/index.html',
    'crossfade-poster://poster/1',
    // types that are not in the build, malformed encodings, junk
    'app://crossfade/assets/run.exe',
    'app://crossfade/assets/index-a1.js.map',
    'app://crossfade/assets/%E0%A4%A.js',
    'app://crossfade/assets/',
    'not a url',
    `app://crossfade/${'a/'.repeat(1100)}x.js`,
  ])('refuses %s', (url) => {
    const resolution = resolveAppRequest(url, DIR);
    expect(resolution.ok).toBe(false);
    if (!resolution.ok) expect([400, 404]).toContain(resolution.status);
  });

  it('never resolves outside the renderer build, whatever the URL', () => {
    const samples = ['..', '%2e%2e', '%2E.', '.%2e', '%252e', '%c0%ae', '%c0%af', 'ｅｔｃ', '\u2025', '..;', '...', 'a/../..'];
    for (const one of samples)
      for (const two of samples) {
        const resolution = resolveAppRequest(`app://crossfade/${one}/${two}/etc/passwd.js`, DIR);
        if (resolution.ok) expect(resolution.file.startsWith(`${DIR}/`)).toBe(true);
      }
  });
});

describe('app:// responses', () => {
  function build(): string {
    const dir = tempDir('crossfade-renderer-');
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Crossfade</title>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    return dir;
  }
  function served(dir: string) {
    let handler: ((request: Request) => Response | Promise<Response>) | null = null;
    const protocol: ProtocolLike = { handle: (scheme, registered) => ((handler = scheme === 'app' ? registered : handler), undefined) };
    registerAppProtocol(protocol, dir, CSP);
    return (url: string, init?: RequestInit) => Promise.resolve(handler!(new Request(url, init)));
  }

  it('answers the page with its CSP header, its type and nosniff', async () => {
    const fetchApp = served(build());
    const page = await fetchApp(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Crossfade</title>');
    expect(await (await fetchApp('app://crossfade/assets/app.js')).text()).toBe('console.log(1)');
  });

  it('refuses other methods, missing files, folders and a symlink planted in the build', async () => {
    const dir = build();
    fs.symlinkSync('/etc/passwd', path.join(dir, 'assets', 'leak.js'));
    fs.mkdirSync(path.join(dir, 'assets', 'folder.js'));
    const fetchApp = served(dir);
    expect((await fetchApp(APP_INDEX_URL, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetchApp('app://crossfade/assets/missing.js')).status).toBe(404);
    expect((await fetchApp('app://crossfade/assets/folder.js')).status).toBe(404);
    const leak = await fetchApp('app://crossfade/assets/leak.js');
    expect(leak.status).toBe(404);
    expect(await leak.text()).toBe('');
    const traversal = await fetchApp('app://crossfade/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd.txt');
    expect(traversal.status).toBe(404);
    expect(traversal.headers.get('content-security-policy')).toBe(CSP);
  });

  it('turns a refused resolution into its status with no body', async () => {
    const response = await appResponse({ ok: false, status: 400, reason: 'x' }, CSP);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('');
  });
});

describe('the desktop shell uses app://', () => {
  // Electron cannot start here: the main process source is checked for the wiring instead.
  const main = fs.readFileSync(path.resolve(import.meta.dirname, '../../src/main/index.ts'), 'utf8');

  it('registers app:// as a standard, secure scheme before ready, and loads the page from it, never from file://', () => {
    expect(main).toMatch(/registerSchemesAsPrivileged\(\[\s*\{ scheme: APP_SCHEME, privileges: \{ standard: true, secure: true/);
    expect(main).toContain('win.loadURL(APP_INDEX_URL)');
    expect(main).toContain('registerAppProtocol(protocol, rendererDir, rendererPolicy())');
    expect(main).not.toMatch(/loadFile\(|pathToFileURL|file:\/\//);
  });
});
