import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileHandles } from '../../src/main/file-handles';
import { registerIpcHandlers, forwardEvents, type IpcMainLike, type InvokeEventLike } from '../../src/main/ipc';
import type { Services } from '../../src/services';
import { METHODS, type CrossfadeApi } from '../../src/shared/contract';
import { FILE_HANDLE_CHANNEL } from '../../src/shared/path-fields';
import { tempFile } from '../support/temp';
import { testServices } from './fixtures';
import { EVENT_CHANNEL, ipcChannel, type CallResult, type EventMessage } from '../../src/shared/preload-api';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<CallResult>;

/** A stand-in for Electron's ipcMain that records the handlers. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  return { ipcMain, handlers };
}

/** An API whose every method records its input and answers what the contract expects for a few. */
function fakeApi(): CrossfadeApi & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  const answers: Record<string, unknown> = {
    'catalog.searchSongs': [{ id: 1, title: 'Hey', artists: 'A', album: null, releaseYear: null, spotifyId: null }],
    'settings.get': { dataDir: '/data', theme: 'dark', workerThreads: 2 },
    'settings.update': { dataDir: '/data', theme: 'dark', workerThreads: 2 },
    'dialog.open': { path: '/home/me/songs.csv' },
  };
  const api = Object.fromEntries(
    METHODS.map((method) => [
      method,
      async (input: unknown) => {
        calls.push([method, input]);
        if (method === 'jobs.cancel') throw new Error('There is no job x.');
        return answers[method] ?? {};
      },
    ]),
  );
  return Object.assign(api as unknown as CrossfadeApi, { calls });
}

const fromApp: InvokeEventLike = { senderFrame: { url: 'app://crossfade/index.html' } };

describe('IPC handlers', () => {
  it('registers exactly one handler per contract method, and removes them all', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerIpcHandlers(ipcMain, fakeApi());
    expect([...handlers.keys()].sort()).toEqual(METHODS.map(ipcChannel).sort());
    expect(handlers.size).toBe(METHODS.length);
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('validates the request, applies defaults, and answers { ok, value }', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const api = fakeApi();
    registerIpcHandlers(ipcMain, api);
    const result = await handlers.get('crossfade:catalog.searchSongs')!(fromApp, { text: 'hey' });
    expect(result).toEqual({ ok: true, value: [{ id: 1, title: 'Hey', artists: 'A', album: null, releaseYear: null, spotifyId: null }] });
    expect(api.calls).toEqual([['catalog.searchSongs', { text: 'hey', limit: 50 }]]);
  });

  it('rejects bad input with one clear sentence, before the service sees it', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const api = fakeApi();
    registerIpcHandlers(ipcMain, api);
    const call = (method: string, input: unknown) => handlers.get(ipcChannel(method as never))!(fromApp, input);
    expect(await call('catalog.searchSongs', { text: 42 })).toEqual({
      ok: false,
      error: expect.stringMatching(/^Invalid request to catalog\.searchSongs: text: .*expected string/),
    });
    expect(await call('catalog.searchSongs', { text: 'x', limit: 10_000 })).toMatchObject({ ok: false, error: expect.stringContaining('limit:') });
    expect(await call('catalog.stats', { extra: true })).toMatchObject({ ok: false, error: expect.stringContaining('Invalid request to catalog.stats') });
    expect(await call('imports.start', { file: { uploadId: '../../etc' } })).toMatchObject({ ok: false, error: expect.stringContaining('file') });
    expect(await call('app.openExternal', { url: 'https://evil.example/' })).toMatchObject({ ok: false, error: expect.stringContaining('only https links') });
    expect(await call('settings.update', { workerThreads: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('workerThreads') });
    expect(api.calls).toEqual([]);
  });

  it('turns a service error into { ok: false, error } with its message', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpcHandlers(ipcMain, fakeApi());
    expect(await handlers.get('crossfade:jobs.cancel')!(fromApp, { jobId: 'x' })).toEqual({ ok: false, error: 'There is no job x.' });
  });

  it('reports an answer outside the contract as a bug instead of passing it on', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    registerIpcHandlers(ipcMain, fakeApi());
    const result = await handlers.get('crossfade:catalog.stats')!(fromApp, {});
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('unexpected answer to catalog.stats') });
  });

  it('refuses senders that are not the app page', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const api = fakeApi();
    registerIpcHandlers(ipcMain, api, { isTrustedSender: (event) => event.senderFrame?.url === fromApp.senderFrame?.url });
    expect(await handlers.get('crossfade:settings.get')!({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false });
    expect(await handlers.get('crossfade:settings.get')!(fromApp, {})).toEqual({ ok: true, value: { dataDir: '/data', theme: 'dark', workerThreads: 2 } });
    expect(api.calls).toHaveLength(1);
  });

  it('forwards events to live windows only', () => {
    let emit: (message: EventMessage) => void = () => {};
    const live = { isDestroyed: () => false, send: vi.fn() };
    const gone = { isDestroyed: () => true, send: vi.fn() };
    forwardEvents(
      (listener) => ((emit = listener), () => {}),
      () => [live, gone],
    );
    emit({ event: 'catalog.changed', payload: { reason: 'test' } });
    expect(live.send).toHaveBeenCalledWith(EVENT_CHANNEL, { event: 'catalog.changed', payload: { reason: 'test' } });
    expect(gone.send).not.toHaveBeenCalled();
  });
});

