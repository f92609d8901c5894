import { create } from 'zustand';
import type { ListKindValue, ListSummaryData } from '../../../shared/list-schemas';
import { apiKey, callApi, queryClient } from '../data/api-query';
import { errorText } from '../lib/format';
import { showToast } from './toasts';

/** Only UI state: which list is open. Lists and their entries are query data ('lists.all', 'lists.get'). */
export const useOpenList = create<{ readonly openId: number | null; open(listId: number | null): void }>()((set) => ({
  openId: null,
  open: (openId) => set({ openId }),
}));

async function listsChanged(): Promise<void> {
  await Promise.all([queryClient.invalidateQueries({ queryKey: apiKey('lists.all') }), queryClient.invalidateQueries({ queryKey: apiKey('lists.get') })]);
}

function cachedLists(): readonly ListSummaryData[] {
  return queryClient.getQueryData<ListSummaryData[]>(apiKey('lists.all', {})) ?? [];
}

/**
 * Adds items to a list and says so in a toast with Undo ("Added “Song 13” to Night drive · Undo"), or
 * that the item was already there. Throws a sentence when the request fails.
 */
export async function addToList(listId: number, itemIds: number[], title: string): Promise<ListSummaryData> {
  const before = cachedLists().find((list) => list.id === listId) ?? (await callApi('lists.all', {})).find((list) => list.id === listId);
  const after = await callApi('lists.add', { listId, itemIds });
  await listsChanged();
  const added = before ? after.items - before.items : itemIds.length;
  if (added <= 0) {
    showToast(`“${title}” is already in ${after.name}.`);
  } else {
    // The item is named: several toasts stay at once, and each Undo takes back its own.
    showToast(`Added “${title}” to ${after.name}`, {
      label: 'Undo',
      run: async () => {
        try {
          await callApi('lists.remove', { listId, itemIds });
          await listsChanged();
          showToast(`Removed “${title}” from ${after.name}.`);
        } catch (error) {
          showToast(errorText(error));
        }
      },
    });
  }
  return after;
}

/** Creates a list; the new list's summary. */
export async function createList(kind: ListKindValue, name: string): Promise<ListSummaryData> {
  const list = await callApi('lists.create', { kind, name });
  await listsChanged();
  return list;
}

/** Deletes a list and offers Undo, which recreates it with the same items in the same order. */
export async function deleteList(listId: number): Promise<void> {
  const details = await callApi('lists.get', { listId });
  await callApi('lists.delete', { listId });
  if (useOpenList.getState().openId === listId) useOpenList.getState().open(null);
  queryClient.removeQueries({ queryKey: apiKey('lists.get', { listId }) });
  await listsChanged();
  const itemIds = details.entries.map((entry) => (entry.kind === 'song' ? entry.song.id : entry.movie.id));
  showToast(`Deleted ${details.name}`, {
    label: 'Undo',
    run: async () => {
      try {
        const restored = await callApi('lists.create', { kind: details.kind, name: details.name });
        if (itemIds.length > 0) await callApi('lists.add', { listId: restored.id, itemIds });
        await listsChanged();
        useOpenList.getState().open(restored.id);
        showToast(`Restored ${details.name}.`);
      } catch (error) {
        showToast(errorText(error));
      }
    },
  });
}

/** Saves text as a file: a download in the browser, a save dialog in the desktop app. */
export function download(fileName: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mime};charset=utf-8` }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
