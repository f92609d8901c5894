import { describe, expect, it } from 'vitest';
import { meanOfKnown, paceFromTempo, percentileRanker, scaleToMax } from './normalise.js';

describe('percentileRanker', () => {
  it('maps the smallest value to 0, the largest to 1 and spaces the rest evenly', () => {
    const rank = percentileRanker([30, 10, 20, 40, 50]);
    expect([10, 20, 30, 40, 50].map(rank)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('gives tied values the mid-rank of the ranks they span', () => {
    const rank = percentileRanker([1, 2, 2, 2, 3]);
    // 2 spans ranks 1..3 of 0..4: mid-rank 2 → 0.5; the order of ties never matters.
    expect([rank(1), rank(2), rank(3)]).toEqual([0, 0.5, 1]);
    const allEqual = percentileRanker([7, 7, 7, 7]);
    expect(allEqual(7)).toBe(0.5);
  });

  it('leaves unknown values out and maps them to null (the caller decides what unknown means)', () => {
    const rank = percentileRanker([null, 5, undefined, Number.NaN, 15]);
    expect([rank(5), rank(15)]).toEqual([0, 1]);
    expect(rank(null)).toBeNull();
    expect(rank(undefined)).toBeNull();
    expect(rank(Number.NaN)).toBeNull();
    expect(percentileRanker([])(3)).toBeNull();
  });

  it('places values outside the sample between their neighbours, clamped to 0..1', () => {
    const rank = percentileRanker([10, 20, 30]);
    expect(rank(15)).toBeCloseTo(0.25);
    expect(rank(-100)).toBe(0);
    expect(rank(1e9)).toBe(1);
  });

  it('maps everything to 0.5 with a single known value', () => {
    expect(percentileRanker([42])(42)).toBe(0.5);
    expect(percentileRanker([42])(1)).toBe(0.5);
  });

  it('is monotonic on a large random sample', () => {
    const values = Array.from({ length: 5_000 }, (_, index) => Math.floor(Math.sin(index) * 100));
    const rank = percentileRanker(values);
    const sorted = [...values].sort((a, b) => a - b);
    const ranks = sorted.map((value) => rank(value)!);
    expect(ranks.filter((value, index) => index > 0 && value < ranks[index - 1]!)).toEqual([]);
  });

  it('gives the mid-rank of a value however many distinct values the sample has (kept ranks or a search)', () => {
    /** The definition: (values below + values up to it - 1) / 2, over n - 1. */
    const midRank = (sample: readonly number[], value: number) => {
      const below = sample.filter((other) => other < value).length;
      const upTo = sample.filter((other) => other <= value).length;
      return Math.min(1, Math.max(0, (upTo > below ? (below + upTo - 1) / 2 : below - 0.5) / (sample.length - 1)));
    };
    // 300,000 distinct values are more than the ranker keeps ranks for; 3,000 tied ones are not.
    const many = Array.from({ length: 300_000 }, (_, index) => index * 0.5 - 7);
    const few = Array.from({ length: 3_000 }, (_, index) => Math.floor(Math.sin(index) * 100) / 4);
    for (const sample of [many, few, [...few, -0, 0, 0]]) {
      const rank = percentileRanker(sample);
      const probes = [...sample.filter((_, index) => index % Math.ceil(sample.length / 40) === 0), -1e9, 0.3, -0, 1e9, sample[0]! + 0.25];
      for (const value of probes) expect(rank(value)).toBe(midRank(sample, value));
    }
  });
});

describe('paceFromTempo', () => {
  it('is 0 at 60 BPM, 0.5 at 120 and 1 at 180, flat outside', () => {
    expect(paceFromTempo(60)).toBe(0);
    expect(paceFromTempo(120)).toBeCloseTo(0.5, 10);
    expect(paceFromTempo(180)).toBe(1);
    expect(paceFromTempo(40)).toBe(0);
    expect(paceFromTempo(210)).toBe(1);
  });

  it('is smooth and strictly increasing between 60 and 180 BPM', () => {
    let previous = -1;
    for (let bpm = 61; bpm < 180; bpm++) {
      const pace = paceFromTempo(bpm)!;
      expect(pace).toBeGreaterThan(previous);
      previous = pace;
    }
    // Smoothstep: gentle at the ends, steepest in the middle.
    expect(paceFromTempo(70)! - paceFromTempo(60)!).toBeLessThan(paceFromTempo(125)! - paceFromTempo(115)!);
  });

  it('treats Spotify 0 (no beat found) and missing tempo as unknown', () => {
    expect(paceFromTempo(0)).toBeNull();
    expect(paceFromTempo(null)).toBeNull();
    expect(paceFromTempo(Number.NaN)).toBeNull();
  });
});

describe('helpers', () => {
  it('meanOfKnown skips unknowns', () => {
    expect(meanOfKnown([0.2, null, 0.4])).toBeCloseTo(0.3);
    expect(meanOfKnown([null, undefined])).toBeNull();
  });

  it('scaleToMax makes the largest weight 1', () => {
    expect([
      ...scaleToMax(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ),
    ]).toEqual([
      ['a', 1],
      ['b', 0.5],
    ]);
  });
});
