import { beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../testing/temp.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { ListError, ListStore, MAX_LIST_NAME, type ListDetails, type ListErrorCode } from './list-store.js';
import { MOVIES, SONGS, seedListCatalog } from './test-helpers.js';

let db: CatalogDatabase;
let lists: ListStore;

beforeEach(() => {
  db = tempDatabase();
  seedListCatalog(db);
  lists = new ListStore(db);
});

const LONG_AGO = '2000-01-01T00:00:00.000Z';

/** Backdates updated_at, so a test can tell whether an operation bumped it (timestamps have millisecond resolution). */
function backdate(listId: number): void {
  db.prepare(`UPDATE user_lists SET updated_at = ? WHERE id = ?`).run(LONG_AGO, listId);
}

function updatedAt(listId: number): string {
  return db.prepare(`SELECT updated_at FROM user_lists WHERE id = ?`).pluck().get(listId) as string;
}

/** The stored rows, in position order: [item_id, position]. */
function rows(listId: number): [number, number][] {
  return db.prepare(`SELECT item_id, position FROM user_list_items WHERE list_id = ? ORDER BY position`).raw().all(listId) as [number, number][];
}

/** Checks the positions are exactly 0..n-1 and returns the item ids in order. */
function denseOrder(listId: number): number[] {
  const stored = rows(listId);
  expect(stored.map(([, position]) => position)).toEqual(stored.map((_, index) => index));
  return stored.map(([itemId]) => itemId);
}

const ids = (list: ListDetails) => list.entries.map((entry) => (entry.kind === 'song' ? entry.song.id : entry.movie.id));

function expectListError(run: () => unknown, code: ListErrorCode, message: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ListError);
  expect(thrown).toMatchObject({ code, name: 'ListError', message: expect.stringMatching(message) });
}

describe('ListStore: create, rename, delete, all', () => {
  it('creates lists of both kinds with a trimmed name and no items', () => {
    const playlist = lists.create('playlist', '  Road trip \n');
    expect(playlist).toMatchObject({ kind: 'playlist', name: 'Road trip', items: 0 });
    expect(playlist.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lists.create('watchlist', 'Ghibli, "best" & Amélie')).toMatchObject({ kind: 'watchlist', name: 'Ghibli, "best" & Amélie', items: 0 });
  });

  it('refuses empty names, names over the limit and unknown kinds', () => {
    expectListError(() => lists.create('playlist', ''), 'invalid-name', /needs a name/);
    expectListError(() => lists.create('playlist', ' \t\n '), 'invalid-name', /needs a name/);
    expectListError(() => lists.create('playlist', 'x'.repeat(MAX_LIST_NAME + 1)), 'invalid-name', /at most 200/);
    expect(lists.create('playlist', 'x'.repeat(MAX_LIST_NAME)).name).toHaveLength(MAX_LIST_NAME);
    // @ts-expect-error -- a caller without the contract's validation (the CLI, a script) can pass anything
    expectListError(() => lists.create('mixtape', 'Tape'), 'wrong-kind', /playlist or a watchlist, not "mixtape"/);
    expect(lists.all()).toHaveLength(1);
  });

  it('lists every list with its item count, most recently changed first', () => {
    const first = lists.create('playlist', 'First');
    const second = lists.create('watchlist', 'Second');
    lists.add(first.id, [SONGS.rick.id, SONGS.cafe.id]);
    backdate(second.id);
    expect(lists.all().map((list) => [list.name, list.items])).toEqual([
      ['First', 2],
      ['Second', 0],
    ]);
    backdate(first.id);
    lists.add(second.id, [MOVIES.tiger.id]);
    expect(lists.all().map((list) => [list.name, list.kind, list.items])).toEqual([
      ['Second', 'watchlist', 1],
      ['First', 'playlist', 2],
    ]);
  });

  it('renames (bumping updated_at) and refuses bad names or unknown lists without changing anything', () => {
    const list = lists.create('playlist', 'Road trip');
    backdate(list.id);
    expect(lists.rename(list.id, '  Night drive ')).toMatchObject({ id: list.id, name: 'Night drive' });
    expect(updatedAt(list.id) > LONG_AGO).toBe(true);
    expectListError(() => lists.rename(list.id, '   '), 'invalid-name', /needs a name/);
    expectListError(() => lists.rename(404, 'Anything'), 'unknown-list', /no list with id 404/);
    expect(lists.summary(list.id).name).toBe('Night drive');
    backdate(list.id);
    lists.rename(list.id, 'Night drive');
    expect(updatedAt(list.id)).toBe(LONG_AGO);
  });

  it('deletes a list with its items, leaving the catalog and other lists alone', () => {
    const doomed = lists.create('playlist', 'Doomed');
    const kept = lists.create('playlist', 'Kept');
    lists.add(doomed.id, [SONGS.rick.id, SONGS.weeknd.id]);
    lists.add(kept.id, [SONGS.rick.id]);
    expect(lists.delete(doomed.id)).toMatchObject({ id: doomed.id, name: 'Doomed', items: 2 });
    expect(lists.all().map((list) => list.name)).toEqual(['Kept']);
    expect(db.prepare(`SELECT list_id, item_id FROM user_list_items`).raw().all()).toEqual([[kept.id, SONGS.rick.id]]);
    expect(db.prepare(`SELECT count(*) FROM songs`).pluck().get()).toBe(Object.keys(SONGS).length);
    expectListError(() => lists.delete(doomed.id), 'unknown-list', /no list with id/);
    expectListError(() => lists.get(doomed.id), 'unknown-list', /no list with id/);
  });
});

