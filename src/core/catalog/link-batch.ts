import type { CatalogDatabase } from '../db/open-database.js';

/**
 * Collects (left, right) id pairs and inserts them with one statement: the pairs travel as one
 * JSON array of numbers and SQLite's json_each unpacks them, instead of one statement per pair.
 */
export class LinkBatch {
  private pairs: number[] = [];
  private readonly insert;

  /**
   * @param insertInto e.g. `INSERT OR IGNORE INTO song_genres(song_id, genre_id)`
   * @param constantFirst a SQL literal for a leading constant column, e.g. `'song'` for item_sources
   */
  constructor(db: CatalogDatabase, insertInto: string, constantFirst?: string) {
    const lead = constantFirst === undefined ? '' : `${constantFirst}, `;
    this.insert = db.prepare(`
      ${insertInto}
      SELECT ${lead}pair.value ->> 0, pair.value ->> 1 FROM json_each(?) AS pair`);
  }

  add(left: number, right: number): void {
    this.pairs.push(left, right);
  }

  clear(): void {
    this.pairs = [];
  }

  flush(): void {
    if (this.pairs.length === 0) return;
    const rows: string[] = [];
    for (let index = 0; index < this.pairs.length; index += 2) rows.push(`[${this.pairs[index]},${this.pairs[index + 1]}]`);
    this.insert.run(`[${rows.join(',')}]`);
    this.pairs = [];
  }
}
