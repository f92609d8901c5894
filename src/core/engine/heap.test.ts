import { describe, expect, it } from 'vitest';
import { KthLargest, TopKHeap } from './heap.js';
import { rng } from './test-helpers.js';

describe('TopKHeap', () => {
  for (const k of [0, 1, 5, 64, 1000]) {
    it(`keeps the first k of (score desc, row asc) with many ties (k=${k})`, () => {
      const random = rng(k + 7);
      const entries = Array.from({ length: 700 }, (_, row) => ({ row, score: Math.floor(random() * 20) / 4 }));
      // push in a shuffled order so tie-breaking cannot rely on arrival order
      const shuffled = [...entries].sort(() => random() - 0.5);
      const heap = new TopKHeap(k);
      for (const e of shuffled) heap.push(e.score, e.row);
      const expected = [...entries].sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
      const { rows, scores } = heap.sorted();
      expect(Array.from(rows)).toEqual(expected.map((e) => e.row));
      expect(Array.from(scores)).toEqual(expected.map((e) => e.score));
    });
  }

  it('reports its threshold once full', () => {
    const heap = new TopKHeap(2);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(1, 0);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(3, 1);
    expect(heap.threshold).toBe(1);
    expect(heap.push(0.5, 2)).toBe(false);
    expect(heap.push(1, 3)).toBe(false); // same score, higher row: worse
    expect(heap.push(2, 4)).toBe(true);
    expect(heap.threshold).toBe(2);
  });
});

describe('KthLargest', () => {
  it('tracks the k-th largest value', () => {
    const random = rng(3);
    for (const k of [1, 3, 50]) {
      const kth = new KthLargest(k);
      const values: number[] = [];
      for (let i = 0; i < 500; i++) {
        const v = Math.floor(random() * 50) - 25;
        values.push(v);
        kth.push(v);
        const sorted = [...values].sort((a, b) => b - a);
        expect(kth.threshold).toBe(sorted.length >= k ? sorted[k - 1] : -Infinity);
      }
    }
  });
});
