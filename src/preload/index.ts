import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isEventName, METHODS, type CrossfadeApi, type EventName, type Method } from '../shared/contract';
import { FILE_HANDLE_CHANNEL, pathFieldValues, replacePathFields } from '../shared/path-fields';
import { EVENT_CHANNEL, ipcChannel, PRELOAD_API_KEY, type CallResult, type CrossfadePreloadApi, type EventMessage } from '../shared/preload-api';

/** Replaced at build time by electron.vite.config.ts (package.json version). */
declare const __CROSSFADE_VERSION__: string;

/**
 * Paths the user chose (open dialog) or dropped, with the handle the main process issued for each.
 * The page keeps working with paths (it shows them); requests carry the handle instead, and the
 * main process refuses a path field that holds anything else (src/main/file-handles.ts). The page
 * cannot add to this map: only dialog.open answers and real dropped Files do.
 */
const chosenPaths = new Map<string, Promise<string | null>>();

function remember(chosen: string, handle: Promise<string | null>): void {
  chosenPaths.set(chosen, handle);
}

/** `input` with every chosen path replaced by its handle; other paths go as they are (and are refused). */
async function withHandles(method: Method, input: unknown): Promise<unknown> {
  const handles = new Map<string, string>();
  for (const value of pathFieldValues(method, input)) {
    const handle = await chosenPaths.get(value);
    if (handle) handles.set(value, handle);
  }
  return handles.size === 0 ? input : replacePathFields(method, input, (value) => handles.get(value) ?? value);
}

// One function per contract method, generated from the contract, so none can be missing.
const api = Object.fromEntries(
  METHODS.map((method) => [
    method,
    async (input: unknown) => {
      const result = (await ipcRenderer.invoke(ipcChannel(method), await withHandles(method, input ?? {}))) as CallResult;
      if (!result.ok) throw new Error(result.error);
      if (method === 'dialog.open') {
        const { path: chosen, handle } = result.value as { path: string | null; handle?: string };
        if (chosen && handle) remember(chosen, Promise.resolve(handle));
      }
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
  pathForFile: (file) => {
    // Only a File from a drop or a file input has a path (a File made by script has ''): ask the
    // main process for a handle to it now, so the request that follows can carry the handle.
    const dropped = webUtils.getPathForFile(file);
    if (dropped && !chosenPaths.has(dropped)) {
      const handle = (ipcRenderer.invoke(FILE_HANDLE_CHANNEL, dropped) as Promise<CallResult>).then(
        (result) => (result.ok ? (result.value as string) : null),
        () => null,
      );
      remember(dropped, handle);
    }
    return dropped;
  },
};

contextBridge.exposeInMainWorld(PRELOAD_API_KEY, exposed);
