import { create } from 'zustand';
import type { MethodOutput } from '../../../shared/contract';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';

export type CatalogStats = MethodOutput<'catalog.stats'>;
export type ModelStatus = MethodOutput<'model.status'>;
export type AppInfo = MethodOutput<'app.info'>;

interface CatalogState {
  readonly stats: CatalogStats | null;
  readonly model: ModelStatus | null;
  readonly info: AppInfo | null;
  readonly error: string | null;
  readonly modelError: string | null;
  /** Statistics and app info (cheap; after every change to the catalog). */
  refresh(): Promise<void>;
  /** The image model's status (the first check reads the whole model file, so it is slower). */
  refreshModel(): Promise<void>;
}

export const useCatalog = create<CatalogState>()((set) => ({
  stats: null,
  model: null,
  info: null,
  error: null,
  modelError: null,

  async refresh() {
    const { api } = backend();
    const [stats, info] = await Promise.allSettled([api['catalog.stats']({}), api['app.info']({})]);
    const failure = [stats, info].find((result) => result.status === 'rejected');
    set((state) => ({
      stats: stats.status === 'fulfilled' ? stats.value : state.stats,
      info: info.status === 'fulfilled' ? info.value : state.info,
      error: failure ? errorText(failure.reason) : null,
    }));
  },

  async refreshModel() {
    try {
      set({ model: await backend().api['model.status']({}), modelError: null });
    } catch (error) {
      set({ modelError: errorText(error) });
    }
  },
}));

/** True when the catalog has neither songs nor movies (show the first-run guide up front). */
export function isEmptyCatalog(stats: CatalogStats | null): boolean {
  return stats !== null && stats.songs === 0 && stats.movies === 0;
}
