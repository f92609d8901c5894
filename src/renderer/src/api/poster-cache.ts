import type { PosterLease } from './backend';

interface Entry {
  users: number;
  src: string | null;
  readonly ready: Promise<string | null>;
  readonly controller: AbortController;
}

/** What the cache needs from the page (URL.createObjectURL / revokeObjectURL; stand-ins in tests). */
export interface ObjectUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

const pageObjectUrls: ObjectUrls = { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) };

/**
 * Browser mode's posters: an <img> cannot send the token header, so each poster is fetched with it
 * and shown through a blob: URL (CSP img-src allows blob:). Chosen over signed poster URLs: no
 * second kind of credential for the bridge to issue and check, and nothing secret in any address
 * (history, "Copy image address", logs) or anything a neighbour server could receive. Leases are
 * counted per poster; posters nobody shows any more stay cached up to `keep`, least recently used
 * first out, then their blob: URL is revoked (or their download aborted).
 */
export class PosterBlobCache {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly fetchPoster: (posterId: number, signal: AbortSignal) => Promise<Blob>,
    private readonly keep = 300,
    private readonly urls: ObjectUrls = pageObjectUrls,
  ) {}

  lease(posterId: number): PosterLease {
    let entry = this.entries.get(posterId);
    if (entry)
      this.entries.delete(posterId); // re-inserted below: most recently used last
    else entry = this.load(posterId);
    this.entries.set(posterId, entry);
    entry.users++;
    const held = entry;
    let released = false;
    return {
      src: held.src,
      ready: held.ready,
      release: () => {
        if (released) return;
        released = true;
        held.users--;
        this.trim();
      },
    };
  }

  /** The blob: URL of a poster already loaded, or null; changes nothing. */
  peek(posterId: number): string | null {
    return this.entries.get(posterId)?.src ?? null;
  }

  /** How many posters are cached (loaded or loading). */
  get size(): number {
    return this.entries.size;
  }

  private load(posterId: number): Entry {
    const controller = new AbortController();
    const entry: Entry = {
      users: 0,
      src: null,
      controller,
      ready: this.fetchPoster(posterId, controller.signal).then(
        (blob) => {
          if (controller.signal.aborted) return null;
          entry.src = this.urls.create(blob);
          return entry.src;
        },
        () => {
          // Not shown (gone, refused): forget it, so a later lease tries again.
          if (this.entries.get(posterId) === entry && entry.users === 0) this.entries.delete(posterId);
          return null;
        },
      ),
    };
    return entry;
  }

  private trim(): void {
    let unused = [...this.entries.values()].filter((entry) => entry.users === 0).length;
    for (const [posterId, entry] of this.entries) {
      if (unused <= this.keep) break;
      if (entry.users > 0) continue;
      this.entries.delete(posterId);
      unused--;
      entry.controller.abort();
      if (entry.src) this.urls.revoke(entry.src);
    }
  }
}
