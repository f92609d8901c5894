import { describe, expect, it } from 'vitest';
import { ERA_BIN_COUNT, ERA_GAP_BIN_COUNT, ERA_GAP_BINS, eraPairFeatures, filmEraRow, gapBinOf, songEraDistribution } from './era.js';

describe('era', () => {
  it('places a year in one bin, spreads a decade over the bins it overlaps, and never guesses', () => {
    const year = songEraDistribution({ year: 1977, decade: null })!;
    expect(year.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect([...year].filter((value) => value > 0)).toHaveLength(1);
    const decade = songEraDistribution({ year: null, decade: 1980 })!;
    expect(decade.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect([...decade].filter((value) => value > 0).length).toBeGreaterThan(1);
    expect(songEraDistribution({ year: null, decade: null })).toBeNull();
    expect(songEraDistribution({ year: 1850, decade: null })![0]).toBe(1);
    expect(songEraDistribution({ year: 2090, decade: null })![ERA_BIN_COUNT - 1]).toBe(1);
  });

  it('bins the gap between film and song, with songs after the film in their own bin', () => {
    expect(ERA_GAP_BINS[gapBinOf(-10)]!.id).toBe('after');
    expect(ERA_GAP_BINS[gapBinOf(0)]!.id).toBe('same-time');
    expect(ERA_GAP_BINS[gapBinOf(12)]!.id).toBe('decade');
    expect(ERA_GAP_BINS[gapBinOf(60)]!.id).toBe('classic');
  });

  it('serves the learned fit as a dot product that equals the trained pair score exactly', () => {
    const fit = [-1, 0.2, 0.4, 0.7, 1, -0.5];
    for (const [songYear, filmYear] of [
      [1972, 1994],
      [2015, 1999],
      [1999, 1999],
      [1930, 2001],
      [1990, 1960],
    ] as const) {
      for (const song of [
        songEraDistribution({ year: songYear, decade: null })!,
        songEraDistribution({ year: null, decade: Math.floor(songYear / 10) * 10 })!,
      ]) {
        const row = filmEraRow(filmYear, fit)!;
        const served = song.reduce((sum, share, bin) => sum + share * row[bin]!, 0);
        const features = eraPairFeatures(song, filmYear);
        expect(features).toHaveLength(ERA_GAP_BIN_COUNT);
        const trained = fit.reduce((sum, value, bin) => sum + value * features[bin]!, 0);
        expect(served).toBeCloseTo(trained, 5);
      }
    }
    expect(filmEraRow(null, fit)).toBeNull();
    expect([...eraPairFeatures(new Float32Array(ERA_BIN_COUNT), 1990)].every((value) => value === 0)).toBe(true);
  });
});
