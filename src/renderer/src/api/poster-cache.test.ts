import { describe, expect, it } from 'vitest';
import { PosterBlobCache, type ObjectUrls } from './poster-cache';

/** Object URLs as a list, so the test sees what is created and revoked. */
function fakeUrls(): ObjectUrls & { live: Set<string> } {
  let next = 0;
  const live = new Set<string>();
  return {
    live,
    create: () => {
      const url = `blob:poster-${++next}`;
      live.add(url);
      return url;
    },
    revoke: (url) => void live.delete(url),
  };
}

describe('PosterBlobCache (browser mode posters as blob: URLs)', () => {
  it('fetches a poster once for all its users, and revokes URLs beyond the ones it keeps', async () => {
    const urls = fakeUrls();
    const fetched: number[] = [];
    const cache = new PosterBlobCache(
      async (posterId) => {
        fetched.push(posterId);
        return new Blob([String(posterId)]);
      },
      1,
      urls,
    );
    const first = cache.lease(1);
    const second = cache.lease(1);
    expect(first.src).toBeNull();
    expect(await first.ready).toBe('blob:poster-1');
    expect(await second.ready).toBe('blob:poster-1');
    expect(fetched).toEqual([1]);
    const third = cache.lease(1);
    expect(third.src).toBe('blob:poster-1'); // cached: at once
    expect(cache.peek(1)).toBe('blob:poster-1');
    expect(cache.peek(2)).toBeNull();

    const other = cache.lease(2);
    await other.ready;
    first.release();
    second.release();
    first.release(); // twice is harmless
    other.release();
    expect(urls.live).toEqual(new Set(['blob:poster-1', 'blob:poster-2'])); // poster 1 is still shown (third)
    third.release();
    expect(urls.live).toEqual(new Set(['blob:poster-2'])); // one unused poster kept: the most recent
  });

  it('keeps at most `keep` unused posters, least recently used out first, and aborts downloads nobody waits for', async () => {
    const urls = fakeUrls();
    const aborted: number[] = [];
    const cache = new PosterBlobCache(
      (posterId, signal) =>
        posterId === 9
          ? new Promise<Blob>((_resolve, reject) => signal.addEventListener('abort', () => (aborted.push(posterId), reject(new Error('aborted')))))
          : Promise.resolve(new Blob([String(posterId)])),
      2,
      urls,
    );
    for (const id of [1, 2, 3]) {
      const lease = cache.lease(id);
      await lease.ready;
      lease.release();
    }
    expect(cache.size).toBe(2);
    expect(urls.live).toEqual(new Set(['blob:poster-2', 'blob:poster-3']));
    const slow = cache.lease(9);
    slow.release(); // unused now: 2, 3 and 9; poster 2 goes
    expect(urls.live).toEqual(new Set(['blob:poster-3']));
    for (const id of [4, 5]) {
      const lease = cache.lease(id);
      await lease.ready;
      lease.release();
    }
    expect(aborted).toEqual([9]); // its download was aborted when it left the cache
    expect(await slow.ready).toBeNull();
    expect(urls.live).toEqual(new Set(['blob:poster-4', 'blob:poster-5']));
    expect(cache.size).toBe(2);
  });

  it('answers null for a poster that cannot be loaded, and tries again on the next lease', async () => {
    let attempts = 0;
    const cache = new PosterBlobCache(
      async () => {
        attempts++;
        throw new Error('HTTP 404');
      },
      10,
      fakeUrls(),
    );
    const lease = cache.lease(5);
    lease.release();
    expect(await lease.ready).toBeNull();
    expect(await cache.lease(5).ready).toBeNull();
    expect(attempts).toBe(2);
  });
});
