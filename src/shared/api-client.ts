import { createBrowserApi, readPageToken, type BrowserClient } from './browser-api';
import type { CrossfadeApi, EventName, EventPayload, FileRef } from './contract';
import { PRELOAD_API_KEY, type CrossfadePreloadApi } from './preload-api';

/**
 * How the renderer reaches the services, the same in both modes:
 *
 *   const client = getClient();
 *   const stats = await client.api['catalog.stats']({});
 *   const stop = client.on('job.updated', (job) => ...);
 *   const file = await client.fileRef(inputElement.files[0]);       // a path, or an upload in the browser
 *   await client.api['imports.start']({ file });
 *   <img src={client.posterUrl(posterId)} />
 *
 * Desktop: window.crossfade from the preload (IPC). Browser mode: fetch + WebSocket to the bridge,
 * with the token the bridge put into the page. No Node imports.
 */
export interface CrossfadeClient {
  readonly mode: 'desktop' | 'browser';
  readonly api: CrossfadeApi;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The URL of a catalog poster for an <img> (crossfade-poster:// or the bridge's /poster/). */
  posterUrl(posterId: number): string;
  /**
   * The file reference for imports.preview / imports.start: its path in the desktop app; in the
   * browser the file is uploaded first (`into` puts it beside an earlier upload, e.g. MovieLens
   * links.csv beside movies.csv; desktop imports find such files beside the original anyway).
   */
  fileRef(file: File, options?: { into?: string; onProgress?: (loaded: number, total: number) => void }): Promise<FileRef>;
}

let client: CrossfadeClient | null = null;

export function getClient(): CrossfadeClient {
  client ??= createClient();
  return client;
}

export function getApi(): CrossfadeApi {
  return getClient().api;
}

/** Whether the page can reach Crossfade at all (false e.g. for a bare `vite` dev server). */
export function hasClient(): boolean {
  return preloadApi() !== null || readPageToken() !== null;
}

function preloadApi(): CrossfadePreloadApi | null {
  const exposed = (globalThis as { [PRELOAD_API_KEY]?: CrossfadePreloadApi })[PRELOAD_API_KEY];
  return exposed && typeof exposed === 'object' && 'api' in exposed ? exposed : null;
}

function createClient(): CrossfadeClient {
  const desktop = preloadApi();
  if (desktop) {
    return {
      mode: 'desktop',
      api: desktop.api,
      on: (event, listener) => desktop.on(event, listener),
      posterUrl: (posterId) => `crossfade-poster://poster/${posterId}`,
      async fileRef(file) {
        const path = desktop.pathForFile(file);
        if (!path) throw new Error(`${file.name} is not a file on disk; choose it with the file picker or drop it from a folder.`);
        return { path };
      },
    };
  }
  const token = readPageToken();
  if (!token) throw new Error('Crossfade services are not reachable: open the app in Crossfade, or the address "npm run start:web" printed.');
  const browser: BrowserClient = createBrowserApi({ token });
  return {
    mode: 'browser',
    api: browser.api,
    on: (event, listener) => browser.on(event, listener),
    posterUrl: (posterId) => browser.posterUrl(posterId),
    async fileRef(file, options = {}) {
      const stored = await browser.upload(file, { name: file.name, ...options });
      return { uploadId: stored.uploadId };
    },
  };
}
