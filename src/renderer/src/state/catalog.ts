import type { MethodOutput } from '../../../shared/contract';
import { useApiQuery } from '../data/api-query';
import { errorText } from '../lib/format';

export type CatalogStats = MethodOutput<'catalog.stats'>;
export type ModelStatus = MethodOutput<'model.status'>;
export type AppInfo = MethodOutput<'app.info'>;

interface CatalogView {
  readonly stats: CatalogStats | null;
  readonly info: AppInfo | null;
  readonly error: string | null;
}

/** The catalog's statistics and the app's info, from the query cache (refetched on catalog events). */
export function useCatalog<T>(select: (view: CatalogView) => T): T {
  const stats = useApiQuery('catalog.stats', {});
  const info = useApiQuery('app.info', {});
  const failure = stats.error ?? info.error;
  return select({ stats: stats.data ?? null, info: info.data ?? null, error: failure ? errorText(failure) : null });
}

/** The poster image model's status (the first check reads the whole model file, so it has its own query). */
export function useModelStatus(): { readonly model: ModelStatus | null; readonly error: string | null } {
  const model = useApiQuery('model.status', {});
  return { model: model.data ?? null, error: model.error ? errorText(model.error) : null };
}

/** True when the catalog has neither songs nor movies (show the first-run guide up front). */
export function isEmptyCatalog(stats: CatalogStats | null): boolean {
  return stats !== null && stats.songs === 0 && stats.movies === 0;
}
