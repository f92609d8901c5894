import type { CatalogDatabase } from '../db/open-database.js';
import { movieCards, songCards, type MovieCard, type SongCard } from '../recommend/hydrate.js';
import { UserError } from '../../shared/errors.js';

/** Playlists hold songs; watchlists hold movies. */
export type ListKind = 'playlist' | 'watchlist';
export const LIST_KINDS: readonly ListKind[] = ['playlist', 'watchlist'];
export const isListKind = (value: string): value is ListKind => (LIST_KINDS as readonly string[]).includes(value);

export interface ListSummary {
  readonly id: number;
  readonly kind: ListKind;
  readonly name: string;
  /** How many items the list holds. */
  readonly items: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ListEntry = { readonly kind: 'song'; readonly song: SongCard } | { readonly kind: 'movie'; readonly movie: MovieCard };

export interface ListDetails extends ListSummary {
  /** The items in list order, hydrated from the catalog. */
  readonly entries: readonly ListEntry[];
}

/** Why a list operation was refused, so callers can react without parsing messages. */
export type ListErrorCode = 'unknown-list' | 'wrong-kind' | 'invalid-name' | 'unknown-item' | 'not-in-list' | 'invalid-position';

/** A refused list operation; the message is written for the user. Nothing was changed. */
export class ListError extends UserError {
  constructor(
    readonly code: ListErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ListError';
  }
}

/** Also enforced by the contract (src/shared/list-schemas.ts); kept equal there. */
export const MAX_LIST_NAME = 200;

const ITEM_TABLE = { playlist: 'songs', watchlist: 'movies' } as const satisfies Record<ListKind, string>;
const ITEM_WORD = { playlist: 'song', watchlist: 'movie' } as const satisfies Record<ListKind, string>;
/** Same format as the columns' SQL defaults, so all timestamps of a list compare as text. */
const NOW_SQL = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
const SUMMARY_SQL = `SELECT l.id, l.kind, l.name, l.created_at AS createdAt, l.updated_at AS updatedAt,
                            (SELECT count(*) FROM user_list_items i WHERE i.list_id = l.id) AS items
                       FROM user_lists l`;

/**
 * The user's lists in SQLite (migration 6). Every operation, checks included, runs in one
 * transaction, so a refused or interrupted change leaves the list exactly as it was, and positions
 * are dense (0..n-1) after every change. updated_at moves whenever a list actually changes.
 *
 * user_list_items.item_id points at songs for playlists and at movies for watchlists; song and
 * movie ids overlap, so an item's kind comes from its list, never from the id alone.
 */
export class ListStore {
  constructor(private readonly db: CatalogDatabase) {}

  /** Every list, most recently changed first. */
  all(): ListSummary[] {
    return this.db.prepare(`${SUMMARY_SQL} ORDER BY l.updated_at DESC, l.id DESC`).all() as ListSummary[];
  }

  create(kind: ListKind, name: string): ListSummary {
    // Checked here too because the CLI and tests reach the store without the contract's validation.
    if (!isListKind(kind)) throw new ListError('wrong-kind', `A list is a playlist or a watchlist, not "${String(kind)}".`);
    const checkedName = checkName(name);
    return this.transaction(() => {
      const id = Number(this.db.prepare(`INSERT INTO user_lists(kind, name) VALUES (?, ?)`).run(kind, checkedName).lastInsertRowid);
      return this.summary(id);
    });
  }

  rename(listId: number, name: string): ListSummary {
    const checkedName = checkName(name);
    return this.transaction(() => {
      const list = this.summary(listId);
      if (list.name === checkedName) return list;
      this.db.prepare(`UPDATE user_lists SET name = ?, updated_at = ${NOW_SQL} WHERE id = ?`).run(checkedName, listId);
      return this.summary(listId);
    });
  }

  /** Deletes the list and its items (the songs and movies stay in the catalog). */
  delete(listId: number): ListSummary {
    return this.transaction(() => {
      const list = this.summary(listId);
      // user_list_items goes with it: ON DELETE CASCADE (open-database turns foreign keys on).
      this.db.prepare(`DELETE FROM user_lists WHERE id = ?`).run(listId);
      return list;
    });
  }

  /**
   * The list with its items hydrated, in order. An item whose song or movie has left the catalog
   * is skipped rather than failing the whole list.
   */
  get(listId: number): ListDetails {
    return this.transaction(() => {
      const summary = this.summary(listId);
      const ids = this.itemIds(listId);
      const entries: ListEntry[] = [];
      if (summary.kind === 'playlist') {
        const cards = songCards(this.db, ids);
        for (const id of ids) {
          const song = cards.get(id);
          if (song) entries.push({ kind: 'song', song });
        }
      } else {
        const cards = movieCards(this.db, ids);
        for (const id of ids) {
          const movie = cards.get(id);
          if (movie) entries.push({ kind: 'movie', movie });
        }
      }
      return { ...summary, entries };
    });
  }

