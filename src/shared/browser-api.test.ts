import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserApi, type ConnectionState } from './browser-api';

/** A WebSocket stand-in the test opens and closes by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  open(): void {
    this.onopen?.();
  }
  send(event: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ event, payload }) });
  }
  drop(): void {
    this.onclose?.();
  }
  close(): void {
    this.onclose?.();
  }
}

const client = (fetchImpl: typeof fetch = vi.fn()) =>
  createBrowserApi({ token: 't0k', baseUrl: 'http://127.0.0.1:9/', fetch: fetchImpl, WebSocket: FakeSocket as unknown as typeof WebSocket });

afterEach(() => {
  FakeSocket.all = [];
  vi.useRealTimers();
});

describe('createBrowserApi', () => {
  it('calls /api/<method> with the token and turns errors into sentences', async () => {
    const fetchImpl = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(JSON.stringify({ ok: false, error: 'No such song.' })));
    const api = client(fetchImpl as unknown as typeof fetch).api;
    await expect(api['catalog.searchSongs']({ text: 'x' })).rejects.toThrow('No such song.');
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:9/api/catalog.searchSongs');
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer t0k');
    const down = client((async () => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch);
    await expect(down.api['catalog.stats']({})).rejects.toThrow(/npm run start:web/);
  });

  it('opens one event socket while someone listens, and tells when it drops and comes back', async () => {
    vi.useFakeTimers();
    const browser = client();
    const states: ConnectionState[] = [];
    browser.onConnectionChange((state) => states.push(state));
    const jobs: unknown[] = [];
    const stop = browser.on('job.updated', (job) => jobs.push(job));
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]!.url).toBe('ws://127.0.0.1:9/events?token=t0k');
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.send('job.updated', { id: 'a' });
    FakeSocket.all[0]!.send('no.such.event', {});
    expect(jobs).toEqual([{ id: 'a' }]);
    expect(states).toEqual([]);

    FakeSocket.all[0]!.drop();
    expect(states).toEqual(['reconnecting']);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.drop(); // still down: the next try waits longer
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(500);
    FakeSocket.all[2]!.open();
    expect(states).toEqual(['reconnecting', 'connected']);

    stop(); // nobody listens: the socket closes and stays closed
    await vi.advanceTimersByTimeAsync(20_000);
    expect(FakeSocket.all).toHaveLength(3);
    expect(states).toEqual(['reconnecting', 'connected']);
    browser.close();
  });

  it('uploads with the name and folder, and a cancelled upload rejects with an AbortError', async () => {
    const fetchImpl = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      const signal = init?.signal;
      if (String(url).includes('slow.csv'))
        return new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      return new Response(JSON.stringify({ ok: true, value: { uploadId: 'u1', name: 'links.csv', size: 3 } }));
    });
    const browser = client(fetchImpl as unknown as typeof fetch);
    const progress: number[] = [];
    const stored = await browser.upload(new Blob(['a,b']), { name: 'links.csv', into: 'u0', onProgress: (loaded) => progress.push(loaded) });
    expect(stored).toEqual({ uploadId: 'u1', name: 'links.csv', size: 3 });
    expect(String(fetchImpl.mock.calls[0]![0])).toBe('http://127.0.0.1:9/upload?name=links.csv&into=u0');
    expect(progress).toEqual([3]);

    const controller = new AbortController();
    const pending = browser.upload(new Blob(['x']), { name: 'slow.csv', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(browser.upload(new Blob(['x']), { name: 'late.csv', signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('opens only allowlisted links', async () => {
    const open = vi.fn();
    vi.stubGlobal('open', open);
    const browser = client();
    await browser.openLink('https://open.spotify.com/track/1');
    await expect(browser.openLink('https://example.com/')).rejects.toThrow(/only opens links to/);
    expect(await browser.api['app.openExternal']({ url: 'https://www.imdb.com/title/tt0245429/' })).toEqual({ opened: true });
    expect(open).toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
  });
});
