import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isEventName, METHODS, type CrossfadeApi, type EventName } from '../shared/contract';
import { EVENT_CHANNEL, ipcChannel, PRELOAD_API_KEY, type CallResult, type CrossfadePreloadApi, type EventMessage } from '../shared/preload-api';

/** Replaced at build time by electron.vite.config.ts (package.json version). */
declare const __CROSSFADE_VERSION__: string;

// One function per contract method, generated from the contract, so none can be missing.
const api = Object.fromEntries(
  METHODS.map((method) => [
    method,
    async (input: unknown) => {
      const result = (await ipcRenderer.invoke(ipcChannel(method), input ?? {})) as CallResult;
      if (!result.ok) throw new Error(result.error);
      return result.value;
    },
  ]),
) as unknown as CrossfadeApi;

// One IPC listener for all events; the page never sees the IPC event object (it exposes the sender).
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_ipcEvent, message: EventMessage) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

const exposed: CrossfadePreloadApi = {
  version: __CROSSFADE_VERSION__,
  api,
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}".`);
    const forward = (payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set.add(forward));
    return () => {
      set.delete(forward);
    };
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld(PRELOAD_API_KEY, exposed);