  /**
   * Appends items in the given order, skipping those already in the list (and repeats). Every id
   * must be a song for a playlist or a movie for a watchlist; otherwise nothing is added.
   */
  add(listId: number, itemIds: readonly number[]): ListSummary {
    return this.transaction(() => {
      const { kind } = this.summary(listId);
      const requested = [...new Set(itemIds)];
      const known = new Set(
        this.db.prepare(`SELECT id FROM ${ITEM_TABLE[kind]} WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(requested)) as number[],
      );
      const unknown = requested.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        // Worded for the likely mistake: a song id given to a watchlist, or the other way round.
        throw new ListError('unknown-item', `A ${kind} holds ${ITEM_WORD[kind]}s; there is no ${ITEM_WORD[kind]} with id ${sample(unknown)}.`);
      }
      const present = new Set(this.itemIds(listId));
      const added = requested.filter((id) => !present.has(id));
      if (added.length > 0) {
        const insert = this.db.prepare(`INSERT INTO user_list_items(list_id, position, item_id, added_at) VALUES (?, ?, ?, ${NOW_SQL})`);
        added.forEach((id, offset) => insert.run(listId, present.size + offset, id));
        this.touch(listId);
      }
      return this.summary(listId);
    });
  }

  /** Removes items; every id must be in the list, otherwise nothing is removed. */
  remove(listId: number, itemIds: readonly number[]): ListSummary {
    return this.transaction(() => {
      this.summary(listId);
      const order = this.itemIds(listId);
      const inList = new Set(order);
      const missing = [...new Set(itemIds)].filter((id) => !inList.has(id));
      if (missing.length > 0) throw new ListError('not-in-list', `List ${listId} has no item with id ${sample(missing)}.`);
      const removed = new Set(itemIds);
      if (removed.size === 0) return this.summary(listId);
      const deleteItem = this.db.prepare(`DELETE FROM user_list_items WHERE list_id = ? AND item_id = ?`);
      for (const id of removed) deleteItem.run(listId, id);
      this.writeOrder(
        listId,
        order,
        order.filter((id) => !removed.has(id)),
      );
      this.touch(listId);
      return this.summary(listId);
    });
  }

  /**
   * Reorders: moves one item to `toIndex` (0-based, in the list without that item), shifting the
   * items in between. An index past the end moves the item last, like dropping it below the list.
   */
  move(listId: number, itemId: number, toIndex: number): ListSummary {
    if (!Number.isInteger(toIndex) || toIndex < 0) throw new ListError('invalid-position', `A position is a whole number from 0, not ${toIndex}.`);
    return this.transaction(() => {
      this.summary(listId);
      const before = this.itemIds(listId);
      const from = before.indexOf(itemId);
      if (from < 0) throw new ListError('not-in-list', `List ${listId} has no item with id ${itemId}.`);
      const after = before.filter((id) => id !== itemId);
      const to = Math.min(toIndex, after.length);
      if (to === from) return this.summary(listId);
      after.splice(to, 0, itemId);
      this.writeOrder(listId, before, after);
      this.touch(listId);
      return this.summary(listId);
    });
  }

  /** The list without its items; throws ListError('unknown-list') when there is none. */
  summary(listId: number): ListSummary {
    const row = this.db.prepare(`${SUMMARY_SQL} WHERE l.id = ?`).get(listId) as ListSummary | undefined;
    if (!row) throw new ListError('unknown-list', `There is no list with id ${listId}.`);
    return row;
  }

  /** better-sqlite3 transactions nest as savepoints, so operations can be composed by callers. */
  private transaction<T>(run: () => T): T {
    return this.db.transaction(run).immediate();
  }

  private itemIds(listId: number): number[] {
    return this.db.prepare(`SELECT item_id FROM user_list_items WHERE list_id = ? ORDER BY position`).pluck().all(listId) as number[];
  }

  /**
   * Gives the remaining items positions 0..n-1 in `after` order, updating only rows whose
   * position changes (the key is (list_id, item_id), so positions may collide mid-update).
   */
  private writeOrder(listId: number, before: readonly number[], after: readonly number[]): void {
    const previous = new Map(before.map((id, position) => [id, position]));
    const update = this.db.prepare(`UPDATE user_list_items SET position = ? WHERE list_id = ? AND item_id = ?`);
    after.forEach((id, position) => {
      if (previous.get(id) !== position) update.run(position, listId, id);
    });
  }

  private touch(listId: number): void {
    this.db.prepare(`UPDATE user_lists SET updated_at = ${NOW_SQL} WHERE id = ?`).run(listId);
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new ListError('invalid-name', 'A list needs a name.');
  if (trimmed.length > MAX_LIST_NAME) throw new ListError('invalid-name', `List names are at most ${MAX_LIST_NAME} characters.`);
  return trimmed;
}

/** The first few ids, so an error about a thousand ids stays one readable line. */
function sample(ids: readonly number[]): string {
  return `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
}
