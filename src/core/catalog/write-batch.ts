import type { CatalogDatabase } from '../db/open-database.js';
import type { ImportJournal } from './import-journal.js';
import { LinkBatch } from './link-batch.js';
import { SearchBacklog, type SearchedTable } from './search-backlog.js';

/**
 * The batch bookkeeping SongWriter and MovieWriter share: between `begin` and `end` (one
 * transaction) the link tables, the import journal and the search index of new rows are
 * collected, and `end` writes each of them once.
 */
export class WriteBatch {
  private readonly search: SearchBacklog;
  private readonly links: LinkBatch[] = [];
  private open = false;

  constructor(
    private readonly db: CatalogDatabase,
    table: SearchedTable,
    private readonly journal?: ImportJournal,
  ) {
    this.search = new SearchBacklog(db, table);
  }

  /** A link table written once per batch (see LinkBatch for the arguments). */
  linkTable(insertInto: string, constantFirst?: string): LinkBatch {
    const links = new LinkBatch(this.db, insertInto, constantFirst);
    this.links.push(links);
    return links;
  }

  /** Starts a batch; call inside the transaction that will also call `end`. */
  begin(): void {
    this.search.open();
    for (const links of this.links) links.clear();
    this.journal?.clear();
    this.open = true;
  }

  /** Writes the batch's links and journal, and indexes its new rows for search. */
  end(): void {
    for (const links of this.links) links.flush();
    this.journal?.flush();
    this.search.close();
    this.open = false;
  }

  /** Refuses a write outside begin/end (`writer`: who asks, for the message). */
  assertOpen(writer: string): void {
    if (!this.open) throw new Error(`${writer}.write outside batch.begin/batch.end`);
  }
}
