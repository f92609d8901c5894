import { EVENT_NAMES, EXTERNAL_LINK_HOSTS, isAllowedExternalUrl, METHODS, type CrossfadeApi, type EventName, type EventPayload, type Method } from '../../../shared/contract';
import type { EventMessage } from '../../../shared/preload-api';
import type { Backend, UploadOptions, UploadResult } from './backend';

type Listener = (payload: unknown) => void;

/** Connection state of browser mode's event socket (the desktop app is always connected). */
export type ConnectionState = 'connected' | 'reconnecting';

export interface Connection {
  readonly backend: Backend;
  /** Listens to the event connection going down and coming back; returns the stop function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** The desktop app (window.crossfade from the preload), else browser mode (token in a <meta>). */
export function connect(): Connection {
  const preload = (window as { crossfade?: Window['crossfade'] }).crossfade;
  if (preload && typeof preload === 'object' && 'api' in preload) return desktopConnection(preload);
  const token = document.querySelector<HTMLMetaElement>('meta[name="crossfade-token"]')?.content;
  if (!token) throw new Error('This page has no access token: open the address that "npm run start:web" printed.');
  return browserConnection(token);
}

function desktopConnection(preload: Window['crossfade']): Connection {
  return {
    backend: {
      mode: 'desktop',
      api: preload.api,
      on: (event, listener) => preload.on(event, listener),
      pathForFile: (file) => {
        try {
          return preload.pathForFile(file) || null;
        } catch {
          return null;
        }
      },
      upload: () => Promise.reject(new Error('The desktop app imports files from their path; drop the file again or type its path.')),
      posterUrl: (posterId) => `crossfade-poster://poster/${posterId}`,
      openLink: async (url) => {
        await preload.api['app.openExternal']({ url });
      },
    },
    onConnectionChange: () => () => undefined,
  };
}

/** Browser mode: POST /api/<method>, POST /upload, and a WebSocket on /events (see src/bridge/server.ts). */
function browserConnection(token: string): Connection {
  const listeners = new Map<EventName, Set<Listener>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let retryMs = 500;
  let wasConnected = false;

  const open = () => {
    const url = new URL('/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retryMs = 500;
      if (wasConnected) for (const listener of stateListeners) listener('connected');
      wasConnected = true;
    });
    socket.addEventListener('message', (message: MessageEvent<string>) => {
      let parsed: EventMessage;
      try {
        parsed = JSON.parse(message.data) as EventMessage;
      } catch {
        return;
      }
      if (!EVENT_NAMES.includes(parsed.event)) return;
      for (const listener of listeners.get(parsed.event) ?? []) listener(parsed.payload);
    });
    socket.addEventListener('close', () => {
      if (wasConnected) for (const listener of stateListeners) listener('reconnecting');
      setTimeout(open, retryMs);
      retryMs = Math.min(10_000, retryMs * 2);
    });
  };
  open();

  const call = async (method: Method, input: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new Error('Crossfade’s services do not answer: check that "npm run start:web" is still running, then try again.');
    }
    const body = (await response.json().catch(() => null)) as { ok: boolean; value?: unknown; error?: string } | null;
    if (!body) throw new Error(`Crossfade’s services answered ${response.status} without a result; try again.`);
    if (!body.ok) throw new Error(body.error ?? 'The request failed; try again.');
    return body.value;
  };
  const api = Object.fromEntries(METHODS.map((method) => [method, (input: unknown) => call(method, input)])) as unknown as CrossfadeApi;

  const upload = (file: File, options: UploadOptions = {}): Promise<UploadResult> =>
    new Promise((resolve, reject) => {
      const query = new URLSearchParams({ name: file.name });
      if (options.into) query.set('into', options.into);
      const request = new XMLHttpRequest();
      request.open('POST', `/upload?${query}`);
      request.setRequestHeader('Authorization', `Bearer ${token}`);
      request.setRequestHeader('Content-Type', 'application/octet-stream');
      request.upload.addEventListener('progress', (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size));
      request.addEventListener('load', () => {
        const body = parseUploadAnswer(request.responseText);
        if (body?.ok && body.value) resolve({ uploadId: body.value.uploadId });
        else reject(new Error(body?.error ?? `The upload of ${file.name} failed (${request.status}); try again, or import the file by its path.`));
      });
      request.addEventListener('error', () => reject(new Error(`The upload of ${file.name} was interrupted; try again, or import the file by its path.`)));
      request.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
      options.signal?.addEventListener('abort', () => request.abort(), { once: true });
      request.send(file);
    });

  return {
    backend: {
      mode: 'browser',
      api,
      on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
        const set = listeners.get(event) ?? new Set<Listener>();
        listeners.set(event, set);
        set.add(listener as Listener);
        return () => set.delete(listener as Listener);
      },
      pathForFile: () => null,
      upload,
      // The page's cookie carries the token for <img> requests (see src/bridge/server.ts).
      posterUrl: (posterId) => `/poster/${posterId}`,
      openLink: async (url) => {
        if (!isAllowedExternalUrl(url)) throw new Error(`Crossfade only opens links to ${EXTERNAL_LINK_HOSTS.join(', ')}.`);
        window.open(url, '_blank', 'noopener,noreferrer');
      },
    },
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}

function parseUploadAnswer(text: string): { ok: boolean; value?: { uploadId: string }; error?: string } | null {
  try {
    return JSON.parse(text) as { ok: boolean; value?: { uploadId: string }; error?: string };
  } catch {
    return null;
  }
}
