import { PACE_CURVE } from './priors.js';

export const clamp01 = (value: number): number => (value <= 0 ? 0 : value >= 1 ? 1 : value);

const isKnown = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value);

/** Maps a value to its percentile among the values the ranker was built from, in [0, 1]. */
export type PercentileRank = (value: number | null | undefined) => number | null;

/**
 * Percentiles by mid-rank: the smallest value maps to 0, the largest to 1, and tied values all
 * get the mean of the ranks they span, so a tie is never ordered arbitrarily. A value that is not
 * in the sample is placed between its neighbours. With one known value everything maps to 0.5.
 *
 * Unknown values (null, undefined, NaN) are left out of the ranking and map to null, not 0.5:
 * the caller knows whether "unknown" should be neutral (song popularity → 0.5) or should simply
 * be skipped when several signals are combined (a movie's vote count, popularity and revenue).
 */
export function percentileRanker(values: Iterable<number | null | undefined>): PercentileRank {
  const known: number[] = [];
  for (const value of values) if (isKnown(value)) known.push(value);
  const sorted = Float64Array.from(known).sort();
  const n = sorted.length;
  const rankOf = (below: number, upTo: number): number => {
    // Ranks below..upTo-1 (0-based) are equal to value: their mean is (below + upTo - 1) / 2.
    const rank = upTo > below ? (below + upTo - 1) / 2 : below - 0.5;
    return clamp01(rank / (n - 1));
  };
  const sampled = sampledRanks(sorted, rankOf);
  return (value) => {
    if (!isKnown(value) || n === 0) return null;
    if (n === 1) return 0.5;
    return sampled?.get(value) ?? rankOf(lowerBound(sorted, value), upperBound(sorted, value));
  };
}

/**
 * percentileRanker over a sample read only when a known value is first ranked. An incremental
 * build ranks only its new items, and Spotify songs, say, have a popularity and no streams: the
 * million songs' streams (0.3 s to read) are then never needed.
 */
export function lazyPercentileRanker(readSample: () => Iterable<number | null | undefined>): PercentileRank {
  let ranker: PercentileRank | undefined;
  return (value) => {
    if (!isKnown(value)) return null;
    ranker ??= percentileRanker(readSample());
    return ranker(value);
  };
}

/** Past this many distinct values the sampled values' ranks are not kept: each is searched for. */
const MAX_KEPT_RANKS = 250_000;

/**
 * The rank of every distinct value of the sample, from one pass over it, when there are few of
 * them (a popularity score, a vote count, a loudness to the millibel): at a million items two
 * binary searches per value took 0.6 s a column, and a build ranks six columns.
 */
function sampledRanks(sorted: Float64Array, rankOf: (below: number, upTo: number) => number): Map<number, number> | null {
  let distinct = 0;
  for (let index = 0; index < sorted.length; index++) if (index === 0 || sorted[index] !== sorted[index - 1]) distinct++;
  if (distinct > MAX_KEPT_RANKS || sorted.length < 2) return null;
  const ranks = new Map<number, number>();
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    ranks.set(sorted[start]!, rankOf(start, end));
    start = end;
  }
  return ranks;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Tempo (BPM) → pace in [0, 1]: a smoothstep between PACE_CURVE.slowBpm (0) and fastBpm (1), so
 * 60 → 0, 120 → 0.5, 180 → 1, flat at both ends (a 200 BPM drum-and-bass track is not "faster"
 * than a 180 BPM one in feel). Unknown or non-positive tempo (Spotify's 0 = no beat) → null.
 */
export function paceFromTempo(bpm: number | null | undefined): number | null {
  if (!isKnown(bpm) || bpm <= 0) return null;
  const t = clamp01((bpm - PACE_CURVE.slowBpm) / (PACE_CURVE.fastBpm - PACE_CURVE.slowBpm));
  return t * t * (3 - 2 * t);
}

/** Mean of the known values, or null when there are none. */
export function meanOfKnown(values: readonly (number | null | undefined)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (!isKnown(value)) continue;
    sum += value;
    count++;
  }
  return count === 0 ? null : sum / count;
}

/** Scales a weight map so its largest weight is 1 (an empty or all-zero map is returned as is). */
export function scaleToMax(weights: Map<string, number>): Map<string, number> {
  let max = 0;
  for (const weight of weights.values()) if (weight > max) max = weight;
  if (max === 0 || max === 1) return weights;
  for (const [key, weight] of weights) weights.set(key, weight / max);
  return weights;
}
