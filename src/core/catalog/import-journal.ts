import type { CatalogDatabase } from '../db/open-database.js';
import { importRunStates } from './import-run-states.js';

export type JournalKind = 'song' | 'movie';

/** The links of an item a snapshot keeps, besides its columns: table, item column, linked column. */
const LINKS: Readonly<Record<JournalKind, readonly { key: string; table: string; itemColumn: string; linkColumn: string }[]>> = {
  song: [{ key: 'genres', table: 'song_genres', itemColumn: 'song_id', linkColumn: 'genre_id' }],
  movie: [
    { key: 'genres', table: 'movie_genres', itemColumn: 'movie_id', linkColumn: 'genre_id' },
    { key: 'keywords', table: 'movie_keywords', itemColumn: 'movie_id', linkColumn: 'keyword_id' },
  ],
};
export const JOURNAL_LINKS = LINKS;

export const itemTable = (kind: JournalKind): 'songs' | 'movies' => (kind === 'song' ? 'songs' : 'movies');

/** Every column of the item table but its id, read from the schema so columns added later are kept too. */
export function snapshotColumns(db: CatalogDatabase, kind: JournalKind): string[] {
  return db.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk = 0 ORDER BY cid`).pluck().all(itemTable(kind)) as string[];
}

/**
 * The SQL expression of an item's snapshot (alias `item`): every column, its genre / keyword
 * links and its sources, as one JSON object. JSON keeps doubles exactly (SQLite writes 17 digits).
 */
function snapshotExpression(db: CatalogDatabase, kind: JournalKind, content: 'whole' | 'values' = 'whole'): string {
  const columns = snapshotColumns(db, kind)
    .filter((column) => content === 'whole' || !BOOKKEEPING_COLUMNS.includes(column))
    .map((column) => `'${column}', item."${column}"`);
  const links = LINKS[kind].map((link) => `'${link.key}', (SELECT json_group_array(${link.linkColumn}) FROM ${link.table} WHERE ${link.itemColumn} = item.id)`);
  const sources = `'sources', (SELECT json_group_array(source_id) FROM item_sources WHERE item_kind = '${kind}' AND item_id = item.id)`;
  return `json_object(${[...columns, ...links, ...(content === 'whole' ? [sources] : [])].join(', ')})`;
}

/** Columns that say when a row was written, not what the item is. */
const BOOKKEEPING_COLUMNS: readonly string[] = ['created_at', 'updated_at'];

/**
 * Of the items of `kind` that the runs `runIds` wrote, those whose columns or genre and keyword
 * links differ now from before the first of these runs that touched them, and those the runs
 * added: what those imports really changed. Which files provide an item, and when its row was
 * written, are left out: an item found in one more file, or imported again as it was, is the same
 * item. An item whose snapshot cannot be compared (one taken before a column was added) counts as
 * changed.
 */
export function itemsChangedByRuns(db: CatalogDatabase, kind: JournalKind, runIds: readonly number[]): Set<number> {
  // After a million-row file is imported again, comparing takes about 9 s, and the build, the
  // filter columns and the recording groups each ask: the answer holds while the runs are as they
  // were, since items change only through imports and undos (and none is running).
  const { states, running } = importRunStates(db);
  const key = JSON.stringify([runIds, states]);
  let byKind = lastChanged.get(db);
  const last = byKind?.get(kind);
  if (!running && last?.key === key) return new Set(last.items);
  const changed = compareWithJournal(db, kind, runIds);
  if (!running) {
    if (!byKind) lastChanged.set(db, (byKind = new Map()));
    byKind.set(kind, { key, items: changed });
  }
  return new Set(changed);
}

/** The last answer of itemsChangedByRuns per connection and kind, with what it was asked and the runs' states then. */
const lastChanged = new WeakMap<CatalogDatabase, Map<JournalKind, { readonly key: string; readonly items: ReadonlySet<number> }>>();

function compareWithJournal(db: CatalogDatabase, kind: JournalKind, runIds: readonly number[]): Set<number> {
  return new Set(
    db
      .prepare(
        `SELECT change.item_id FROM import_changes AS change JOIN ${itemTable(kind)} AS item ON item.id = change.item_id
          WHERE change.import_run_id IN (SELECT value FROM json_each(:runs)) AND change.item_kind = :kind
            -- The first of the runs to touch the item has its state before them.
            AND change.import_run_id = (SELECT min(import_run_id) FROM import_changes
                                         WHERE item_kind = :kind AND item_id = change.item_id AND import_run_id IN (SELECT value FROM json_each(:runs)))
            AND (change.outcome = 'added' OR json_remove(change.before_json, '$.sources', ${BOOKKEEPING_COLUMNS.map((column) => `'$.${column}'`).join(', ')})
                                                IS NOT ${snapshotExpression(db, kind, 'values')})`,
      )
      .pluck()
      .all({ kind, runs: JSON.stringify(runIds) }) as number[],
  );
}

/**
 * Records what one import run changes (migration 13), for "undo import". A writer calls `recordMerged`
 * before it changes an existing item (the snapshot is taken only at the run's first touch) and
 * `recordAdded` for an item it created; `flush` writes the batch's added ids with one statement, in the
 * batch's transaction. An item added and then merged within the same batch ends up 'added'.
 */
export class ImportJournal {
  private added: number[] = [];
  private readonly addedInBatch = new Set<number>();
  private readonly snapshot;
  private readonly insertAdded;

  constructor(
    db: CatalogDatabase,
    readonly runId: number,
    readonly kind: JournalKind,
  ) {
    this.snapshot = db.prepare(`
      INSERT INTO import_changes(import_run_id, item_kind, item_id, outcome, before_json)
      SELECT @runId, '${kind}', item.id, 'merged', ${snapshotExpression(db, kind)} FROM ${itemTable(kind)} AS item
      WHERE item.id = @itemId
        -- Checked first, so an item the run already recorded costs a lookup, not a snapshot.
        AND NOT EXISTS (SELECT 1 FROM import_changes WHERE import_run_id = @runId AND item_kind = '${kind}' AND item_id = @itemId)
      ON CONFLICT(import_run_id, item_kind, item_id) DO NOTHING`);
    this.insertAdded = db.prepare(`
      INSERT INTO import_changes(import_run_id, item_kind, item_id, outcome, before_json)
      SELECT ?, '${kind}', value, 'added', NULL FROM json_each(?) WHERE true
      ON CONFLICT(import_run_id, item_kind, item_id) DO UPDATE SET outcome = 'added', before_json = NULL`);
  }

  /** Call before changing an existing item. */
  recordMerged(itemId: number): void {
    // Added earlier in this batch (not written yet): it stays 'added', no snapshot needed.
    if (this.addedInBatch.has(itemId)) return;
    this.snapshot.run({ runId: this.runId, itemId });
  }

  /** Call after creating an item. */
  recordAdded(itemId: number): void {
    this.added.push(itemId);
    this.addedInBatch.add(itemId);
  }

  clear(): void {
    this.added = [];
    this.addedInBatch.clear();
  }

  flush(): void {
    if (this.added.length === 0) return;
    this.insertAdded.run(this.runId, `[${this.added.join(',')}]`);
    this.added = [];
    this.addedInBatch.clear();
  }
}
