import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogDatabase } from '../db/open-database.js';
import { tempDatabase } from '../testing/temp.js';
import { percentileRanker } from './normalise.js';
import { rankTableOf, type RankTable } from './rank-table.js';
import { columnRanker, type RankedColumn } from './ranked-columns.js';

let db: CatalogDatabase | undefined;
afterEach(() => db?.close());

function catalogWithLoudness(values: readonly (number | null)[]): CatalogDatabase {
  db = tempDatabase();
  const insert = db.prepare(`INSERT INTO songs(song_key, title, artists, loudness) VALUES (?, ?, 'Artist', ?)`);
  values.forEach((value, index) => insert.run(`key-${index}`, `Song ${index}`, value));
  return db;
}

describe('columnRanker', () => {
  it("reads the catalog's values only when a known value is first ranked, once, tells of the table, and ranks as percentileRanker does", () => {
    const sample = [-5, -1, -3, -3, null, -9];
    const catalog = catalogWithLoudness(sample);
    const read: [RankedColumn, RankTable][] = [];
    const rank = columnRanker(catalog, 'song.loudness', { onRead: (column, table) => read.push([column, table]) });
    expect([rank(null), rank(undefined), rank(Number.NaN)]).toEqual([null, null, null]);
    expect(read).toEqual([]);
    const eager = percentileRanker(sample);
    for (const value of [-1, -3, -4, -9, -12, 0]) expect(rank(value)).toBe(eager(value));
    expect(read).toEqual([['song.loudness', rankTableOf(sample)]]);
    expect(columnRanker(catalog, 'song.streams', undefined)(7)).toBeNull();
  });

  it('ranks against a stored table instead of the catalog', () => {
    const catalog = catalogWithLoudness([-5, -1]);
    const stored = rankTableOf([-10, -8, -6, -4, -2]);
    const read: RankedColumn[] = [];
    const rank = columnRanker(catalog, 'song.loudness', { stored: new Map([['song.loudness', stored]]), onRead: (column) => read.push(column) });
    expect([rank(-10), rank(-6), rank(-5), rank(-1)]).toEqual([0, 0.5, 0.625, 1]);
    expect(read).toEqual([]);
  });
});
