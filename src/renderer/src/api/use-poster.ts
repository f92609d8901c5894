import { useEffect, useState } from 'react';
import { backend } from './backend';

type PosterState = { readonly status: 'none' | 'loading' | 'failed'; readonly src: null } | { readonly status: 'ready'; readonly src: string };

const stateOf = (src: string | null): PosterState => (src ? { status: 'ready', src } : { status: 'loading', src: null });

/** The <img> src of a poster, from the backend (desktop: at once; browser mode: once its bytes arrived). */
export function usePoster(posterId: number | null): PosterState {
  // Known at once (desktop, or a poster already cached) shows at once, with no placeholder in between.
  const [state, setState] = useState<PosterState>(() => (posterId === null ? { status: 'none', src: null } : stateOf(backend().posterSrcNow(posterId))));
  useEffect(() => {
    if (posterId === null) {
      setState({ status: 'none', src: null });
      return;
    }
    const lease = backend().poster(posterId);
    let current = true;
    setState(stateOf(lease.src));
    if (!lease.src)
      void lease.ready.then((src) => {
        if (current) setState(src ? { status: 'ready', src } : { status: 'failed', src: null });
      });
    return () => {
      current = false;
      lease.release();
    };
  }, [posterId]);
  return state;
}
