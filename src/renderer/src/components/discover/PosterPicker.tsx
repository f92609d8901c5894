import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { MOVIE_BROWSE_FIRST_PAGE, MOVIE_BROWSE_PAGE, type MethodInput, type MethodOutput } from '../../../../shared/contract';
import { apiKey, callApi, useApiQuery } from '../../data/api-query';
import { errorText, formatCount, plural } from '../../lib/format';
import { languageName } from '../../lib/languages';
import { useDiscover } from '../../state/discover';
import { PosterImage } from './TitleCard';

type Movie = MethodOutput<'catalog.browseMovies'>['items'][number];
type Facets = MethodOutput<'catalog.genres'>;
const CELL_WIDTH = 96;
const ROW_HEIGHT = 170;

interface PoolFilters {
  text: string;
  genre: string;
  language: string;
  yearMin: string;
  yearMax: string;
  withPosterOnly: boolean;
  seed: number | null;
}

type PoolPage = MethodOutput<'catalog.browseMovies'>;

/** Where the page after `pages` starts, or undefined when they hold every movie of the pool. */
export function nextPoolOffset(last: PoolPage, pages: readonly PoolPage[]): number | undefined {
  const loaded = pages.reduce((sum, each) => sum + each.items.length, 0);
  // A count that stopped at its limit ("10,000+") says only that more follow: until a page is empty.
  return (last.totalAtLeast || loaded < last.total) && last.items.length > 0 ? loaded : undefined;
}

