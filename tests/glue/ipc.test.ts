import { describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers, forwardEvents, type IpcMainLike, type InvokeEventLike } from '../../src/main/ipc';
import { METHODS, type CrossfadeApi } from '../../src/shared/contract';
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

const fromApp: InvokeEventLike = { senderFrame: { url: 'file:///app/out/renderer/index.html' } };

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

describe('preload', () => {
  it('exposes one function per contract method over ipcRenderer.invoke, and unwraps errors', async () => {
    const exposed: Record<string, unknown> = {};
    const invoke = vi.fn(async (channel: string) =>
      channel === 'crossfade:jobs.list' ? { ok: true, value: [] } : { ok: false, error: 'Invalid request to catalog.stats: input: nope' },
    );
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
    vi.doUnmock('electron');
    vi.unstubAllGlobals();
  });
});
