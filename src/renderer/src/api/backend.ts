import type { CrossfadeApi, EventName, EventPayload } from '../../../shared/contract';

/** An uploaded file (browser mode), usable as `{ uploadId }` in imports.preview / imports.start. */
export interface UploadResult {
  readonly uploadId: string;
}

export interface UploadOptions {
  /** Store the file beside an earlier upload (MovieLens links.csv / tags.csv next to movies.csv). */
  readonly into?: string;
  readonly onProgress?: (loaded: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** A poster for an <img>: its src at once when known (desktop, or cached), else once loaded. */
export interface PosterLease {
  readonly src: string | null;
  /** The src, or null when the poster cannot be shown (gone, refused). */
  readonly ready: Promise<string | null>;
  release(): void;
}

/**
 * Everything the renderer needs from the services, identical in the desktop app (window.crossfade)
 * and in browser mode (HTTP + WebSocket bridge).
 */
export interface Backend {
  readonly mode: 'desktop' | 'browser';
  readonly api: CrossfadeApi;
  /** Listens to a pushed event; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The path on disk of a dropped or chosen file (desktop), or null (browser: upload it). */
  pathForFile(file: File): string | null;
  /** Sends a file to the bridge (browser mode only). */
  upload(file: File, options?: UploadOptions): Promise<UploadResult>;
  /** A poster registered in the catalog, for an <img> (see usePoster); release the lease when the image goes. */
  poster(posterId: number): PosterLease;
  /** A poster's src when it is known without waiting (desktop: always; browser mode: when cached), else null. */
  posterSrcNow(posterId: number): string | null;
  /** Opens an allowlisted link (Spotify, TMDb, IMDb) in the system browser, or a new tab in browser mode. */
  openLink(url: string): Promise<void>;
}

let current: Backend | null = null;

export function setBackend(backend: Backend): void {
  current = backend;
}

export function backend(): Backend {
  if (!current) throw new Error('Crossfade is not connected to its services yet; reload the window.');
  return current;
}
