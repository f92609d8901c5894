import type { CatalogDatabase } from '../db/open-database.js';
import { compactRankTable, decodeRankTable, encodeRankTable, type RankTable } from '../features/rank-table.js';
import { isRankedColumn, type RankedColumn } from '../features/ranked-columns.js';

/** Keeps the percentile distributions a full build ranked with, with its model (compacted, rank-table.ts). */
export function saveRankTables(db: CatalogDatabase, modelId: number, tables: ReadonlyMap<RankedColumn, RankTable>): void {
  const insert = db.prepare(`INSERT OR REPLACE INTO vibe_rank_tables(model_id, name, rank_table) VALUES (?, ?, ?)`);
  for (const [column, table] of tables) insert.run(modelId, column, encodeRankTable(compactRankTable(table)));
}

/**
 * A model's stored distributions. A column without one (a model built before they were kept, a
 * column no item had a value of then, or a row this code cannot read) is left out: its items are
 * then ranked among the catalog's values.
 */
export function loadRankTables(db: CatalogDatabase, modelId: number): Map<RankedColumn, RankTable> {
  const rows = db.prepare(`SELECT name, rank_table FROM vibe_rank_tables WHERE model_id = ?`).all(modelId) as { name: string; rank_table: Buffer }[];
  const tables = new Map<RankedColumn, RankTable>();
  for (const { name, rank_table: bytes } of rows) {
    if (!isRankedColumn(name)) continue;
    const table = decodeRankTable(bytes);
    if (table) tables.set(name, table);
  }
  return tables;
}
