import type { CatalogDatabase } from '../db/open-database.js';

export type SearchedTable = 'songs' | 'movies';

const COLUMNS: Record<SearchedTable, string> = {
  songs: 'title, artists, album',
  movies: 'title, original_title',
};

/**
 * Defers full-text indexing of new rows to the end of a write batch (see migration 11): `open`
 * inside the batch's transaction, write rows, `close` before it commits. Rows inserted in between
 * are indexed by one INSERT … SELECT, about five times cheaper than the row-by-row triggers.
 */
export class SearchBacklog {
  private readonly start;
  private readonly through;
  private readonly index;
  private readonly finish;

  constructor(db: CatalogDatabase, private readonly table: SearchedTable) {
    this.start = db.prepare(
      `INSERT INTO search_backlog(table_name, indexed_through) SELECT ?, COALESCE(MAX(id), 0) FROM ${table}`,
    );
    this.through = db.prepare(`SELECT indexed_through FROM search_backlog WHERE table_name = ?`).pluck();
    this.index = db.prepare(`INSERT INTO ${table}_fts(rowid, ${COLUMNS[table]}) SELECT id, ${COLUMNS[table]} FROM ${table} WHERE id > ?`);
    this.finish = db.prepare(`DELETE FROM search_backlog WHERE table_name = ?`);
  }

  /** Call inside a transaction. A backlog left open by a caller that forgot `close` is settled first. */
  open(): void {
    if (this.through.get(this.table) !== undefined) this.close();
    this.start.run(this.table);
  }

  /** Indexes the rows added since `open` and ends the backlog; same transaction as `open`. */
  close(): void {
    const through = this.through.get(this.table) as number | undefined;
    if (through === undefined) return;
    this.index.run(through);
    this.finish.run(this.table);
  }
}
