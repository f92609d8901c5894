/// <reference types="vite/client" />

import type { CrossfadePreloadApi } from '../../shared/preload-api';

declare global {
  interface Window {
    /** Exposed by src/preload/index.ts through contextBridge. */
    readonly crossfade: CrossfadePreloadApi;
  }
}
