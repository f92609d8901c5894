import { create } from 'zustand';
import type { ListDetailsData, ListKindValue, ListSummaryData } from '../../../shared/list-schemas';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';

interface ListsState {
  readonly lists: readonly ListSummaryData[];
  readonly open: ListDetailsData | null;
  readonly error: string | null;
  readonly notice: string | null;
  refresh(): Promise<void>;
  show(listId: number): Promise<void>;
  create(kind: ListKindValue, name: string): Promise<ListSummaryData | null>;
  rename(listId: number, name: string): Promise<void>;
  remove(listId: number): Promise<void>;
  addItems(listId: number, itemIds: number[]): Promise<void>;
  removeItem(listId: number, itemId: number): Promise<void>;
  move(listId: number, itemId: number, toIndex: number): Promise<void>;
  exportList(listId: number, format: Parameters<ReturnType<typeof backend>['api']['lists.export']>[0]['format']): Promise<void>;
}

/** Playlists and watchlists; every change refreshes the summaries and the open list. */
export const useLists = create<ListsState>()((set, get) => {
  const attempt = async <T>(run: () => Promise<T>, notice: ((value: T) => string) | null = null): Promise<T | null> => {
    try {
      const value = await run();
      set({ error: null, notice: notice ? notice(value) : null });
      return value;
    } catch (error) {
      set({ error: errorText(error), notice: null });
      return null;
    }
  };
  const reload = async (listId?: number) => {
    await get().refresh();
    const openId = listId ?? get().open?.id;
    if (openId !== undefined) await get().show(openId);
  };
  return {
    lists: [],
    open: null,
    error: null,
    notice: null,
    async refresh() {
      const lists = await attempt(() => backend().api['lists.all']({}));
      if (lists) set({ lists });
    },
    async show(listId) {
      const open = await attempt(() => backend().api['lists.get']({ listId }));
      set({ open });
    },
    async create(kind, name) {
      const list = await attempt(() => backend().api['lists.create']({ kind, name }), (created) => `Created “${created.name}”.`);
      if (list) await reload(list.id);
      return list;
    },
    async rename(listId, name) {
      if (await attempt(() => backend().api['lists.rename']({ listId, name }))) await reload(listId);
    },
    async remove(listId) {
      if (await attempt(() => backend().api['lists.delete']({ listId }))) {
        set({ open: null });
        await get().refresh();
      }
    },
    async addItems(listId, itemIds) {
      const list = await attempt(() => backend().api['lists.add']({ listId, itemIds }), (summary) => `Added to “${summary.name}” (${summary.items} items).`);
      if (list) await reload(get().open?.id === listId ? listId : undefined);
    },
    async removeItem(listId, itemId) {
      if (await attempt(() => backend().api['lists.remove']({ listId, itemIds: [itemId] }))) await reload(listId);
    },
    async move(listId, itemId, toIndex) {
      if (await attempt(() => backend().api['lists.move']({ listId, itemId, toIndex }))) await reload(listId);
    },
    async exportList(listId, format) {
      const file = await attempt(() => backend().api['lists.export']({ listId, format }), (exported) => `Saved ${exported.fileName}.`);
      if (file) download(file.fileName, file.mime, file.content);
    },
  };
});

/** Saves text as a file: a download in the browser, a save dialog in the desktop app. */
function download(fileName: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mime};charset=utf-8` }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
