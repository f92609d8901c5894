import { EXTERNAL_LINK_HOSTS, isAllowedExternalUrl, isEventName, METHODS, type CrossfadeApi, type EventName, type EventPayload } from './contract';
import type { CallResult, EventMessage } from './preload-api';

/**
 * The contract over the browser-mode bridge (src/bridge/server.ts), the one implementation of its
 * protocol: POST /api/<method> for requests, POST /upload for files, GET /poster/<id> for images,
 * and a WebSocket on /events for pushed events. Runs in the page and under Node (no Node imports).
 *
 * The token travels only where no other server can see it: it arrives in the address fragment
 * (#token=…, never sent over the network), is kept in this tab's sessionStorage (per origin, port
 * included), and goes out as `Authorization: Bearer` on requests and as the `token.<token>`
 * WebSocket subprotocol. No cookie: cookies ignore ports, so any server on 127.0.0.1 would get one.
 */
export interface BrowserApiOptions {
  readonly token: string;
  /** Default: the page's origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly WebSocket?: typeof WebSocket;
  /** Called when the bridge refuses the token (HTTP 401): the page forgets it. */
  readonly onUnauthorized?: () => void;
}

export interface UploadOptions {
  /** The file name to keep (default: the File's name). */
  readonly name?: string;
  /** Put the file beside an earlier upload (MovieLens links.csv and tags.csv beside movies.csv). */
  readonly into?: string;
  readonly onProgress?: (loaded: number, total: number) => void;
  /** Aborting it stops the upload; the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

export interface StoredUpload {
  readonly uploadId: string;
  readonly name: string;
  readonly size: number;
}

/** The event socket's state: it reconnects by itself, with backoff, after the bridge goes away. */
export type ConnectionState = 'connected' | 'reconnecting';

export interface BrowserClient {
  readonly api: CrossfadeApi;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Tells when the event socket drops ('reconnecting') and when it is back ('connected'). */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  upload(file: Blob, options?: UploadOptions): Promise<StoredUpload>;
  /** A poster's bytes, fetched with the token (an <img> cannot send it: the page shows them through a blob: URL). */
  fetchPoster(posterId: number, signal?: AbortSignal): Promise<Blob>;
  /** Opens an allowlisted link (Spotify, TMDb, IMDb) in a new tab. */
  openLink(url: string): Promise<void>;
  /** Closes the event socket for good. */
  close(): void;
}

/** Where the page keeps its token: sessionStorage is per origin (port included) and per tab, and survives a reload. */
export const TOKEN_STORAGE_KEY = 'crossfade-token';

/** What takePageToken needs from the page (window in the browser; a stand-in in tests). */
export interface PageLocation {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  readonly sessionStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/**
 * The page's token: taken once from the address fragment (#token=…), which is then removed from
 * the address bar, and kept in sessionStorage; on a reload, read back from there. Null when the
 * page was opened without it.
 */
export function takePageToken(page: PageLocation | undefined = globalThis.window): string | null {
  if (!page) return null;
  const fragment = new URLSearchParams(page.location.hash.replace(/^#/, ''));
  const fromAddress = fragment.get('token');
  if (fromAddress) {
    fragment.delete('token');
    const rest = fragment.toString();
    page.history.replaceState(page.history.state, '', `${page.location.pathname}${page.location.search}${rest ? `#${rest}` : ''}`);
    try {
      page.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromAddress);
    } catch {
      // Storage refused (private mode quotas): the token lives in memory for this page only.
    }
    return fromAddress;
  }
  try {
    return page.sessionStorage.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/** Forgets a token the bridge refused (a restarted bridge has a new one). */
export function forgetPageToken(page: PageLocation | undefined = globalThis.window): void {
  try {
    page?.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // nothing kept
  }
}

/** The WebSocket subprotocols that carry the token (the bridge answers with 'crossfade' only). */
function eventProtocols(token: string): string[] {
  return ['crossfade', `token.${token}`];
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;
const NOT_REACHABLE = 'Crossfade’s services do not answer: check that "npm run start:web" is still running, then try again.';
/** A 401: the token is missing or belongs to an earlier run of the bridge. */
export const TOKEN_REFUSED = 'Crossfade refused this page’s access token (was it restarted?): open the address that "npm run start:web" printed.';

export function createBrowserApi(options: BrowserApiOptions): BrowserClient {
  const baseUrl = (options.baseUrl ?? globalThis.location.origin).replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const SocketImpl = options.WebSocket ?? globalThis.WebSocket;
  const authorization = `Bearer ${options.token}`;
  const onUnauthorized = options.onUnauthorized ?? (() => undefined);

  async function call(method: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new Error(NOT_REACHABLE);
    }
    if (response.status === 401) {
      onUnauthorized();
      throw new Error(TOKEN_REFUSED);
    }
    const result = (await response.json().catch(() => null)) as CallResult | null;
    if (!result) throw new Error(`Crossfade’s services answered ${method} with HTTP ${response.status} and no result; try again.`);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }

  async function openLink(url: string): Promise<void> {
    if (!isAllowedExternalUrl(url)) throw new Error(`Crossfade only opens links to ${EXTERNAL_LINK_HOSTS.join(', ')}.`);
    globalThis.open(url, '_blank', 'noopener,noreferrer');
  }

  const api = Object.fromEntries(METHODS.map((method) => [method, (input: unknown) => call(method, input)])) as unknown as CrossfadeApi;
  // Links open in a new tab of this browser (the same allowlist as the desktop app).
  api['app.openExternal'] = async ({ url }) => {
    await openLink(url);
    return { opened: true };
  };

  // Events: one socket while anyone listens, reconnecting with backoff.
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let state: ConnectionState | null = null;
  const listening = () => [...listeners.values()].some((set) => set.size > 0);
  const setState = (next: ConnectionState) => {
    if (state === next || (state === null && next === 'connected')) {
      state = next;
      return;
    }
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  function connect(): void {
    if (socket || closed || !listening()) return;
    const ws = new SocketImpl(`${baseUrl.replace(/^http/, 'ws')}/events`, eventProtocols(options.token));
    socket = ws;
    ws.onopen = () => {
      retryMs = RECONNECT_MIN_MS;
      setState('connected');
    };
    ws.onmessage = (message: MessageEvent) => {
      let parsed: EventMessage;
      try {
        parsed = JSON.parse(String(message.data)) as EventMessage;
      } catch {
        return;
      }
      if (!isEventName(parsed.event)) return;
      for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
    };
    ws.onclose = () => {
      socket = null;
      if (closed || !listening()) return;
      if (state !== null) setState('reconnecting');
      retryTimer = setTimeout(() => {
        retryTimer = null;
        connect();
      }, retryMs);
      retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
    };
  }

  async function upload(file: Blob, uploadOptions: UploadOptions = {}): Promise<StoredUpload> {
    const name = uploadOptions.name ?? (file as Partial<File>).name ?? 'upload.csv';
    const query = new URLSearchParams({ name, ...(uploadOptions.into ? { into: uploadOptions.into } : {}) });
    const url = `${baseUrl}/upload?${query}`;
    if (uploadOptions.signal?.aborted) throw abortError();
    const send = typeof globalThis.XMLHttpRequest === 'function' ? uploadWithXhr : uploadWithFetch;
    const result = await send({ url, authorization, file, name, doFetch, ...uploadOptions });
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }

  async function fetchPoster(posterId: number, signal?: AbortSignal): Promise<Blob> {
    const response = await doFetch(`${baseUrl}/poster/${posterId}`, { headers: { Authorization: authorization }, ...(signal ? { signal } : {}) });
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw new Error(`Poster ${posterId} could not be loaded (HTTP ${response.status}).`);
    return response.blob();
  }

  return {
    api,
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}".`);
      const set = listeners.get(event) ?? new Set();
      const forward = (payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
      listeners.set(event, set.add(forward));
      connect();
      return () => {
        set.delete(forward);
        if (!listening()) socket?.close();
      };
    },
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    upload,
    fetchPoster,
    openLink,
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

interface UploadRequest extends UploadOptions {
  readonly url: string;
  readonly authorization: string;
  readonly file: Blob;
  readonly name: string;
  readonly doFetch: typeof fetch;
}

const abortError = () => new DOMException('Upload cancelled', 'AbortError');
const interrupted = (name: string) => `The upload of ${name} was interrupted; try again, or import the file by its path.`;

/** In the page: XMLHttpRequest, because fetch cannot report upload progress. */
function uploadWithXhr(request: UploadRequest): Promise<CallResult<StoredUpload>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.url);
    xhr.setRequestHeader('Authorization', request.authorization);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.addEventListener('progress', (event) => request.onProgress?.(event.loaded, event.lengthComputable ? event.total : request.file.size));
    xhr.addEventListener('load', () => {
      try {
        resolve(JSON.parse(xhr.responseText) as CallResult<StoredUpload>);
      } catch {
        reject(new Error(`The upload of ${request.name} failed (HTTP ${xhr.status}); try again, or import the file by its path.`));
      }
    });
    xhr.addEventListener('error', () => reject(new Error(interrupted(request.name))));
    xhr.addEventListener('abort', () => reject(abortError()));
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.file);
  });
}

/** Outside a page (Node, tests): fetch, with progress reported once, at the end. */
async function uploadWithFetch(request: UploadRequest): Promise<CallResult<StoredUpload>> {
  let response: Response;
  try {
    response = await request.doFetch(request.url, {
      method: 'POST',
      headers: { Authorization: request.authorization, 'Content-Type': 'application/octet-stream' },
      body: request.file,
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) throw abortError();
    throw new Error(interrupted(request.name), { cause: error });
  }
  const result = (await response.json().catch(() => null)) as CallResult<StoredUpload> | null;
  if (!result) throw new Error(`The upload of ${request.name} failed (HTTP ${response.status}); try again, or import the file by its path.`);
  request.onProgress?.(request.file.size, request.file.size);
  return result;
}
