import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { SONG_SEARCH_MAX, SONG_SEARCH_PAGE, type MethodOutput } from '../../../../shared/contract';
import { apiKey, callApi } from '../../data/api-query';
import { errorText } from '../../lib/format';
import { useDiscover } from '../../state/discover';

type SongHit = MethodOutput<'catalog.searchSongs'>[number];
const ROW_HEIGHT = 52;
/** Rows from the end of the list at which the next page is asked for. */
const NEAR_END = 10;

/** Every song of the answers once, where it first appeared: a later answer only adds rows at the end. */
function inFirstPlaces(pages: readonly (readonly SongHit[])[]): SongHit[] {
  const seen = new Set<number>();
  const hits: SongHit[] = [];
  for (const page of pages)
    for (const hit of page)
      if (!seen.has(hit.id)) {
        seen.add(hit.id);
        hits.push(hit);
      }
  return hits;
}

/** Search-as-you-type over title, artist and album; results in a virtualised list, picked with click or Enter. */
export function SongSearch() {
  const [text, setText] = useState('');
  // Typing stays responsive: the query follows the deferred text, and answers are keyed by it, so a late answer never replaces a newer one.
  const searched = useDeferredValue(text.trim());
  // A keystroke asks for the first page; scrolling near its end asks again with twice the limit.
  // Rows already shown keep their places (a larger answer may rank a few of them differently):
  // the list grows at the end only.
  const search = useInfiniteQuery({
    queryKey: [...apiKey('catalog.searchSongs'), searched],
    queryFn: ({ pageParam }) => callApi('catalog.searchSongs', { text: searched, limit: pageParam }),
    initialPageParam: SONG_SEARCH_PAGE,
    getNextPageParam: (last, pages, limit) => (last.length >= limit && limit < SONG_SEARCH_MAX ? Math.min(SONG_SEARCH_MAX, limit * 2) : undefined),
    enabled: searched !== '',
    placeholderData: keepPreviousData,
  });
  const answered = useMemo(() => inFirstPlaces(search.data?.pages ?? []), [search.data]);
  const hits: SongHit[] = text.trim() === '' ? [] : answered;
  const error = search.error ? errorText(search.error) : null;
  const [active, setActive] = useState(0);
  const picks = useDiscover((state) => state.picks);
  const togglePick = useDiscover((state) => state.togglePick);
  const listRef = useRef<HTMLDivElement>(null);
  const firstPage = search.data?.pages[0];
  useEffect(() => setActive(0), [firstPage]);

  const virtualizer = useVirtualizer({ count: hits.length, getScrollElement: () => listRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const lastShown = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = search;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastShown >= hits.length - NEAR_END) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastShown, hits.length]);
  const pick = (hit: SongHit) =>
    togglePick({ kind: 'song', id: hit.id, label: hit.title, detail: [hit.artists, hit.album].filter(Boolean).join(' · '), posterId: null });
  const isPicked = (hit: SongHit) => picks.some((candidate) => candidate.kind === 'song' && candidate.id === hit.id);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (hits.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.max(0, Math.min(hits.length - 1, active + (event.key === 'ArrowDown' ? 1 : -1)));
      setActive(next);
      virtualizer.scrollToIndex(next);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[active];
      if (hit) pick(hit);
    }
  };

  return (
    <section className="card song-search" aria-labelledby="song-search-title">
      <h2 id="song-search-title">Songs</h2>
      <input
        className="input"
        type="search"
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="song-results"
        aria-activedescendant={hits[active] ? `song-hit-${hits[active].id}` : undefined}
        placeholder="Search title, artist or album…"
        aria-label="Search songs"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {text.trim() !== '' && search.isSuccess && !search.isPlaceholderData && hits.length === 0 && !error && (
        <p className="muted small">No songs match “{text}”.</p>
      )}
      <div ref={listRef} className="virtual-list" style={{ height: Math.min(hits.length, 6) * ROW_HEIGHT }}>
        <ul id="song-results" role="listbox" aria-label="Matching songs" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const hit = hits[row.index]!;
            return (
              <li
                key={hit.id}
                id={`song-hit-${hit.id}`}
                role="option"
                aria-selected={isPicked(hit)}
                className={`song-hit${row.index === active ? ' song-hit--active' : ''}${isPicked(hit) ? ' song-hit--picked' : ''}`}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                onClick={() => pick(hit)}
                onMouseEnter={() => setActive(row.index)}
              >
                <span className="song-hit__title">{hit.title}</span>
                <span className="song-hit__detail">
                  {hit.artists}
                  {hit.album ? ` · ${hit.album}` : ''}
                  {hit.releaseYear ? ` · ${hit.releaseYear}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