describe('ListStore: get', () => {
  it('hydrates songs with their catalog fields, in list order', () => {
    const list = lists.create('playlist', 'Mix');
    lists.add(list.id, [SONGS.cafe.id, SONGS.rick.id]);
    const details = lists.get(list.id);
    expect(details).toMatchObject({ id: list.id, kind: 'playlist', name: 'Mix', items: 2 });
    expect(details.entries).toEqual([
      { kind: 'song', song: { ...SONGS.cafe, genres: [] } },
      { kind: 'song', song: { ...SONGS.rick, genres: [] } },
    ]);
  });

  it('hydrates movies with their years and TMDb and IMDb ids', () => {
    const list = lists.create('watchlist', 'Weekend');
    lists.add(list.id, [MOVIES.untitled.id, MOVIES.spirited.id]);
    const entries = lists.get(list.id).entries;
    expect(entries.map((entry) => entry.kind)).toEqual(['movie', 'movie']);
    expect(entries[1]).toMatchObject({ kind: 'movie', movie: MOVIES.spirited });
    expect(entries[0]).toMatchObject({ kind: 'movie', movie: MOVIES.untitled });
  });

  it('skips an item whose song has left the catalog instead of failing', () => {
    const list = lists.create('playlist', 'Mix');
    lists.add(list.id, [SONGS.rick.id, SONGS.cafe.id, SONGS.weeknd.id]);
    db.prepare(`DELETE FROM songs WHERE id = ?`).run(SONGS.cafe.id);
    expect(ids(lists.get(list.id))).toEqual([SONGS.rick.id, SONGS.weeknd.id]);
  });
});