/** The movie pool as a virtualised, keyboard-navigable poster grid with search, filters and shuffle. */
export function PosterPicker() {
  const [filters, setFilters] = useState<PoolFilters>({ text: '', genre: '', language: '', yearMin: '', yearMax: '', withPosterOnly: false, seed: null });
  const [focused, setFocused] = useState(0);
  const [columns, setColumns] = useState(3);
  const picks = useDiscover((state) => state.picks);
  const togglePick = useDiscover((state) => state.togglePick);
  const gridRef = useRef<HTMLDivElement>(null);
  const genres: Facets = useApiQuery('catalog.genres', { domain: 'movie' }).data ?? [];
  const languages: Facets = useApiQuery('catalog.languages', {}).data ?? [];

  const typed = useDeferredValue(filters);
  const base = useMemo<MethodInput<'catalog.browseMovies'>>(
    () => ({
      text: typed.text,
      genres: typed.genre ? [typed.genre] : [],
      languages: typed.language ? [typed.language] : [],
      ...(/^\d{4}$/.test(typed.yearMin) ? { yearMin: Number(typed.yearMin) } : {}),
      ...(/^\d{4}$/.test(typed.yearMax) ? { yearMax: Number(typed.yearMax) } : {}),
      withPosterOnly: typed.withPosterOnly,
      order: typed.seed === null ? 'popular' : 'shuffle',
      seed: typed.seed ?? 0,
    }),
    [typed],
  );
  // Pages of the pool; answers are keyed by the filters, so a late page never lands in another pool.
  const pool = useInfiniteQuery({
    queryKey: [...apiKey('catalog.browseMovies'), base],
    // A keystroke asks for a first screenful or three; scrolling asks for larger pages.
    queryFn: ({ pageParam }) =>
      callApi('catalog.browseMovies', { ...base, offset: pageParam, limit: pageParam === 0 ? MOVIE_BROWSE_FIRST_PAGE : MOVIE_BROWSE_PAGE }),
    initialPageParam: 0,
    getNextPageParam: nextPoolOffset,
    placeholderData: keepPreviousData,
  });
  const movies: Movie[] = useMemo(() => pool.data?.pages.flatMap((page) => page.items) ?? [], [pool.data]);
  const total = pool.data?.pages[0]?.total ?? 0;
  const totalAtLeast = pool.data?.pages[0]?.totalAtLeast ?? false;
  const error = pool.error ? errorText(pool.error) : null;
  useEffect(() => {
    setFocused(0);
    gridRef.current?.scrollTo({ top: 0 });
  }, [base]);

  useLayoutEffect(() => {
    const element = gridRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setColumns(Math.max(2, Math.floor(element.clientWidth / CELL_WIDTH))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const rows = Math.ceil(movies.length / columns);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => gridRef.current, estimateSize: () => ROW_HEIGHT, overscan: 3 });
  const visible = virtualizer.getVirtualItems();
  const lastRow = visible[visible.length - 1]?.index ?? 0;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pool;
  useEffect(() => {
    if (lastRow >= rows - 3 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastRow, rows, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const isPicked = (movie: Movie) => picks.some((pick) => pick.kind === 'movie' && pick.id === movie.id);
  const pick = (movie: Movie) =>
    togglePick({
      kind: 'movie',
      id: movie.id,
      label: movie.title,
      detail: [movie.releaseYear, movie.genres.slice(0, 2).join(', ')].filter(Boolean).join(' · '),
      posterId: movie.posterId,
    });

  const moveFocus = (next: number) => {
    const index = Math.max(0, Math.min(movies.length - 1, next));
    setFocused(index);
    virtualizer.scrollToIndex(Math.floor(index / columns));
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLButtonElement>(`[data-index="${index}"]`)?.focus());
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, PageDown: columns * 3, PageUp: -columns * 3 }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      moveFocus(focused + step);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      moveFocus(event.key === 'Home' ? 0 : movies.length - 1);
    }
  };
  const set = (change: Partial<PoolFilters>) => setFilters((current) => ({ ...current, ...change }));

  return (
    <section className="card poster-picker" aria-labelledby="poster-picker-title">
      <h2 id="poster-picker-title">Movies</h2>
      <div className="pool-filters">
        <input
          className="input"
          type="search"
          aria-label="Search movies"
          placeholder="Search titles…"
          value={filters.text}
          onChange={(event) => set({ text: event.target.value })}
        />
        <select className="select" aria-label="Genre" value={filters.genre} onChange={(event) => set({ genre: event.target.value })}>
          <option value="">All genres</option>
          {genres.map((genre) => (
            <option key={genre.value} value={genre.value}>
              {genre.value} ({formatCount(genre.count)})
            </option>
          ))}
        </select>
        <select className="select" aria-label="Language" value={filters.language} onChange={(event) => set({ language: event.target.value })}>
          <option value="">All languages</option>
          {languages.slice(0, 60).map((language) => (
            <option key={language.value} value={language.value}>
              {languageName(language.value)} ({formatCount(language.count)})
            </option>
          ))}
        </select>
        <input
          className="input input--year"
          type="number"
          aria-label="From year"
          placeholder="from"
          value={filters.yearMin}
          onChange={(event) => set({ yearMin: event.target.value })}
        />
        <input
          className="input input--year"
          type="number"
          aria-label="To year"
          placeholder="to"
          value={filters.yearMax}
          onChange={(event) => set({ yearMax: event.target.value })}
        />
        <label className="checkbox">
          <input type="checkbox" checked={filters.withPosterOnly} onChange={(event) => set({ withPosterOnly: event.target.checked })} /> with a poster
        </label>
        <button type="button" className="button button--small" onClick={() => set({ seed: Math.floor(Math.random() * 2 ** 31) })}>
          Shuffle the pool
        </button>
      </div>
      <p className="muted small" aria-live="polite">
        {totalAtLeast ? `${formatCount(total)}+ movies` : plural(total, 'movie')}
        {filters.seed !== null ? ', shuffled' : ', most voted first'}. Arrow keys move, Enter or Space picks.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div ref={gridRef} className="poster-grid" role="grid" aria-label="Movie posters" aria-rowcount={rows} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {visible.map((row) => (
            <div
              key={row.key}
              role="row"
              className="poster-grid__row"
              style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${columns}, 1fr)` }}
            >
              {movies.slice(row.index * columns, row.index * columns + columns).map((movie, column) => {
                const index = row.index * columns + column;
                return (
                  <div role="gridcell" key={movie.id}>
                    <button
                      type="button"
                      data-index={index}
                      tabIndex={index === focused ? 0 : -1}
                      className={`poster-tile${isPicked(movie) ? ' poster-tile--picked' : ''}`}
                      aria-pressed={isPicked(movie)}
                      aria-label={`${movie.title}${movie.releaseYear ? ` (${movie.releaseYear})` : ''}`}
                      onFocus={() => setFocused(index)}
                      onClick={() => pick(movie)}
                    >
                      <PosterImage posterId={movie.posterId} title={movie.title} year={movie.releaseYear} />
                      <span className="poster-tile__title">{movie.title}</span>
                    </button>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
