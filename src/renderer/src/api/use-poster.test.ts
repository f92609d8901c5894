// @vitest-environment happy-dom
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { setBackend, type Backend } from './backend';
import { usePoster } from './use-poster';

function fakeBackend(load: (posterId: number) => Promise<string | null>, now: (posterId: number) => string | null = () => null) {
  const released = vi.fn();
  const backend = {
    poster: (posterId: number) => ({ src: now(posterId), ready: load(posterId), release: () => released(posterId) }),
    posterSrcNow: now,
  } as unknown as Backend;
  setBackend(backend);
  return { released };
}

describe('usePoster', () => {
  it('shows a placeholder while the bytes load, then the blob: URL, and releases the lease on unmount', async () => {
    let resolve: (src: string) => void = () => undefined;
    const { released } = fakeBackend(() => new Promise<string>((done) => (resolve = done)));
    const { result, unmount } = renderHook(() => usePoster(7));
    expect(result.current).toEqual({ status: 'loading', src: null });
    await act(async () => resolve('blob:poster-7'));
    await waitFor(() => expect(result.current).toEqual({ status: 'ready', src: 'blob:poster-7' }));
    unmount();
    expect(released).toHaveBeenCalledWith(7);
  });

  it('shows a known src at once (desktop, or cached), says "failed" for a poster that cannot load, and "none" without one', async () => {
    fakeBackend(
      async (posterId) => (posterId === 1 ? 'crossfade-poster://poster/1' : null),
      (posterId) => (posterId === 1 ? 'crossfade-poster://poster/1' : null),
    );
    expect(renderHook(() => usePoster(1)).result.current).toEqual({ status: 'ready', src: 'crossfade-poster://poster/1' });
    const missing = renderHook(() => usePoster(2));
    await waitFor(() => expect(missing.result.current).toEqual({ status: 'failed', src: null }));
    expect(renderHook(() => usePoster(null)).result.current).toEqual({ status: 'none', src: null });
  });
});