describe('ListStore: add and remove', () => {
  it('appends in the given order, skipping repeats and items already in the list', () => {
    const list = lists.create('playlist', 'Mix');
    expect(lists.add(list.id, [SONGS.weeknd.id, SONGS.rick.id, SONGS.weeknd.id]).items).toBe(2);
    backdate(list.id);
    expect(lists.add(list.id, [SONGS.rick.id, SONGS.yoasobi.id, SONGS.cafe.id]).items).toBe(4);
    expect(updatedAt(list.id) > LONG_AGO).toBe(true);
    expect(denseOrder(list.id)).toEqual([SONGS.weeknd.id, SONGS.rick.id, SONGS.yoasobi.id, SONGS.cafe.id]);
  });

  it('does not bump updated_at when every item was already there', () => {
    const list = lists.create('playlist', 'Mix');
    lists.add(list.id, [SONGS.rick.id]);
    backdate(list.id);
    expect(lists.add(list.id, [SONGS.rick.id]).items).toBe(1);
    expect(lists.add(list.id, []).items).toBe(1);
    expect(updatedAt(list.id)).toBe(LONG_AGO);
  });

  it('refuses items of the other kind or unknown ids, adding none of the batch', () => {
    const watchlist = lists.create('watchlist', 'Ghibli');
    lists.add(watchlist.id, [MOVIES.spirited.id]);
    backdate(watchlist.id);
    expectListError(() => lists.add(watchlist.id, [MOVIES.tiger.id, SONGS.rick.id]), 'unknown-item', /watchlist holds movies; there is no movie with id 1\./);
    const playlist = lists.create('playlist', 'Mix');
    expectListError(
      () => lists.add(playlist.id, [SONGS.rick.id, MOVIES.tiger.id, 999]),
      'unknown-item',
      /playlist holds songs; there is no song with id 11, 999\./,
    );
    expectListError(() => lists.add(playlist.id, [1.5]), 'unknown-item', /no song with id 1\.5/);
    expectListError(() => lists.add(404, [SONGS.rick.id]), 'unknown-list', /no list with id 404/);
    expect(denseOrder(watchlist.id)).toEqual([MOVIES.spirited.id]);
    expect(denseOrder(playlist.id)).toEqual([]);
    expect(updatedAt(watchlist.id)).toBe(LONG_AGO);
  });

  it('shortens the message when many ids are unknown', () => {
    const list = lists.create('playlist', 'Mix');
    expectListError(() => lists.add(list.id, [101, 102, 103, 104, 105, 106, 107]), 'unknown-item', /id 101, 102, 103, 104, 105 and 2 more\.$/);
  });

  it('removes items and keeps the positions dense, and the added_at of the others', () => {
    const list = lists.create('playlist', 'Mix');
    lists.add(list.id, [SONGS.rick.id, SONGS.cafe.id, SONGS.weeknd.id, SONGS.yoasobi.id]);
    db.prepare(`UPDATE user_list_items SET added_at = ? WHERE item_id = ?`).run('2001-02-03T04:05:06.007Z', SONGS.yoasobi.id);
    backdate(list.id);
    expect(lists.remove(list.id, [SONGS.cafe.id, SONGS.rick.id]).items).toBe(2);
    expect(denseOrder(list.id)).toEqual([SONGS.weeknd.id, SONGS.yoasobi.id]);
    expect(updatedAt(list.id) > LONG_AGO).toBe(true);
    expect(db.prepare(`SELECT added_at FROM user_list_items WHERE item_id = ?`).pluck().get(SONGS.yoasobi.id)).toBe('2001-02-03T04:05:06.007Z');
    expect(lists.remove(list.id, [SONGS.weeknd.id, SONGS.yoasobi.id]).items).toBe(0);
    expect(rows(list.id)).toEqual([]);
  });

  it('refuses to remove items that are not in the list, removing none of the batch', () => {
    const list = lists.create('playlist', 'Mix');
    lists.add(list.id, [SONGS.rick.id, SONGS.cafe.id]);
    backdate(list.id);
    expectListError(() => lists.remove(list.id, [SONGS.rick.id, SONGS.weeknd.id]), 'not-in-list', /List \d+ has no item with id 3\./);
    expectListError(() => lists.remove(404, [SONGS.rick.id]), 'unknown-list', /no list with id 404/);
    expect(denseOrder(list.id)).toEqual([SONGS.rick.id, SONGS.cafe.id]);
    expect(updatedAt(list.id)).toBe(LONG_AGO);
  });
});

describe('ListStore: move (reorder)', () => {
  const [a, b, c, d] = [SONGS.rick.id, SONGS.cafe.id, SONGS.weeknd.id, SONGS.yoasobi.id];
  let listId: number;
  beforeEach(() => {
    listId = lists.create('playlist', 'Mix').id;
    lists.add(listId, [a, b, c, d]);
  });

  it.each([
    ['last to first', d, 0, [d, a, b, c]],
    ['first to last', a, 3, [b, c, d, a]],
    ['forward by one', a, 1, [b, a, c, d]],
    ['backward into the middle', d, 1, [a, d, b, c]],
    ['past the end (clamped to last)', b, 99, [a, c, d, b]],
  ])('moves %s, keeping positions 0..n-1', (_, itemId, toIndex, expected) => {
    backdate(listId);
    lists.move(listId, itemId, toIndex);
    expect(denseOrder(listId)).toEqual(expected);
    expect(ids(lists.get(listId))).toEqual(expected);
    expect(updatedAt(listId) > LONG_AGO).toBe(true);
  });

  it('leaves the list untouched when the item is already there', () => {
    backdate(listId);
    lists.move(listId, c, 2);
    expect(denseOrder(listId)).toEqual([a, b, c, d]);
    expect(updatedAt(listId)).toBe(LONG_AGO);
  });

  it('survives many moves in a row with dense positions', () => {
    const expected = [a, b, c, d];
    for (let step = 0; step < 40; step++) {
      const itemId = expected[(step * 3) % 4]!;
      const toIndex = (step * 5) % 4;
      expected.splice(expected.indexOf(itemId), 1);
      expected.splice(toIndex, 0, itemId);
      lists.move(listId, itemId, toIndex);
      expect(denseOrder(listId)).toEqual(expected);
    }
  });

  it('refuses items not in the list, bad positions and unknown lists', () => {
    expectListError(() => lists.move(listId, MOVIES.spirited.id, 0), 'not-in-list', /has no item with id 10/);
    expectListError(() => lists.move(listId, a, -1), 'invalid-position', /whole number from 0, not -1/);
    expectListError(() => lists.move(listId, a, 1.5), 'invalid-position', /not 1\.5/);
    expectListError(() => lists.move(listId, a, Number.NaN), 'invalid-position', /not NaN/);
    expectListError(() => lists.move(404, a, 0), 'unknown-list', /no list with id 404/);
    expect(denseOrder(listId)).toEqual([a, b, c, d]);
  });
});
