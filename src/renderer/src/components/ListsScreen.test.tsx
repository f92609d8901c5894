// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ListDetailsData, ListSummaryData } from '../../../shared/list-schemas';
import { addToList, useOpenList } from '../state/lists';
import { useToasts } from '../state/toasts';
import { fakeBackend, renderWithQueries } from '../test/fake-backend';
import { ListsScreen } from './ListsScreen';
import { Toaster } from './Toaster';

const song = (id: number) => ({
  id,
  title: `Song ${id}`,
  artists: 'Artist',
  album: null,
  releaseYear: 2000,
  durationMs: 200_000,
  spotifyId: null,
  genres: [],
  spotifyUrl: 'https://open.spotify.com/search/x',
});

/** An in-memory list store behind the fake backend. */
function listsBackend() {
  let nextId = 2;
  const lists = new Map<number, { summary: ListSummaryData; items: number[] }>([
    [1, { summary: { id: 1, kind: 'playlist', name: 'Night drive', items: 2, createdAt: 'x', updatedAt: 'x' }, items: [11, 12] }],
  ]);
  const summary = (id: number): ListSummaryData => ({ ...lists.get(id)!.summary, items: lists.get(id)!.items.length });
  const details = (id: number): ListDetailsData => ({
    ...summary(id),
    entries: lists.get(id)!.items.map((item) => ({ kind: 'song' as const, song: song(item) })),
  });
  const backend = fakeBackend({
    'lists.all': () => [...lists.keys()].map(summary),
    'lists.get': ({ listId }) => details(listId),
    'lists.create': ({ kind, name }) => {
      const id = nextId++;
      lists.set(id, { summary: { id, kind, name, items: 0, createdAt: 'y', updatedAt: 'y' }, items: [] });
      return summary(id);
    },
    'lists.add': ({ listId, itemIds }) => {
      const list = lists.get(listId)!;
      for (const item of itemIds) if (!list.items.includes(item)) list.items.push(item);
      return summary(listId);
    },
    'lists.remove': ({ listId, itemIds }) => {
      const list = lists.get(listId)!;
      list.items = list.items.filter((item) => !itemIds.includes(item));
      return summary(listId);
    },
    'lists.delete': ({ listId }) => {
      lists.delete(listId);
      return { deleted: true as const };
    },
  });
  return { backend, lists };
}

describe('Lists', () => {
  it('deleting a list sits apart from the exports and offers Undo, which brings the same songs back in order', async () => {
    const { lists } = listsBackend();
    useOpenList.setState({ openId: 1 });
    renderWithQueries(
      <>
        <ListsScreen />
        <Toaster />
      </>,
    );
    await screen.findByText('Song 12 — Artist');
    // Its size and playing time under its name: two songs of 3 min 20 s; each song's year and length.
    expect(screen.getByText('2 songs · 7 min')).toBeTruthy();
    expect(screen.getAllByText('· 2000 · 3:20')).toHaveLength(2);
    expect(within(screen.getByRole('group', { name: 'Export' })).queryByRole('button', { name: /Delete/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete list' }));
    const toast = await screen.findByText('Deleted Night drive');
    expect(lists.size).toBe(0);
    // The second card stays in place, with a note instead of the list.
    await screen.findByText(/Your playlists and watchlists appear here/);
    fireEvent.click(within(toast.parentElement!).getByRole('button', { name: 'Undo' }));
    await screen.findByText('Song 12 — Artist');
    expect([...lists.values()].map((list) => [list.summary.name, list.items])).toEqual([['Night drive', [11, 12]]]);
  });

  it('adding names the item and the list ("Added “Song 13” to Night drive") with an Undo, and says when the item is already there', async () => {
    const { lists } = listsBackend();
    renderWithQueries(<Toaster />);
    await act(() => addToList(1, [13], 'Song 13'));
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({ message: 'Added “Song 13” to Night drive', action: { label: 'Undo' } });
    await act(() => addToList(1, [13], 'Song 13'));
    expect(useToasts.getState().toasts.at(-1)?.message).toBe('“Song 13” is already in Night drive.');
    fireEvent.click(screen.getAllByRole('button', { name: 'Undo' })[0]!);
    await waitFor(() => expect(lists.get(1)!.items).toEqual([11, 12]));
  });
});