describe('desktop file handles (issue 14, item 6)', () => {
  const open: Services[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((services) => services.close()));
  });
  function withHandles(api: CrossfadeApi = fakeApi()) {
    const { ipcMain, handlers } = fakeIpcMain();
    const files = new FileHandles();
    registerIpcHandlers(ipcMain, api, { isTrustedSender: (event) => event.senderFrame?.url === fromApp.senderFrame?.url, files });
    const call = (channel: string, input: unknown, from: InvokeEventLike = fromApp) => handlers.get(channel)!(from, input);
    return { handlers, files, call };
  }
  const refusedRaw = (method: string) => ({
    ok: false,
    error: expect.stringMatching(
      new RegExp(`^Refused ${method.replace('.', '\\.')}: in the desktop app, choose the file or folder with Browse… or drop it on the window`),
    ),
  });

  it('refuses a raw path in every path field, before the service sees it', async () => {
    const api = fakeApi();
    const { call } = withHandles(api);
    expect(await call('crossfade:imports.preview', { file: { path: '/etc/shadow' } })).toEqual(refusedRaw('imports.preview'));
    expect(await call('crossfade:imports.start', { file: { path: '/proc/self/environ' } })).toEqual(refusedRaw('imports.start'));
    expect(await call('crossfade:posters.scanFolder', { folder: '/home/me/.ssh' })).toEqual(refusedRaw('posters.scanFolder'));
    expect(await call('crossfade:settings.update', { dataDir: '/etc' })).toEqual(refusedRaw('settings.update'));
    // A made-up handle is no better than a path.
    expect(await call('crossfade:imports.preview', { file: { path: 'crossfade-handle:AAAAAAAAAAAAAAAAAAAAAAAA' } })).toEqual(refusedRaw('imports.preview'));
    expect(api.calls).toEqual([]);
  });

  it('accepts the handle dialog.open issued, and the service gets the path behind it', async () => {
    const api = fakeApi();
    const { call } = withHandles(api);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const chosen = await call('crossfade:dialog.open', { kind: 'file' });
    expect(chosen).toEqual({ ok: true, value: { path: '/home/me/songs.csv', handle: expect.stringMatching(/^crossfade-handle:[A-Za-z0-9_-]{24}$/) } });
    const { handle } = (chosen as { value: { handle: string } }).value;
    await call('crossfade:imports.preview', { file: { path: handle } });
    await call('crossfade:posters.scanFolder', { folder: handle, mapFile: handle });
    expect(api.calls).toEqual([
      ['dialog.open', { kind: 'file' }],
      ['imports.preview', { file: { path: '/home/me/songs.csv' } }],
      ['posters.scanFolder', { folder: '/home/me/songs.csv', mapFile: '/home/me/songs.csv', numericIds: 'auto', removeMissing: false }],
    ]);
    // One raw field among handles is still refused; methods without path fields are unaffected; uploads pass.
    expect(await call('crossfade:posters.scanFolder', { folder: handle, mapFile: '/etc/passwd' })).toEqual(refusedRaw('posters.scanFolder'));
    expect(await call('crossfade:settings.update', { theme: 'light' })).toMatchObject({ ok: true });
    await call('crossfade:imports.preview', { file: { uploadId: '0123456789abcdef' } });
    expect(api.calls.at(-1)).toEqual(['imports.preview', { file: { uploadId: '0123456789abcdef' } }]);
  });

  it('issues a handle for a dropped file to the app window only', async () => {
    const api = fakeApi();
    const { call, handlers } = withHandles(api);
    expect(handlers.has(FILE_HANDLE_CHANNEL)).toBe(true);
    expect(await call(FILE_HANDLE_CHANNEL, '/home/me/drop.csv', { senderFrame: { url: 'https://evil.example/' } })).toMatchObject({ ok: false });
    expect(await call(FILE_HANDLE_CHANNEL, 'relative.csv')).toMatchObject({ ok: false, error: expect.stringContaining('absolute') });
    expect(await call(FILE_HANDLE_CHANNEL, { path: '/x' })).toEqual({ ok: false, error: 'A dropped file has no usable path.' });
    const dropped = await call(FILE_HANDLE_CHANNEL, '/home/me/drop.csv');
    expect(dropped).toEqual({ ok: true, value: expect.stringMatching(/^crossfade-handle:/) });
    await call('crossfade:imports.start', { file: { path: (dropped as { value: string }).value } });
    expect(api.calls).toEqual([['imports.start', { file: { path: '/home/me/drop.csv' } }]]);
  });

  it('still applies the path policy behind a handle: a dialog pick of /proc/self/environ is refused, a real CSV previews', async () => {
    let pick = '/proc/self/environ';
    const services = testServices({ mode: 'desktop', shell: { openExternal: async () => {}, openDialog: async () => pick } });
    open.push(services);
    const { call } = withHandles(services.api);
    const handleFor = async () => ((await call('crossfade:dialog.open', { kind: 'file' })) as { value: { handle: string } }).value.handle;
    expect(await call('crossfade:imports.preview', { file: { path: await handleFor() } })).toEqual({
      ok: false,
      error: '/proc/self/environ is a system file (under /proc), which Crossfade never reads. Choose a CSV file.',
    });
    pick = tempFile('films.csv', 'title,year\nM,1931\n');
    const preview = await call('crossfade:imports.preview', { file: { path: await handleFor() } });
    expect(preview).toMatchObject({ ok: true, value: { fileName: 'films.csv', header: ['title', 'year'] } });
    expect(await call('crossfade:imports.preview', { file: { path: pick } })).toEqual(refusedRaw('imports.preview'));
  });
});

