import type { CatalogDatabase } from '../db/open-database.js';

type TasteKind = 'song' | 'movie';

export interface TasteProfile {
  readonly id: number;
  readonly name: string;
  readonly kind: TasteKind;
  readonly source: string;
  readonly items: number;
  readonly createdAt: string;
}

interface TasteContributor {
  readonly itemId: number;
  readonly kind: TasteKind;
  readonly title: string;
  /** Artists of a song, year of a movie. */
  readonly subtitle: string | null;
  readonly weight: number;
  /** Its weight in words ("★★★★★", "3 h 12 min played"). */
  readonly detail: string | null;
  /** Its share of the profile's total weight, 0–1. */
  readonly share: number;
}

export interface TasteEntry {
  readonly itemId: number;
  readonly weight: number;
  readonly detail: string | null;
}

export class TasteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TasteError';
  }
}

/** How many of a profile's items a recommendation starts from: the heaviest, in proportion to their weight. */
const TASTE_PICKS = 25;

const SUMMARY = `SELECT p.id, p.name, p.kind, p.source, p.created_at AS createdAt, (SELECT count(*) FROM taste_items i WHERE i.profile_id = p.id) AS items FROM taste_profiles p`;

/** Taste profiles in SQLite (migration 14). Every change is one transaction. */
export class TasteStore {
  constructor(private readonly db: CatalogDatabase) {}

  list(): TasteProfile[] {
    return this.db.prepare(`${SUMMARY} ORDER BY p.id DESC`).all() as TasteProfile[];
  }

  get(id: number): TasteProfile {
    const profile = this.db.prepare(`${SUMMARY} WHERE p.id = ?`).get(id) as TasteProfile | undefined;
    if (!profile) throw new TasteError(`There is no taste profile #${id}. List them with: crossfade taste list`);
    return profile;
  }

  /** A profile by id ("3", "#3") or by name (case-insensitive), as the CLI takes it. */
  find(reference: string): TasteProfile {
    const id = /^#?(\d+)$/.exec(reference.trim());
    if (id) return this.get(Number(id[1]));
    const row = this.db.prepare(`SELECT id FROM taste_profiles WHERE lower(name) = lower(?) ORDER BY id DESC LIMIT 1`).pluck().get(reference.trim()) as
      number | undefined;
    if (row === undefined) throw new TasteError(`There is no taste profile named "${reference}". List them with: crossfade taste list`);
    return this.get(row);
  }

  /**
   * Saves a profile, replacing one of the same name and kind (importing the same export again
   * updates its profiles instead of adding copies). Entries of the same item are summed.
   */
  save(name: string, kind: TasteKind, source: string, entries: readonly TasteEntry[]): TasteProfile {
    const merged = new Map<number, TasteEntry>();
    for (const entry of entries) {
      if (!(entry.weight > 0)) continue;
      const known = merged.get(entry.itemId);
      merged.set(entry.itemId, known ? { ...known, weight: known.weight + entry.weight } : entry);
    }
    return this.db
      .transaction(() => {
        this.db.prepare(`DELETE FROM taste_profiles WHERE lower(name) = lower(?) AND kind = ?`).run(name, kind);
        const id = Number(this.db.prepare(`INSERT INTO taste_profiles(name, kind, source) VALUES (?, ?, ?)`).run(name, kind, source).lastInsertRowid);
        const insert = this.db.prepare(`INSERT INTO taste_items(profile_id, item_id, weight, detail) VALUES (?, ?, ?, ?)`);
        for (const entry of merged.values()) insert.run(id, entry.itemId, entry.weight, entry.detail);
        return this.get(id);
      })
      .immediate();
  }

  /** The heaviest items, with their share of the profile. */
  contributors(id: number, limit = 50): TasteContributor[] {
    const profile = this.get(id);
    const total = (this.db.prepare(`SELECT sum(weight) FROM taste_items WHERE profile_id = ?`).pluck().get(id) as number | null) ?? 0;
    const sql =
      profile.kind === 'song'
        ? `SELECT i.item_id AS itemId, s.title, s.artists AS subtitle, i.weight, i.detail FROM taste_items i JOIN songs s ON s.id = i.item_id`
        : `SELECT i.item_id AS itemId, m.title, CAST(m.release_year AS TEXT) AS subtitle, i.weight, i.detail FROM taste_items i JOIN movies m ON m.id = i.item_id`;
    const rows = this.db.prepare(`${sql} WHERE i.profile_id = ? ORDER BY i.weight DESC, i.item_id LIMIT ?`).all(id, limit) as Omit<
      TasteContributor,
      'kind' | 'share'
    >[];
    return rows.map((row) => ({ ...row, kind: profile.kind, share: total > 0 ? row.weight / total : 0 }));
  }

  removeItem(id: number, itemId: number): TasteProfile {
    this.get(id);
    const removed = this.db.prepare(`DELETE FROM taste_items WHERE profile_id = ? AND item_id = ?`).run(id, itemId).changes;
    if (removed === 0) throw new TasteError(`Item ${itemId} is not in taste profile #${id}.`);
    return this.get(id);
  }

  delete(id: number): TasteProfile {
    const profile = this.get(id);
    this.db.prepare(`DELETE FROM taste_profiles WHERE id = ?`).run(id);
    return profile;
  }

  /** A profile from a saved playlist or watchlist: every item weighs the same. */
  fromList(listId: number, name?: string): TasteProfile {
    const list = this.db.prepare(`SELECT id, kind, name FROM user_lists WHERE id = ?`).get(listId) as
      { id: number; kind: 'playlist' | 'watchlist'; name: string } | undefined;
    if (!list) throw new TasteError(`There is no list #${listId}. List them with: crossfade lists`);
    const items = this.db.prepare(`SELECT item_id FROM user_list_items WHERE list_id = ? ORDER BY position`).pluck().all(listId) as number[];
    if (items.length === 0) throw new TasteError(`The ${list.kind} "${list.name}" is empty: add songs or movies to it first.`);
    const kind: TasteKind = list.kind === 'playlist' ? 'song' : 'movie';
    return this.save(
      name ?? list.name,
      kind,
      `${list.kind} "${list.name}"`,
      items.map((itemId) => ({ itemId, weight: 1, detail: null })),
    );
  }

  /**
   * The picks a recommendation starts from: the TASTE_PICKS heaviest items that `usable` accepts
   * (e.g. those in the vibe space), each with its weight relative to the heaviest.
   */
  picks(id: number, usable: (itemId: number) => boolean = () => true, limit = TASTE_PICKS): { kind: TasteKind; picks: { id: number; weight: number }[] } {
    const profile = this.get(id);
    const picks: { id: number; weight: number }[] = [];
    const rows = this.db.prepare(`SELECT item_id AS id, weight FROM taste_items WHERE profile_id = ? ORDER BY weight DESC, item_id`).iterate(id) as Iterable<{
      id: number;
      weight: number;
    }>;
    for (const row of rows) {
      if (!usable(row.id)) continue;
      picks.push(row);
      if (picks.length >= limit) break;
    }
    if (picks.length === 0)
      throw new TasteError(
        `None of the items of taste profile "${profile.name}" is in the vibe space yet: rebuild it (crossfade build-vibe), or import the catalog they belong to.`,
      );
    const top = picks[0]!.weight;
    return { kind: profile.kind, picks: picks.map((pick) => ({ id: pick.id, weight: pick.weight / top })) };
  }
}
