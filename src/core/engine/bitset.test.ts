import { describe, expect, it } from 'vitest';
import { Bitset } from './bitset.js';
import { anyOfFilter, atLeastFilter, equalsFilter, maskFilter, notFlaggedFilter, rangeFilter } from './filters.js';
import { rng } from './test-helpers.js';

function randomSet(length: number, density: number, seed: number): Set<number> {
  const random = rng(seed);
  const set = new Set<number>();
  for (let i = 0; i < length; i++) if (random() < density) set.add(i);
  return set;
}

describe('Bitset', () => {
  for (const length of [0, 1, 31, 32, 33, 100, 1000]) {
    it(`matches a Set for and/or/andNot/not and iteration (length ${length})`, () => {
      const a = randomSet(length, 0.3, length + 1);
      const b = randomSet(length, 0.6, length + 2);
      const A = Bitset.fromRows(length, a);
      const B = Bitset.fromPredicate(length, (row) => b.has(row));
      const all = Array.from({ length }, (_, i) => i);
      expect([...A]).toEqual(all.filter((i) => a.has(i)));
      expect(A.size).toBe(a.size);
      expect(A.count()).toBe(a.size);
      expect([...A.and(B)]).toEqual(all.filter((i) => a.has(i) && b.has(i)));
      expect([...A.or(B)]).toEqual(all.filter((i) => a.has(i) || b.has(i)));
      expect([...A.andNot(B)]).toEqual(all.filter((i) => a.has(i) && !b.has(i)));
      expect([...A.not()]).toEqual(all.filter((i) => !a.has(i)));
      expect(A.not().size).toBe(length - a.size);
      expect(Bitset.full(length).size).toBe(length);
      expect(Array.from(A.toArray())).toEqual([...A]);
      const visited: number[] = [];
      A.forEach((row) => visited.push(row));
      expect(visited).toEqual([...A]);
    });
  }

  it('has() is false outside [0, length) and add() rejects such rows', () => {
    const set = Bitset.full(40);
    expect(set.has(-1)).toBe(false);
    expect(set.has(40)).toBe(false);
    expect(set.has(1.5)).toBe(false);
    expect(() => set.add(40)).toThrow(RangeError);
  });

  it('tracks size through add and delete', () => {
    const set = Bitset.empty(70);
    set.add(3).add(69).add(3);
    expect(set.size).toBe(2);
    expect(set.delete(3)).toBe(true);
    expect(set.delete(3)).toBe(false);
    expect(set.size).toBe(1);
    expect([...set]).toEqual([69]);
  });

  it('resizes and combines sets of different lengths', () => {
    const small = Bitset.fromRows(10, [1, 9]);
    const big = Bitset.full(100);
    expect([...big.and(small)]).toEqual([1, 9]);
    expect(small.or(big).size).toBe(10);
    expect([...small.resize(5)]).toEqual([1]);
    expect([...small.resize(64)]).toEqual([1, 9]);
    expect(Bitset.from({ size: 2, has: (r) => r === 2 || r === 7 }, 8).toArray()).toEqual(Int32Array.from([2, 7]));
  });
});

describe('filters', () => {
  const years = Float64Array.from([1999, 2005, NaN, 2010, 1980]);
  it('builds range, equality, mask and flag filters', () => {
    expect([...rangeFilter(years, 2000, 2010)]).toEqual([1, 3]);
    expect([...rangeFilter(years, undefined, 1999)]).toEqual([0, 4]);
    expect([...atLeastFilter(Int32Array.from([5, 100, 50]), 50)]).toEqual([1, 2]);
    expect([...equalsFilter(Uint8Array.from([0, 1, 1, 0]), 1)]).toEqual([1, 2]);
    expect([...anyOfFilter(Int32Array.from([3, 7, 9, 3]), [3, 9])]).toEqual([0, 2, 3]);
    const genres = Uint32Array.from([0b0011, 0b0100, 0b0110, 0x80000000]);
    expect([...maskFilter(genres, 0b0010)]).toEqual([0, 2]);
    expect([...maskFilter(genres, 0b0110, 'all')]).toEqual([2]);
    expect([...maskFilter(genres, 0x80000000)]).toEqual([3]);
    expect([...notFlaggedFilter(Uint8Array.from([0, 1, 0]))]).toEqual([0, 2]);
  });
});
