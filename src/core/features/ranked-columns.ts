import type { CatalogDatabase } from '../db/open-database.js';
import { isKnown } from './known-number.js';
import { compactRankTable, rankerOfTable, rankTableOf, type PercentileRank, type RankTable } from './rank-table.js';

/** The catalog columns items are ranked by percentile on, and the values each is ranked among. */
const RANKED_COLUMNS = {
  'song.popularity': `SELECT popularity FROM songs WHERE popularity IS NOT NULL`,
  'song.streams': `SELECT streams FROM songs WHERE streams IS NOT NULL`,
  'song.loudness': `SELECT loudness FROM songs WHERE loudness IS NOT NULL`,
  'movie.votes': `SELECT vote_count FROM movies WHERE vote_count IS NOT NULL`,
  'movie.popularity': `SELECT popularity FROM movies WHERE popularity IS NOT NULL`,
  'movie.revenue': `SELECT revenue FROM movies WHERE revenue IS NOT NULL AND revenue > 0`,
} as const;

export type RankedColumn = keyof typeof RANKED_COLUMNS;

export const isRankedColumn = (name: string): name is RankedColumn => Object.hasOwn(RANKED_COLUMNS, name);

/** Where a features read takes its percentile distributions from (rank-table.ts). */
export interface RankTables {
  /** A vibe model's tables: its items are ranked against the catalog it was built on, not read again. */
  readonly stored?: ReadonlyMap<RankedColumn, RankTable>;
  /** Told of each table read from the catalog (a full build keeps them with its model). */
  readonly onRead?: (column: RankedColumn, table: RankTable) => void;
}

/**
 * The tables a full build reads, kept to be stored with its model (`ranks` collects them into
 * `tables`). Each is compacted as it is read: an exact one of a million distinct values (24 MB)
 * would stay until the model is saved, past the exposure phase's peak of memory.
 */
export function keptRankTables(): { readonly tables: Map<RankedColumn, RankTable>; readonly ranks: RankTables } {
  const tables = new Map<RankedColumn, RankTable>();
  return { tables, ranks: { onRead: (column, table) => tables.set(column, compactRankTable(table)) } };
}

/**
 * The percentile of a column's values: from the stored table when there is one, else among the
 * catalog's values, read only when a known value is first ranked. An incremental build without
 * stored tables ranks only its new items, and Spotify songs, say, have a popularity and no
 * streams: the million songs' streams (0.3 s to read) are then never needed.
 */
export function columnRanker(db: CatalogDatabase, column: RankedColumn, tables: RankTables | undefined): PercentileRank {
  const stored = tables?.stored?.get(column);
  if (stored) return rankerOfTable(stored);
  let ranker: PercentileRank | undefined;
  return (value) => {
    if (!isKnown(value)) return null;
    if (!ranker) {
      const table = rankTableOf(db.prepare(RANKED_COLUMNS[column]).pluck().all() as number[]);
      tables?.onRead?.(column, table);
      ranker = rankerOfTable(table);
    }
    return ranker(value);
  };
}
