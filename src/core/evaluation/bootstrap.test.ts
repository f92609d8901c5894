import { describe, expect, it } from 'vitest';
import { pairedBootstrap } from './bootstrap.js';

const share = (hits: readonly number[]) => hits.reduce((sum, hit) => sum + hit, 0) / Math.max(1, hits.length);
const options = { resamples: 2000, seed: 7, level: 0.95 };
const each = (count: number) => Array.from({ length: count }, (_, query) => query);

describe('pairedBootstrap', () => {
  it('gives each value an interval around it, the same on every run', () => {
    const hits = each(200).map((query) => (query % 5 === 0 ? 1 : 0)); // 20 %
    const run = () => pairedBootstrap(each(200), new Map([['a', hits]]), 'a', { share }, options);
    const [a] = run();
    expect(a!.values.share!.value).toBeCloseTo(0.2, 10);
    expect(a!.values.share!.low).toBeLessThan(0.2);
    expect(a!.values.share!.high).toBeGreaterThan(0.2);
    // about ± 1.96 √(0.2 · 0.8 / 200) = ± 5.5 points
    expect(a!.values.share!.high - a!.values.share!.low).toBeGreaterThan(0.08);
    expect(a!.values.share!.high - a!.values.share!.low).toBeLessThan(0.14);
    expect(run()).toEqual([a]);
  });

  it('pairs the methods: a copy of the reference differs by exactly 0, a method one hit apart is within the noise, one far better is not', () => {
    const reference = each(200).map((query) => (query % 10 === 0 ? 1 : 0)); // 20 hits
    const oneMore = reference.map((hit, query) => (query === 1 ? 1 : hit));
    const farBetter = reference.map((hit, query) => (query % 10 < 5 ? 1 : hit));
    const [copy, near, far] = pairedBootstrap(
      each(200),
      new Map([
        ['copy', [...reference]],
        ['one more', oneMore],
        ['far better', farBetter],
        ['reference', reference],
      ]),
      'reference',
      { share },
      options,
    );
    expect(copy!.differences.share).toEqual({ value: 0, low: 0, high: 0 });
    expect(near!.differences.share!.value).toBeCloseTo(0.005, 10);
    expect(near!.differences.share!.low).toBeLessThanOrEqual(0);
    expect(far!.differences.share!.low).toBeGreaterThan(0);
  });

  it("resamples clusters whole: a film's songs counted as one piece of evidence give a wider interval than as many independent ones", () => {
    // 20 films of 10 songs each; a film's songs are all hits or all misses.
    const hits = each(200).map((query) => (Math.floor(query / 10) % 4 === 0 ? 1 : 0));
    const width = (clusters: readonly number[]) => {
      const [estimate] = pairedBootstrap(clusters, new Map([['a', hits]]), 'a', { share }, options);
      return estimate!.values.share!.high - estimate!.values.share!.low;
    };
    expect(width(each(200).map((query) => Math.floor(query / 10)))).toBeGreaterThan(2 * width(each(200)));
  });

  it('rejects queries that do not line up with the clusters, an unknown reference and a level outside (0, 1)', () => {
    expect(() => pairedBootstrap([1, 2], new Map([['a', [1]]]), 'a', { share }, options)).toThrow(/1 queries, the clusters 2/);
    expect(() => pairedBootstrap([1], new Map([['a', [1]]]), 'b', { share }, options)).toThrow(/no method "b"/);
    expect(() => pairedBootstrap([1], new Map([['a', [1]]]), 'a', { share }, { ...options, level: 95 })).toThrow(/level/);
  });
});
