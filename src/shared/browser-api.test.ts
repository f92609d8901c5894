import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserApi, takePageToken, TOKEN_REFUSED, TOKEN_STORAGE_KEY, type ConnectionState, type PageLocation } from './browser-api';

/** A WebSocket stand-in the test opens and closes by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[] = [],
  ) {
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

const client = (fetchImpl: typeof fetch = vi.fn(), onUnauthorized?: () => void) =>
  createBrowserApi({
    token: 't0k',
    baseUrl: 'http://127.0.0.1:9/',
    fetch: fetchImpl,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    ...(onUnauthorized ? { onUnauthorized } : {}),
  });

/** A page stand-in: its address, history and sessionStorage. */
function page(address: string, stored: Record<string, string> = {}): PageLocation & { address(): string; stored: Record<string, string> } {
  let url = new URL(address);
  return {
    stored,
    address: () => url.href,
    get location() {
      return { hash: url.hash, pathname: url.pathname, search: url.search };
    },
    history: {
      state: null,
      replaceState: (_state: unknown, _unused: string, next?: string | URL | null) => {
        url = new URL(String(next), url);
      },
    },
    sessionStorage: {
      getItem: (key) => stored[key] ?? null,
      setItem: (key, value) => void (stored[key] = value),
      removeItem: (key) => void delete stored[key],
    },
  };
}

afterEach(() => {
  FakeSocket.all = [];
  vi.useRealTimers();
});

describe('the page token', () => {
  it('is taken once from the address fragment, removed from the address bar, and kept in sessionStorage', () => {
    const tab = page('http://127.0.0.1:5190/#token=abc_DEF-123');
    expect(takePageToken(tab)).toBe('abc_DEF-123');
    expect(tab.address()).toBe('http://127.0.0.1:5190/');
    expect(tab.stored).toEqual({ [TOKEN_STORAGE_KEY]: 'abc_DEF-123' });
    // A reload: the fragment is gone, the tab's storage still has it.
    expect(takePageToken(tab)).toBe('abc_DEF-123');
  });

  it('keeps the rest of the fragment, and a new address replaces an older token', () => {
    const tab = page('http://127.0.0.1:5190/?x=1#token=new&view=library', { [TOKEN_STORAGE_KEY]: 'old' });
    expect(takePageToken(tab)).toBe('new');
    expect(tab.address()).toBe('http://127.0.0.1:5190/?x=1#view=library');
    expect(tab.stored[TOKEN_STORAGE_KEY]).toBe('new');
  });

  it('is null for a page opened without one', () => {
    expect(takePageToken(page('http://127.0.0.1:5190/'))).toBeNull();
    expect(takePageToken(undefined)).toBeNull();
  });
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
    // The token rides in the subprotocol list, never in the address.
    expect(FakeSocket.all[0]!.url).toBe('ws://127.0.0.1:9/events');
    expect(FakeSocket.all[0]!.protocols).toEqual(['crossfade', 'token.t0k']);
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

  it('says to reopen the printed address when the bridge refuses the token, and tells the page to forget it', async () => {
    const refused = vi.fn();
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ ok: false, error: 'Missing or wrong token.' }), { status: 401 }));
    const browser = client(fetchImpl as unknown as typeof fetch, refused);
    await expect(browser.api['catalog.stats']({})).rejects.toThrow(TOKEN_REFUSED);
    expect(refused).toHaveBeenCalledTimes(1);
  });

  it('fetches poster bytes with the token header (an <img> could not send it)', async () => {
    const fetchImpl = vi.fn(async (url: string | URL | Request) =>
      String(url).endsWith('/poster/3') ? new Response(new Uint8Array([0xff, 0xd8, 0xff])) : new Response(null, { status: 404 }),
    );
    const browser = client(fetchImpl as unknown as typeof fetch);
    const blob = await browser.fetchPoster(3);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/poster/3');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer t0k');
    await expect(browser.fetchPoster(4)).rejects.toThrow(/Poster 4 could not be loaded \(HTTP 404\)/);
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
