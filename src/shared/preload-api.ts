import type { CrossfadeApi, EventName, EventPayload, Method } from './contract';

/**
 * What the preload script exposes to the renderer as `window.crossfade`, and the wire format
 * shared by the Electron IPC handlers (src/main/ipc.ts) and the browser bridge (src/bridge).
 * Shared by the preload, the main process and the renderer: no Electron, Node or React imports.
 */
export interface CrossfadePreloadApi {
  /** The application version (from package.json), fixed at build time. */
  readonly version: string;
  /** One function per contract method; a rejected promise carries one clear sentence. */
  readonly api: CrossfadeApi;
  /** Listens to a pushed event; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The path on disk of a File from an <input type="file"> or a drop (Electron only). */
  pathForFile(file: File): string;
}

/** The global name under which the preload API is exposed (`window.crossfade`). */
export const PRELOAD_API_KEY = 'crossfade';

/** What a handler sends back over IPC or HTTP: errors cross the boundary as one sentence. */
export type CallResult<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** The ipcMain.handle channel of a contract method. */
export function ipcChannel(method: Method): string {
  return `crossfade:${method}`;
}

/** The channel the main process pushes events on: payload { event, payload }. */
export const EVENT_CHANNEL = 'crossfade:event';

export interface EventMessage<E extends EventName = EventName> {
  readonly event: E;
  readonly payload: EventPayload<E>;
}
