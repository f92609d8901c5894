import { createBrowserApi, forgetPageToken, takePageToken, type ConnectionState } from '../../../shared/browser-api';
import type { Backend } from './backend';
import { PosterBlobCache } from './poster-cache';

/** Connection state of browser mode's event socket (the desktop app is always connected). */
export type { ConnectionState };

export interface Connection {
  readonly backend: Backend;
  /** Listens to the event connection going down and coming back; returns the stop function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** The desktop app (window.crossfade from the preload), else browser mode (token from the address fragment, then sessionStorage). */
export function connect(): Connection {
  const preload = (window as { crossfade?: Window['crossfade'] }).crossfade;
  if (preload && typeof preload === 'object' && 'api' in preload) return desktopConnection(preload);
  const token = takePageToken();
  if (!token) throw new Error('This page has no access token: open the address that "npm run start:web" printed (it ends in #token=…).');
  return browserConnection(token);
}

const desktopPosterSrc = (posterId: number) => `crossfade-poster://poster/${posterId}`;

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
      poster: (posterId) => {
        const src = desktopPosterSrc(posterId);
        return { src, ready: Promise.resolve(src), release: () => undefined };
      },
      posterSrcNow: (posterId) => desktopPosterSrc(posterId),
      openLink: async (url) => {
        await preload.api['app.openExternal']({ url });
      },
    },
    onConnectionChange: () => () => undefined,
  };
}

/** Browser mode: the bridge's HTTP + WebSocket protocol, implemented once in src/shared/browser-api.ts. */
function browserConnection(token: string): Connection {
  const client = createBrowserApi({ token, onUnauthorized: () => forgetPageToken() });
  const posters = new PosterBlobCache((posterId, signal) => client.fetchPoster(posterId, signal));
  return {
    backend: {
      mode: 'browser',
      api: client.api,
      on: (event, listener) => client.on(event, listener),
      pathForFile: () => null,
      upload: async (file, options = {}) => ({ uploadId: (await client.upload(file, { name: file.name, ...options })).uploadId }),
      // <img> cannot send the token header: posters are fetched with it and shown as blob: URLs.
      poster: (posterId) => posters.lease(posterId),
      posterSrcNow: (posterId) => posters.peek(posterId),
      openLink: (url) => client.openLink(url),
    },
    onConnectionChange: (listener) => client.onConnectionChange(listener),
  };
}