describe('preload', () => {
  it('exposes one function per contract method over ipcRenderer.invoke, and unwraps errors', async () => {
    const exposed: Record<string, unknown> = {};
    const invoke = vi.fn(async (channel: string, input?: unknown) => {
      if (channel === 'crossfade:jobs.list') return { ok: true, value: [] };
      if (channel === FILE_HANDLE_CHANNEL) return { ok: true, value: `crossfade-handle:for-${String(input)}` };
      if (channel === 'crossfade:dialog.open') return { ok: true, value: { path: '/home/me/posters', handle: 'crossfade-handle:posters' } };
      if (channel === 'crossfade:imports.preview' || channel === 'crossfade:posters.scanFolder') return { ok: true, value: input };
      return { ok: false, error: 'Invalid request to catalog.stats: input: nope' };
    });
    const listeners: ((event: unknown, message: EventMessage) => void)[] = [];
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
      ipcRenderer: { invoke, on: (_channel: string, listener: (typeof listeners)[number]) => listeners.push(listener) },
      webUtils: { getPathForFile: () => '/home/me/songs.csv' },
    }));
    vi.stubGlobal('__CROSSFADE_VERSION__', '1.2.3');
    await import('../../src/preload/index');
    const preload = exposed.crossfade as import('../../src/shared/preload-api').CrossfadePreloadApi;
    expect(preload.version).toBe('1.2.3');
    expect(Object.keys(preload.api).sort()).toEqual([...METHODS].sort());
    expect(await preload.api['jobs.list']({})).toEqual([]);
    expect(invoke).toHaveBeenCalledWith('crossfade:jobs.list', {});
    await expect(preload.api['catalog.stats']({})).rejects.toThrow('Invalid request to catalog.stats: input: nope');

    const seen: unknown[] = [];
    const stop = preload.on('catalog.changed', (payload) => seen.push(payload));
    listeners.forEach((listener) => listener({ sender: 'hidden' }, { event: 'catalog.changed', payload: { reason: 'r' } }));
    listeners.forEach((listener) => listener({}, { event: 'job.updated', payload: {} as never }));
    stop();
    listeners.forEach((listener) => listener({}, { event: 'catalog.changed', payload: { reason: 'after' } }));
    expect(seen).toEqual([{ reason: 'r' }]);
    expect(() => preload.on('nope' as never, () => {})).toThrow(/Unknown event/);
    expect(preload.pathForFile({} as File)).toBe('/home/me/songs.csv');
    // The page keeps the path; the request carries the handle the main process issued for the drop.
    expect(invoke).toHaveBeenCalledWith(FILE_HANDLE_CHANNEL, '/home/me/songs.csv');
    expect(await preload.api['imports.preview']({ file: { path: '/home/me/songs.csv' } })).toEqual({
      file: { path: 'crossfade-handle:for-/home/me/songs.csv' },
    });
    // The same for a folder picked in the dialog; a typed path goes as it is (and the main process refuses it).
    expect(await preload.api['dialog.open']({ kind: 'folder' })).toEqual({ path: '/home/me/posters', handle: 'crossfade-handle:posters' });
    expect(await preload.api['posters.scanFolder']({ folder: '/home/me/posters', mapFile: '/home/me/typed.csv' })).toEqual({
      folder: 'crossfade-handle:posters',
      mapFile: '/home/me/typed.csv',
    });
    vi.doUnmock('electron');
    vi.unstubAllGlobals();
  });
});
