/**
 * The object the preload script exposes to the renderer as `window.crossfade`.
 *
 * Placeholder: the typed IPC contract is added in a later issue. This module is shared by
 * the preload and the renderer, so it must stay free of Electron, Node and React imports.
 */
export interface CrossfadePreloadApi {
  /** The application version (from package.json), fixed at build time. */
  readonly version: string;
}

/** The global name under which the preload API is exposed (`window.crossfade`). */
export const PRELOAD_API_KEY = 'crossfade';
