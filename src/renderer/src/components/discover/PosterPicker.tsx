import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { backend } from '../../api/backend';
import { errorText, formatCount } from '../../lib/format';
import { useDiscover } from '../../state/discover';
import { PosterImage } from './TitleCard';

type Movie = MethodOutput<'catalog.browseMovies'>['items'][number];
type Facets = MethodOutput<'catalog.genres'>;
const CELL_WIDTH = 132;
const ROW_HEIGHT = 228;
const PAGE = 240;

interface PoolFilters {
  text: string;
  genre: string;
  language: string;
  yearMin: string;
  yearMax: string;
  withPosterOnly: boolean;
  seed: number | null;
}

/** The movie pool as a virtualised, keyboard-navigable poster grid with search, filters and shuffle. */
export function PosterPicker() {
  const [filters, setFilters] = useState<PoolFilters>({ text: '', genre: '', language: '', yearMin: '', yearMax: '', withPosterOnly: false, seed: null });
  const [movies, setMovies] = useState<Movie[]>([]);
  const [total, setTotal] = useState(0);
  const [genres, setGenres] = useState<Facets>([]);
  const [languages, setLanguages] = useState<Facets>([]);
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState(0);
  const [columns, setColumns] = useState(4);
  const picks = useDiscover((state) => state.picks);
  const togglePick = useDiscover((state) => state.togglePick);
  const gridRef = useRef<HTMLDivElement>(null);
  const ticket = useRef(0);
  const loadingMore = useRef(false);

  useEffect(() => {
    void backend().api['catalog.genres']({ domain: 'movie' }).then(setGenres).catch(() => undefined);
    void backend().api['catalog.languages']({}).then(setLanguages).catch(() => undefined);
  }, []);

  const query = useCallback(
    (offset: number) => ({
      text: filters.text,
      genres: filters.genre ? [filters.genre] : [],
      languages: filters.language ? [filters.language] : [],
      ...(filters.yearMin ? { yearMin: Number(filters.yearMin) } : {}),
      ...(filters.yearMax ? { yearMax: Number(filters.yearMax) } : {}),
      withPosterOnly: filters.withPosterOnly,
      order: filters.seed === null ? ('popular' as const) : ('shuffle' as const),
      seed: filters.seed ?? 0,
      offset,
      limit: PAGE,
    }),
    [filters],
  );

  useEffect(() => {
    const mine = ++ticket.current;
    const timer = setTimeout(() => {
      backend()
        .api['catalog.browseMovies'](query(0))
        .then((page) => {
          if (mine !== ticket.current) return;
          setMovies(page.items);
          setTotal(page.total);
          setFocused(0);
          setError(null);
          gridRef.current?.scrollTo({ top: 0 });
        })
        .catch((failure: unknown) => mine === ticket.current && setError(errorText(failure)));
    }, 80);
    return () => clearTimeout(timer);
  }, [query]);

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

  useEffect(() => {
    if (lastRow < rows - 3 || movies.length >= total || loadingMore.current) return;
    loadingMore.current = true;
    const mine = ticket.current;
    backend()
      .api['catalog.browseMovies'](query(movies.length))
      .then((page) => mine === ticket.current && setMovies((current) => [...current, ...page.items]))
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => (loadingMore.current = false));
  }, [lastRow, rows, movies.length, total, query]);

  const isPicked = (movie: Movie) => picks.some((pick) => pick.kind === 'movie' && pick.id === movie.id);
  const pick = (movie: Movie) =>
    togglePick({ kind: 'movie', id: movie.id, label: movie.title, detail: [movie.releaseYear, movie.genres.slice(0, 2).join(', ')].filter(Boolean).join(' · '), posterId: movie.posterId });

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
        <input className="input" type="search" aria-label="Search movies" placeholder="Search titles…" value={filters.text} onChange={(event) => set({ text: event.target.value })} />
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
        <input className="input input--year" type="number" aria-label="From year" placeholder="from" value={filters.yearMin} onChange={(event) => set({ yearMin: event.target.value })} />
        <input className="input input--year" type="number" aria-label="To year" placeholder="to" value={filters.yearMax} onChange={(event) => set({ yearMax: event.target.value })} />
        <label className="checkbox">
          <input type="checkbox" checked={filters.withPosterOnly} onChange={(event) => set({ withPosterOnly: event.target.checked })} /> with a poster
        </label>
        <button type="button" className="button button--small" onClick={() => set({ seed: Math.floor(Math.random() * 2 ** 31) })}>
          Shuffle the pool
        </button>
      </div>
      <p className="muted small" aria-live="polite">
        {formatCount(total)} movies{filters.seed !== null ? ', shuffled' : ', most voted first'}. Arrow keys move, Enter or Space picks.
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <div ref={gridRef} className="poster-grid" role="grid" aria-label="Movie posters" aria-rowcount={rows} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {visible.map((row) => (
            <div key={row.key} role="row" className="poster-grid__row" style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
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

const languageNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'language' }) : null;
export function languageName(code: string): string {
  try {
    return languageNames?.of(code) ?? code;
  } catch {
    return code;
  }
}
