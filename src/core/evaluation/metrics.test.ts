import { describe, expect, it } from 'vitest';
import { coverage, latencySummary, meanReciprocalRank, median, medianRank, mostRecommended, percentile, rankOf, recallAtK, timed, topK } from './metrics.js';

describe('rankOf', () => {
  // Candidate scores, index 0..5.
  const scores = [0.9, 0.1, 0.5, 0.7, 0.3, 0.5];

  it('is 1 + the number of candidates scored higher', () => {
    expect(rankOf(scores, [0])).toBe(1);
    expect(rankOf(scores, [3])).toBe(2);
    expect(rankOf(scores, [1])).toBe(6);
  });

  it('counts ties pessimistically, optimistically or by their average', () => {
    // Index 2 ties with index 5 (0.5); two candidates are above.
    expect(rankOf(scores, [2], 'optimistic')).toBe(3);
    expect(rankOf(scores, [2], 'pessimistic')).toBe(4);
    expect(rankOf(scores, [2], 'average')).toBe(3.5);
    expect(rankOf(scores, [2])).toBe(3.5);
    // A constant scorer: the expected rank under random tie-breaking is the middle.
    expect(rankOf(new Float64Array(101), [7])).toBe(51);
  });

  it('uses the best of several partners and does not count the others against it', () => {
    expect(rankOf(scores, [1, 3])).toBe(2);
    // Partners 0 and 3 are the top two: the best one is first, the other is not "above" it.
    expect(rankOf(scores, [3, 0])).toBe(1);
    expect(rankOf([0.2, 0.9, 0.8, 0.1], [2, 1, 2])).toBe(1);
    // The second partner (0.8) is not counted when the best partner is index 3.
    expect(rankOf([0.9, 0.8, 0.95, 0.85], [1, 3])).toBe(3);
  });

  it('ranks NaN (cannot score) last', () => {
    expect(rankOf([Number.NaN, 0.1, 0.2], [0], 'pessimistic')).toBe(3);
    expect(rankOf([Number.NaN, Number.NaN, 0.2], [0])).toBe(2.5);
    expect(rankOf([Number.NaN, 0.1, 0.2], [2])).toBe(1);
  });

  it('rejects empty or out-of-range partners', () => {
    expect(() => rankOf(scores, [])).toThrow(RangeError);
    expect(() => rankOf(scores, [6])).toThrow(/outside the 6 candidates/);
  });
});

describe('recall, MRR and median rank', () => {
  const ranks = [1, 3, 10, 11, 50, 120];

  it('Recall@k is the share of queries ranked within k', () => {
    expect(recallAtK(ranks, 10)).toBe(3 / 6);
    expect(recallAtK(ranks, 50)).toBe(5 / 6);
    expect(recallAtK(ranks, 100)).toBe(5 / 6);
    expect(recallAtK([10.5], 10)).toBe(0);
    expect(recallAtK([], 10)).toBeNaN();
  });

  it('MRR is the mean of 1/rank', () => {
    expect(meanReciprocalRank([1, 2, 4])).toBeCloseTo((1 + 0.5 + 0.25) / 3, 12);
    expect(meanReciprocalRank([1])).toBe(1);
    expect(meanReciprocalRank([])).toBeNaN();
  });

  it('median rank is the middle value, or the mean of the middle two', () => {
    expect(medianRank(ranks)).toBe(10.5);
    expect(medianRank([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });
});

describe('topK', () => {
  it('returns the k best indexes, best first, ties in candidate order, NaN and excluded left out', () => {
    const scores = [0.2, 0.9, Number.NaN, 0.9, 0.5, 0.1];
    expect(topK(scores, 3)).toEqual([1, 3, 4]);
    expect(topK(scores, 10)).toEqual([1, 3, 4, 0, 5]);
    expect(topK(scores, 2, new Set([1]))).toEqual([3, 4]);
    expect(topK(scores, 0)).toEqual([]);
  });

  it('agrees with a full sort on random scores', () => {
    let seed = 3;
    const scores = Float64Array.from({ length: 500 }, () => (seed = (seed * 48271) % 2147483647) / 2147483647);
    const sorted = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
    expect(topK(scores, 25)).toEqual(sorted.slice(0, 25));
  });
});

describe('coverage and the most recommended item', () => {
  const lists = [
    [1, 2, 3],
    [1, 4, 5],
    [1, 2, 6],
    [7, 2, 8],
  ];

  it('counts distinct recommended items against the catalog', () => {
    expect(coverage(lists, 16)).toEqual({ distinct: 8, share: 0.5 });
    expect(coverage([], 10)).toEqual({ distinct: 0, share: 0 });
  });

  it('finds the item in most lists and its share of the lists', () => {
    // 1 and 2 are both in three of four lists: the lower id wins the tie.
    expect(mostRecommended(lists)).toEqual({ item: 1, lists: 3, share: 0.75 });
    expect(mostRecommended([[9, 9, 9]])).toEqual({ item: 9, lists: 1, share: 1 });
    expect(mostRecommended([]).item).toBeNull();
  });
});

describe('latency', () => {
  it('interpolates percentiles linearly between ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBe(48);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarises samples', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(latencySummary(samples)).toEqual({ count: 100, meanMs: 50.5, p50Ms: 50.5, p95Ms: 95.05, p99Ms: 99.01, maxMs: 100 });
    expect(latencySummary([]).p50Ms).toBeNaN();
  });

  it('times a function', () => {
    const { value, ms } = timed(() => 42);
    expect(value).toBe(42);
    expect(ms).toBeGreaterThanOrEqual(0);
  });
});
