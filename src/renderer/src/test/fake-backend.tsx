import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import type { CrossfadeApi, EventName, EventPayload, Method, MethodInput, MethodOutput } from '../../../shared/contract';
import { setBackend, type Backend } from '../api/backend';
import { queryClient } from '../data/api-query';

type Handlers = { [M in Method]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

export const STATS: MethodOutput<'catalog.stats'> = {
  songs: 0,
  songsWithAudioFeatures: 0,
  movies: 0,
  moviesWithPoster: 0,
  posters: 0,
  musicGenres: 0,
  movieGenres: 0,
  keywords: 0,
  sources: 0,
  importRuns: 0,
  schemaVersion: 12,
  databaseBytes: 4096,
};

/** Answers for every method a screen asks on its way up; a test overrides the ones it is about. */
const DEFAULTS: Handlers = {
  'app.info': () => ({ version: '1.0.0', mode: 'browser', dataDir: '/data', databasePath: '/data/crossfade.db' }),
  'catalog.stats': () => STATS,
  'model.status': () => ({ available: true, path: '/models/mobilenet.onnx', message: 'Found.' }),
  'settings.get': () => ({ dataDir: '/data', theme: 'system', workerThreads: 2 }),
  'jobs.list': () => [],
  'imports.runs': () => [],
  'lists.all': () => [],
  'taste.list': () => [],
  'catalog.genres': () => [],
  'catalog.languages': () => [],
  'catalog.browseMovies': () => ({ total: 0, totalAtLeast: false, items: [] }),
  'catalog.searchSongs': () => [],
  'vibe.status': () => ({
    built: false,
    modelId: null,
    songs: 0,
    movies: 0,
    builtAt: null,
    visual: false,
    stale: false,
    staleReasons: ['The catalog is empty: import songs or movies first.'],
    defaultWeights: null,
    intentWeights: null,
    defaultIntent: null,
  }),
};

interface FakeBackend {
  readonly calls: { method: Method; input: unknown }[];
  /** Pushes an event to the page, as the services do. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  callsOf<M extends Method>(method: M): MethodInput<M>[];
}

/** A backend whose methods answer from `handlers` (then DEFAULTS), recording every call. */
export function fakeBackend(handlers: Handlers = {}): FakeBackend {
  const calls: { method: Method; input: unknown }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api = new Proxy({} as CrossfadeApi, {
    get: (_target, method: Method) => async (input: unknown) => {
      calls.push({ method, input });
      const handler = (handlers[method] ?? DEFAULTS[method]) as ((input: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`The fake backend has no answer for ${method}.`);
      return structuredClone(await handler(input));
    },
  });
  const backend: Backend = {
    mode: 'browser',
    api,
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    pathForFile: () => null,
    upload: () => Promise.reject(new Error('no uploads in component tests')),
    poster: (posterId: number) => ({ src: `/poster/${posterId}`, ready: Promise.resolve(`/poster/${posterId}`), release: () => undefined }),
    posterSrcNow: (posterId: number) => `/poster/${posterId}`,
    openLink: async () => undefined,
  };
  setBackend(backend);
  return {
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
    callsOf: <M extends Method>(method: M) => calls.filter((call) => call.method === method).map((call) => call.input as MethodInput<M>),
  };
}

/** Renders with the app's query cache (emptied after every test, so no data is shared between tests). */
export function renderWithQueries(ui: ReactNode, client: QueryClient = queryClient) {
  return { client, ...render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>) };
}

afterEach(() => {
  cleanup();
  queryClient.clear();
  localStorage.clear();
});
