import { contextBridge } from 'electron';
import { PRELOAD_API_KEY, type CrossfadePreloadApi } from '../shared/preload-api';

/** Replaced at build time by electron.vite.config.ts (package.json version). */
declare const __CROSSFADE_VERSION__: string;

const api: CrossfadePreloadApi = Object.freeze({
  version: __CROSSFADE_VERSION__,
});

contextBridge.exposeInMainWorld(PRELOAD_API_KEY, api);
