import { createBrowserApi, readPageToken, type ConnectionState } from '../../../shared/browser-api';
import type { Backend } from './backend';

/** Connection state of browser mode's event socket (the desktop app is always connected). */
export type { ConnectionState };

export interface Connection {
  readonly backend: Backend;
  /** Listens to the event connection going down and coming back; returns the stop function. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** The desktop app (window.crossfade from the preload), else browser mode (token in a <meta>). */
export function connect(): Connection {
  const preload = (window as { crossfade?: Window['crossfade'] }).crossfade;
  if (preload && typeof preload === 'object' && 'api' in preload) return desktopConnection(preload);
  const token = readPageToken();
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

/** Browser mode: the bridge's HTTP + WebSocket protocol, implemented once in src/shared/browser-api.ts. */
function browserConnection(token: string): Connection {
  const client = createBrowserApi({ token });
  return {
    backend: {
      mode: 'browser',
      api: client.api,
      on: (event, listener) => client.on(event, listener),
      pathForFile: () => null,
      upload: async (file, options = {}) => ({ uploadId: (await client.upload(file, { name: file.name, ...options })).uploadId }),
      // The page's cookie carries the token for <img> requests (see src/bridge/server.ts).
      posterUrl: (posterId) => client.posterUrl(posterId),
      openLink: (url) => client.openLink(url),
    },
    onConnectionChange: (listener) => client.onConnectionChange(listener),
  };
}
