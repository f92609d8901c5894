import { describe, expect, it } from 'vitest';
import { compactRankTable, decodeRankTable, encodeRankTable, rankerOfTable, rankTableOf } from './rank-table.js';

/** Mid-rank percentiles by counting, the definition the tables must give. */
function countedRank(sample: readonly number[], value: number): number {
  const n = sample.length;
  if (n === 1) return 0.5;
  const below = sample.filter((x) => x < value).length;
  const upTo = sample.filter((x) => x <= value).length;
  const rank = upTo > below ? (below + upTo - 1) / 2 : below - 0.5;
  return Math.min(1, Math.max(0, rank / (n - 1)));
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('rank tables', () => {
  it('give every value the mid-rank percentile of the sample, in it or between its values', () => {
    const random = seeded(3);
    const sample = Array.from({ length: 500 }, () => Math.round(random() * 80) / 4);
    const rank = rankerOfTable(rankTableOf(sample));
    for (const value of [...sample, -3, 0.1, 7.3, 19.9, 20, 25]) expect(rank(value), String(value)).toBe(countedRank(sample, value));
    expect([rank(null), rank(undefined), rank(Number.NaN)]).toEqual([null, null, null]);
    expect(rankerOfTable(rankTableOf([]))(1)).toBeNull();
    expect(rankerOfTable(rankTableOf([4]))(9)).toBe(0.5);
  });

  it('compacted to few knots, keep the ends and stay within the share of the sample between two knots', () => {
    const random = seeded(9);
    const sample = Array.from({ length: 20_000 }, () => random() * 1000);
    const exact = rankTableOf(sample);
    const compact = compactRankTable(exact, 101);
    expect(compact.values.length).toBeLessThanOrEqual(101);
    expect(compact.exact).toBe(false);
    expect([compact.values[0], compact.values.at(-1)]).toEqual([exact.values[0], exact.values.at(-1)]);
    const [exactRank, compactRank] = [rankerOfTable(exact), rankerOfTable(compact)];
    let worst = 0;
    for (const value of [...sample.slice(0, 2000), -1, 0.5, 500, 999.99, 2000]) worst = Math.max(worst, Math.abs(compactRank(value)! - exactRank(value)!));
    // Knots are every 200th distinct value: 200 of 20,000 values between two of them, 1 %.
    expect(worst).toBeLessThan(0.011);
    expect(worst).toBeGreaterThan(0);
    expect(compactRankTable(exact, 100_000)).toBe(exact);
  });

  it('come back from their stored bytes as they were, and bytes that are not a table come back as none', () => {
    const table = compactRankTable(rankTableOf([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]), 4);
    const decoded = decodeRankTable(encodeRankTable(table))!;
    expect(decoded).toEqual(table);
    const bytes = encodeRankTable(table);
    expect(decodeRankTable(bytes.subarray(0, bytes.length - 8))).toBeNull();
    expect(decodeRankTable(Buffer.from('not a table'))).toBeNull();
    const unsorted = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    [unsorted[4], unsorted[5]] = [unsorted[5]!, unsorted[4]!];
    expect(decodeRankTable(new Uint8Array(unsorted.buffer))).toBeNull();
    const badCount = new Float64Array(unsorted);
    [badCount[4], badCount[5]] = [badCount[5]!, badCount[4]!];
    badCount[1] = 3;
    expect(decodeRankTable(new Uint8Array(badCount.buffer))).toBeNull();
  });
});
