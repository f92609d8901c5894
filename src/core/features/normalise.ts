import { PACE_CURVE } from './priors.js';
import { clamp01, isKnown } from './known-number.js';
import { rankerOfTable, rankTableOf, type PercentileRank } from './rank-table.js';

export type { PercentileRank } from './rank-table.js';

export { clamp01 } from './known-number.js';

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
  return rankerOfTable(rankTableOf(values));
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
