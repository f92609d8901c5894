import { isAllowedExternalUrl, isEventName, METHODS, type CrossfadeApi, type EventName, type EventPayload } from './contract';
import type { CallResult, EventMessage } from './preload-api';

/**
 * The contract over the browser-mode bridge (src/bridge/server.ts): fetch for requests, a
 * WebSocket for events. Runs in the page (no Node imports); the token comes from the
 * <meta name="crossfade-token"> the bridge puts into index.html.
 */
export interface BrowserApiOptions {
  readonly token: string;
  /** Default: the page's origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly WebSocket?: typeof WebSocket;
}

export interface UploadOptions {
  /** The file name to keep (default: the File's name). */
  readonly name?: string;
  /** Put the file beside an earlier upload (MovieLens links.csv and tags.csv beside movies.csv). */
  readonly into?: string;
  readonly onProgress?: (loaded: number, total: number) => void;
}

export interface StoredUpload {
  readonly uploadId: string;
  readonly name: string;
  readonly size: number;
}

export interface BrowserClient {
  readonly api: CrossfadeApi;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  upload(file: Blob, options?: UploadOptions): Promise<StoredUpload>;
  posterUrl(posterId: number): string;
  /** Closes the event socket. */
  close(): void;
}

/** The token the bridge injected into the page, or null when the page was not served by the bridge. */
export function readPageToken(doc: Document | undefined = globalThis.document): string | null {
  return doc?.querySelector('meta[name="crossfade-token"]')?.getAttribute('content') || null;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export function createBrowserApi(options: BrowserApiOptions): BrowserClient {
  const baseUrl = (options.baseUrl ?? globalThis.location.origin).replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const SocketImpl = options.WebSocket ?? globalThis.WebSocket;
  const authorization = `Bearer ${options.token}`;

  async function call(method: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new Error('Crossfade is not reachable: is "npm run start:web" still running?');
    }
    const result = (await response.json().catch(() => null)) as CallResult | null;
    if (!result) throw new Error(`Crossfade answered ${method} with HTTP ${response.status}.`);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }

  const api = Object.fromEntries(METHODS.map((method) => [method, (input: unknown) => call(method, input)])) as unknown as CrossfadeApi;
  // Links open in a new tab of this browser (the same allowlist as the desktop app).
  api['app.openExternal'] = async ({ url }) => {
    if (!isAllowedExternalUrl(url)) throw new Error(`Refused to open ${url}: only links to Spotify, TMDb and IMDb open.`);
    globalThis.open(url, '_blank', 'noopener,noreferrer');
    return { opened: true };
  };

  // Events: one socket while anyone listens, reconnecting with backoff.
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const listening = () => [...listeners.values()].some((set) => set.size > 0);

  function connect(): void {
    if (socket || closed || !listening()) return;
    const url = `${baseUrl.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(options.token)}`;
    const ws = new SocketImpl(url);
    socket = ws;
    ws.onopen = () => (retryMs = RECONNECT_MIN_MS);
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
      retryTimer = setTimeout(() => {
        retryTimer = null;
        connect();
      }, retryMs);
      retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
    };
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
    async upload(file, uploadOptions = {}) {
      const name = uploadOptions.name ?? (file as Partial<File>).name ?? 'upload.csv';
      const query = new URLSearchParams({ name, ...(uploadOptions.into ? { into: uploadOptions.into } : {}) });
      const url = `${baseUrl}/upload?${query}`;
      const result = uploadOptions.onProgress
        ? await uploadWithProgress(url, authorization, file, uploadOptions.onProgress)
        : ((await (
            await doFetch(url, { method: 'POST', headers: { Authorization: authorization, 'Content-Type': 'application/octet-stream' }, body: file })
          ).json()) as CallResult<StoredUpload>);
      if (!result.ok) throw new Error(result.error);
      return result.value;
    },
    posterUrl: (posterId) => `${baseUrl}/poster/${posterId}`,
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

/** fetch cannot report upload progress; XMLHttpRequest can. */
function uploadWithProgress(url: string, authorization: string, file: Blob, onProgress: (loaded: number, total: number) => void): Promise<CallResult<StoredUpload>> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('Authorization', authorization);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    request.onload = () => {
      try {
        resolve(JSON.parse(request.responseText) as CallResult<StoredUpload>);
      } catch {
        reject(new Error(`The upload failed (HTTP ${request.status}).`));
      }
    };
    request.onerror = () => reject(new Error('The upload failed: Crossfade is not reachable.'));
    request.send(file);
  });
}
