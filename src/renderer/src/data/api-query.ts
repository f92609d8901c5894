import { QueryClient, keepPreviousData, useMutation, useQuery, type QueryKey } from '@tanstack/react-query';
import type { Method, MethodInput, MethodOutput } from '../../../shared/contract';
import { backend } from '../api/backend';

/**
 * Server data lives in TanStack Query, keyed by contract method and input: `[method, input]`.
 * Every screen reads it through useApiQuery / useApiMutation, typed from the contract, and the
 * pushed events (./live.ts) invalidate what a change on the server made stale.
 */
function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Events say when data changes; no polling, no refetch on focus, no silent retries that hide an error.
      queries: { staleTime: Number.POSITIVE_INFINITY, retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();

export function apiKey<M extends Method>(method: M, input?: MethodInput<M>): QueryKey {
  return input === undefined ? [method] : [method, input];
}

/** Calls one contract method (the same API in desktop and browser mode). */
export function callApi<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const call = backend().api[method] as (input: MethodInput<M>) => Promise<MethodOutput<M>>;
  return call(input);
}

interface ApiQueryOptions {
  readonly enabled?: boolean;
  /** Keep showing the previous answer while the next one loads (search as you type, sliders). */
  readonly keepPrevious?: boolean;
}

export function useApiQuery<M extends Method>(method: M, input: MethodInput<M>, options: ApiQueryOptions = {}) {
  return useQuery<MethodOutput<M>, Error>({
    queryKey: apiKey(method, input),
    queryFn: () => callApi(method, input),
    enabled: options.enabled ?? true,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
  });
}

interface ApiMutationOptions<M extends Method> {
  /** Methods whose queries the change makes stale (refetched after success). */
  readonly invalidates?: readonly Method[];
  readonly onSuccess?: (output: MethodOutput<M>, input: MethodInput<M>) => void;
}

export function useApiMutation<M extends Method>(method: M, options: ApiMutationOptions<M> = {}) {
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => callApi(method, input),
    onSuccess: async (output, input) => {
      options.onSuccess?.(output, input);
      await Promise.all((options.invalidates ?? []).map((stale) => queryClient.invalidateQueries({ queryKey: [stale] })));
    },
  });
}

/** Methods whose answers do not depend on the catalog's content (kept across catalog events). */
const CATALOG_INDEPENDENT: ReadonlySet<Method> = new Set<Method>(['app.info', 'settings.get', 'model.status', 'jobs.list', 'dialog.open', 'app.openExternal']);

/** After a change to the catalog: refetch everything that reads it (results keep showing until the new answer). */
export function invalidateCatalogData(client: QueryClient = queryClient): Promise<void> {
  return client.invalidateQueries({ predicate: (query) => !CATALOG_INDEPENDENT.has(query.queryKey[0] as Method) });
}
