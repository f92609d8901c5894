import { describe, expect, it } from 'vitest';
import { tempFile } from '../../testing/temp.js';
import { mergeResults, partnersByQuery } from './index.js';
import { precisionOf, readReviewedSamples, samplePairs, wilsonInterval, type DescribedPair } from './sample.js';
import type { GroundTruthResult } from './types.js';

const pair = (key: string): DescribedPair => ({ key, movie: key.split(' | ')[0]!, song: key.split(' | ')[1]!, evidence: `evidence of ${key}` });

describe('samplePairs', () => {
  const pairs = Array.from({ length: 40 }, (_, index) => pair(`Movie ${index} (2000) | Song ${index} — Artist`));

  it('draws the same sample whatever order the pairs come in', () => {
    const sample = samplePairs(pairs, 10, 123);
    expect(sample).toHaveLength(10);
    expect(samplePairs([...pairs].reverse(), 10, 123)).toEqual(sample);
    expect(samplePairs(pairs, 10, 124)).not.toEqual(sample);
    expect(new Set(sample.map((p) => p.key)).size).toBe(10);
  });

  it('keeps the rest of the sample when a matcher change drops a drawn pair', () => {
    const sample = samplePairs(pairs, 10, 123);
    const withoutOne = samplePairs(
      pairs.filter((candidate) => candidate.key !== sample[3]!.key),
      10,
      123,
    );
    expect(withoutOne.slice(0, 9)).toEqual(sample.filter((_, index) => index !== 3));
    expect(withoutOne).toHaveLength(10);
  });

  it('drops duplicate keys and returns everything when asked for more than there is', () => {
    const withDuplicates = [...pairs.slice(0, 3), ...pairs.slice(0, 3)];
    expect(
      samplePairs(withDuplicates, 30, 1)
        .map((p) => p.key)
        .sort(),
    ).toEqual(
      pairs
        .slice(0, 3)
        .map((p) => p.key)
        .sort(),
    );
  });
});

describe('precision from verdicts', () => {
  it('counts strict and lenient precision with a Wilson interval', () => {
    const verdicts = ['correct', 'correct', 'correct', 'same-composition', 'wrong'] as const;
    const precision = precisionOf({ pairs: verdicts.map((verdict, index) => ({ ...pair(`m${index} | s${index}`), verdict })) });
    expect(precision).toMatchObject({ reviewed: 5, correct: 3, sameComposition: 1, wrong: 1, strict: 0.6, lenient: 0.8 });
    expect(precision.strictInterval[0]).toBeCloseTo(0.2307, 3);
    expect(precision.strictInterval[1]).toBeCloseTo(0.8824, 3);
    expect(precisionOf({ pairs: [] }).strict).toBeNaN();
  });

  it('gives a Wilson interval below 1 even for a perfect small sample', () => {
    const [low, high] = wilsonInterval(30, 30);
    expect(high).toBe(1);
    expect(low).toBeCloseTo(0.8865, 3);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('reads the reviewed file in this folder, and rejects a malformed one', () => {
    const reviewed = readReviewedSamples();
    expect(reviewed.samples.map((sample) => sample.source)).toEqual(['imdb-soundtrack', 'oscar-song', 'soundtrack-album']);
    for (const sample of reviewed.samples) expect(sample.pairs.length).toBeLessThanOrEqual(sample.size);
    const bad = tempFile(
      'reviewed.json',
      JSON.stringify({
        about: '',
        samples: [{ source: 'imdb-soundtrack', seed: 1, size: 1, drawnFrom: '', reviewer: '', pairs: [{ ...pair('a | b'), verdict: 'maybe' }] }],
      }),
    );
    expect(() => readReviewedSamples(bad)).toThrow(/samples\.0\.pairs\.0\.verdict/);
  });
});

describe('merging sources', () => {
  const result = (source: GroundTruthResult['source'], pairs: [number, number][]): GroundTruthResult => ({
    source,
    pairs: pairs.map(([movieId, songId]) => ({ movieId, songId, source, evidence: source })),
    counts: { rowsRead: 0, rowsWithMovie: 0, entriesRead: 0, moviesMatched: 0, songsMatched: 0, pairs: pairs.length },
    unmatchedReasons: {},
    unmatched: [],
  });

  it('keeps each pair once, remembers every source that found it, and groups partners by query', () => {
    const merged = mergeResults([
      result('imdb-soundtrack', [
        [1, 10],
        [1, 11],
      ]),
      result('soundtrack-album', [
        [1, 10],
        [2, 10],
      ]),
    ]);
    expect(merged.pairs.map((p) => [p.movieId, p.songId, p.source])).toEqual([
      [1, 10, 'imdb-soundtrack'],
      [1, 11, 'imdb-soundtrack'],
      [2, 10, 'soundtrack-album'],
    ]);
    expect(merged.sourcesOf.get('1:10')).toEqual(['imdb-soundtrack', 'soundtrack-album']);
    expect(partnersByQuery(merged.pairs, 'movie-to-song')).toEqual(
      new Map([
        [1, [10, 11]],
        [2, [10]],
      ]),
    );
    expect(partnersByQuery(merged.pairs, 'song-to-movie')).toEqual(
      new Map([
        [10, [1, 2]],
        [11, [1]],
      ]),
    );
  });
});
