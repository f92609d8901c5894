import { describe, expect, it } from 'vitest';
import {
  ERA_BIN_COUNT,
  ERA_DIMS,
  ERA_FEATURE_COUNT,
  ERA_GAP_BINS,
  eraFitAt,
  eraFitFromCoefficients,
  eraFitScale,
  eraPairFeatures,
  filmEraRow,
  gapBinOf,
  songEraSpan,
  scaleEraFit,
  songEraDistribution,
  songEraRow,
} from './era.js';

describe('era', () => {
  it("reads back the years a song's era block dates it to: one release bin, or one decade of its artist's tags, in any scale", () => {
    const span = (era: Parameters<typeof songEraDistribution>[0], scale = 1) => songEraSpan(songEraRow(songEraDistribution(era)).map((value) => value * scale));
    expect(span({ year: 1978, decade: null })).toEqual({ from: 1978, to: 1979, by: 'release' });
    expect(span({ year: 1979, decade: null }, 0.3)).toEqual({ from: 1978, to: 1979, by: 'release' });
    expect(span({ year: null, decade: 1970, decades: new Map([[1970, 1]]) })).toEqual({ from: 1970, to: 1979, by: 'artist' });
    expect(
      span({
        year: null,
        decade: 1970,
        decades: new Map([
          [1970, 0.8],
          [1980, 0.2],
        ]),
      }),
    ).toEqual({ from: 1970, to: 1979, by: 'artist' });
    // Split eras name nothing: two decades alike, or a year that may date a re-release beside the artist's decades.
    expect(
      span({
        year: null,
        decade: 1960,
        decades: new Map([
          [1960, 0.5],
          [1970, 0.5],
        ]),
      }),
    ).toBeNull();
    expect(span({ year: 2014, decade: 1970, decades: new Map([[1970, 1]]) })).toBeNull();
    // Undated, or at the clamped ends of the bins (a 1935 song sits in the first bin with every older one).
    expect(songEraSpan(songEraRow(null))).toBeNull();
    expect(span({ year: 1935, decade: null })).toBeNull();
    expect(span({ year: 2040, decade: null })).toBeNull();
    expect(span({ year: null, decade: 1930, decades: new Map([[1930, 1]]) })).toBeNull();
    // A centred block (the first ranker's) is no distribution.
    expect(songEraSpan(Float32Array.from(songEraRow(songEraDistribution({ year: 1978, decade: null })), (value) => value - 0.1))).toBeNull();
  });

  it('places a year in one bin, spreads a decade over the bins it overlaps, and never guesses', () => {
    const year = songEraDistribution({ year: 1977, decade: null })!;
    expect(year.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect([...year].filter((value) => value > 0)).toHaveLength(1);
    const decade = songEraDistribution({ year: null, decade: 1980 })!;
    expect(decade.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect([...decade].filter((value) => value > 0).length).toBeGreaterThan(1);
    expect(songEraDistribution({ year: null, decade: null })).toBeNull();
    // A year that may date a re-release: half on the year, half over the artist's tagged decades.
    const reissue = songEraDistribution({ year: 2018, decade: 2010, decades: new Map([[1970, 1]]) })!;
    expect(reissue.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(eraPairFeatures(reissue, 1995)[0]).toBeCloseTo(0.5, 6);
    expect(songEraDistribution({ year: 1850, decade: null })![0]).toBe(1);
    expect(songEraDistribution({ year: 2090, decade: null })![ERA_BIN_COUNT - 1]).toBe(1);
  });

  it('bins the gap between film and song, with songs after the film in their own bin', () => {
    expect(ERA_GAP_BINS[gapBinOf(-10)]!.id).toBe('after');
    expect(ERA_GAP_BINS[gapBinOf(0)]!.id).toBe('same-time');
    expect(ERA_GAP_BINS[gapBinOf(-1)]!.id).toBe('same-time');
    expect(ERA_GAP_BINS[gapBinOf(-2)]!.id).toBe('after');
    expect(ERA_GAP_BINS[gapBinOf(12)]!.id).toBe('decade');
    expect(ERA_GAP_BINS[gapBinOf(60)]!.id).toBe('classic');
  });

  it('fits a song known only to its two-year bin as the mean of the years in it, not as its first year', () => {
    // Only the gap bins count: after the film -1, from the same time +1 (up to two years before it, one after).
    const fit = eraFitFromCoefficients([-1, 1, ...new Array<number>(28).fill(0)]);
    // 2008 and 2009 share a bin: for a film of 2007 one is a year after it (the same time), the other two (after it).
    expect(eraFitAt(fit, 2009, 2007)).toBeCloseTo(0, 6);
    expect(eraFitAt(fit, 2008, 2007)).toBeCloseTo(0, 6);
    expect(eraFitAt(fit, 2009, 2008)).toBeCloseTo(1, 6);
    expect(eraFitAt(fit, 2012, 2006)).toBeCloseTo(-1, 6);
    // Two years after the film is after it: no film's soundtrack of the DEV pairs has such a song.
    expect(eraFitAt(fit, 2009, 2006)).toBeCloseTo(-1, 6);
    const features = eraPairFeatures(songEraDistribution({ year: 2009, decade: null })!, 2007);
    expect([features[0], features[1]]).toEqual([0.5, 0.5]);
  });

  it('serves the learned table as a dot product that equals the trained pair score exactly', () => {
    const coefficients = [
      -1, 0.2, 0.4, 0.7, 1, -0.5, 0.3, 0.2, 0.1, 0, -0.1, -0.2, -0.4, -0.6, -0.3, -0.2, 0, 0.1, 0.4, 0.3, 0.1, 0, -0.3, -0.3, -0.2, -0.1, 0.2, 0.3, 0, -0.2,
    ];
    const fit = eraFitFromCoefficients(coefficients);
    for (const [songYear, filmYear] of [
      [1972, 1994],
      [2015, 1999],
      [1999, 1999],
      [1930, 2001],
      [1990, 1960],
    ] as const) {
      for (const distribution of [
        songEraDistribution({ year: songYear, decade: null })!,
        songEraDistribution({ year: null, decade: Math.floor(songYear / 10) * 10 })!,
        null,
      ]) {
        const song = songEraRow(distribution);
        const row = filmEraRow(filmYear, fit)!;
        expect([song.length, row.length]).toEqual([ERA_DIMS, ERA_DIMS]);
        const served = song.reduce((sum, share, bin) => sum + share * row[bin]!, 0);
        const features = eraPairFeatures(distribution, filmYear);
        expect(features).toHaveLength(ERA_FEATURE_COUNT);
        const trained = coefficients.reduce((sum, value, column) => sum + value * features[column]!, 0);
        expect(served).toBeCloseTo(trained, 5);
      }
    }
    expect(filmEraRow(null, fit)).toBeNull();
    expect([...eraPairFeatures(null, null)].every((value) => value === 0)).toBe(true);
  });

  it('adds the decade parts: songs of a decade and films of a decade each move the fit, undated songs only by the film decade', () => {
    const gapOnly = eraFitFromCoefficients([0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, -0.5, 0, 0, 0, 0, 0.25, 0, 0, 0, 0, 0, 0, 0, -0.75, 0, 0, 0]);
    // A 1950s song gains 0.5, a 2020s song loses 0.5, and a 1990s film adds 0.25 to every dated song.
    expect(eraFitAt(gapOnly, 1955, 1985)).toBeCloseTo(0.5, 6);
    expect(eraFitAt(gapOnly, 2022, 1985)).toBeCloseTo(-0.5, 6);
    expect(eraFitAt(gapOnly, 1975, 1995)).toBeCloseTo(0.25, 6);
    expect(eraFitAt(gapOnly, 1975, 1975)).toBeCloseTo(0, 6);
    const features = eraPairFeatures(songEraDistribution({ year: 1955, decade: null })!, 1995);
    expect(features[6]).toBe(1);
    expect(features[6 + 8 + 4]).toBe(1);
    expect(features[6 + 16 + 4]).toBe(0);
    // Nothing dates the song: only the undated column of the film's decade, whose fit is -0.75 for a 1990s film.
    for (const undated of [null, new Float32Array(ERA_BIN_COUNT)]) {
      const only = eraPairFeatures(undated, 1995);
      expect([...only.keys()].filter((column) => only[column] !== 0)).toEqual([6 + 16 + 4]);
      expect(only[6 + 16 + 4]).toBe(1);
    }
    expect(filmEraRow(1995, gapOnly)![ERA_BIN_COUNT]).toBeCloseTo(-0.75, 6);
    expect(songEraRow(null)[ERA_BIN_COUNT]).toBe(1);
    expect(songEraRow(songEraDistribution({ year: 1955, decade: null }))[ERA_BIN_COUNT]).toBe(0);
  });

  it('scales the table to a largest magnitude of 1', () => {
    const fit = eraFitFromCoefficients([-2, 1, 0.5, 0.5, 0.5, -1, 0.5, 0, 0, 0, 0, 0, 0, -0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const scale = eraFitScale(fit);
    expect(scale).toBeCloseTo(2.5, 6);
    expect(eraFitScale(scaleEraFit(fit, 1 / scale))).toBeCloseTo(1, 6);
    // The undated part counts too.
    const undatedLargest = eraFitFromCoefficients([...Array<number>(22).fill(0.1), 0, 0, 0, 0, -3, 0, 0, 0]);
    expect(eraFitScale(undatedLargest)).toBeCloseTo(3, 6);
  });
});
