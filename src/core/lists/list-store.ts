import type { CatalogDatabase } from '../db/open-database.js';
import { movieCards, songCards, type MovieCard, type SongCard } from '../recommend/hydrate.js';

/** Playlists hold songs; watchlists hold movies. */
export type ListKind = 'playlist' | 'watchlist';

export interface ListSummary {
  readonly id: number;
  readonly kind: ListKind;
  readonly name: string;
  readonly items: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ListEntry = { readonly kind: 'song'; readonly song: SongCard } | { readonly kind: 'movie'; readonly movie: MovieCard };

export interface ListDetails extends ListSummary {
  readonly entries: readonly ListEntry[];
}

export class ListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListError';
  }
}

export const MAX_LIST_NAME = 200;
const itemTable = (kind: ListKind) => (kind === 'playlist' ? 'songs' : 'movies');
const itemWord = (kind: ListKind) => (kind === 'playlist' ? 'song' : 'movie');

/**
 * The user's lists in SQLite (migration 6). Positions are dense (0..n-1) after every change, and
 * every change runs in one transaction, so a crash never leaves a list half reordered.
 */
export class ListStore {
  constructor(private readonly db: CatalogDatabase) {}

  all(): ListSummary[] {
    return this.db
      .prepare(
        `SELECT l.id, l.kind, l.name, l.created_at AS createdAt, l.updated_at AS updatedAt, (SELECT count(*) FROM user_list_items i WHERE i.list_id = l.id) AS items
           FROM user_lists l ORDER BY l.updated_at DESC, l.id DESC`,
      )
      .all() as ListSummary[];
  }

  create(kind: ListKind, name: string): ListSummary {
    const id = Number(this.db.prepare(`INSERT INTO user_lists(kind, name) VALUES (?, ?)`).run(kind, checkName(name)).lastInsertRowid);
    return this.summary(id);
  }

  rename(listId: number, name: string): ListSummary {
    this.summary(listId);
    this.db.prepare(`UPDATE user_lists SET name = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(checkName(name), listId);
    return this.summary(listId);
  }

  delete(listId: number): void {
    this.summary(listId);
    this.db.prepare(`DELETE FROM user_lists WHERE id = ?`).run(listId);
  }

  get(listId: number): ListDetails {
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
  }

  /** Appends items (skipping those already in the list); every id must be a song (playlist) or movie (watchlist). */
  add(listId: number, itemIds: readonly number[]): ListSummary {
    const { kind } = this.summary(listId);
    const unique = [...new Set(itemIds)];
    const known = new Set(this.db.prepare(`SELECT id FROM ${itemTable(kind)} WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(unique)) as number[]);
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ListError(`A ${kind} holds ${itemWord(kind)}s; there is no ${itemWord(kind)} with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ' …' : ''}.`);
    this.db.transaction(() => {
      const present = new Set(this.itemIds(listId));
      let position = present.size;
      const insert = this.db.prepare(`INSERT INTO user_list_items(list_id, position, item_id) VALUES (?, ?, ?)`);
      for (const id of unique) if (!present.has(id)) insert.run(listId, position++, id);
      this.touch(listId);
    })();
    return this.summary(listId);
  }

  remove(listId: number, itemIds: readonly number[]): ListSummary {
    this.summary(listId);
    const removed = new Set(itemIds);
    this.db.transaction(() => this.writeOrder(listId, this.itemIds(listId).filter((id) => !removed.has(id))))();
    return this.summary(listId);
  }

  /** Moves one item to `toIndex` (clamped to the list), shifting the others. */
  move(listId: number, itemId: number, toIndex: number): ListSummary {
    this.summary(listId);
    const order = this.itemIds(listId);
    const from = order.indexOf(itemId);
    if (from < 0) throw new ListError(`Item ${itemId} is not in list ${listId}.`);
    order.splice(from, 1);
    order.splice(Math.max(0, Math.min(order.length, Math.trunc(toIndex))), 0, itemId);
    this.db.transaction(() => this.writeOrder(listId, order))();
    return this.summary(listId);
  }

  summary(listId: number): ListSummary {
    const row = this.db
      .prepare(
        `SELECT l.id, l.kind, l.name, l.created_at AS createdAt, l.updated_at AS updatedAt, (SELECT count(*) FROM user_list_items i WHERE i.list_id = l.id) AS items
           FROM user_lists l WHERE l.id = ?`,
      )
      .get(listId) as ListSummary | undefined;
    if (!row) throw new ListError(`There is no list with id ${listId}.`);
    return row;
  }

  private itemIds(listId: number): number[] {
    return this.db.prepare(`SELECT item_id FROM user_list_items WHERE list_id = ? ORDER BY position`).pluck().all(listId) as number[];
  }

  /** Rewrites the positions (keeping when each item was added); call inside a transaction. */
  private writeOrder(listId: number, order: readonly number[]): void {
    const addedAt = new Map(this.db.prepare(`SELECT item_id, added_at FROM user_list_items WHERE list_id = ?`).raw().all(listId) as [number, string][]);
    this.db.prepare(`DELETE FROM user_list_items WHERE list_id = ?`).run(listId);
    const insert = this.db.prepare(`INSERT INTO user_list_items(list_id, position, item_id, added_at) VALUES (?, ?, ?, ?)`);
    order.forEach((id, position) => insert.run(listId, position, id, addedAt.get(id)));
    this.touch(listId);
  }

  private touch(listId: number): void {
    this.db.prepare(`UPDATE user_lists SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(listId);
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new ListError('A list needs a name.');
  if (trimmed.length > MAX_LIST_NAME) throw new ListError(`List names are at most ${MAX_LIST_NAME} characters.`);
  return trimmed;
}
