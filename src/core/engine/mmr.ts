import { exactDot } from './exact.js';
import type { TopKHit } from './types.js';

/** How many exact hits MMR chooses from for a final k. */
export function mmrPoolSize(k: number): number {
  return Math.max(k * 5, 100);
}

/**
 * Maximal marginal relevance over an exact candidate pool (best first, as the engine returns it):
 * greedily picks the hit maximising lambda * score - (1 - lambda) * (max similarity to the hits
 * already picked), similarity being the exact dot product of the two rows (exact.ts). The first
 * pick is the most relevant hit. Ties go to the earlier (more relevant, then lower row) hit, so
 * the result is deterministic. Hits keep their relevance scores; the order is the pick order.
 */
export function mmrSelect(pool: readonly TopKHit[], k: number, lambda: number, data: Float32Array, dims: number): TopKHit[] {
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`mmrLambda must be in [0, 1], got ${lambda}`);
  const n = pool.length;
  const take = Math.min(k, n);
  if (lambda === 1 || take <= 1) return pool.slice(0, take);
  const maxSim = new Float64Array(n);
  const used = new Uint8Array(n);
  const picked: TopKHit[] = [];
  let last = -1;
  for (let step = 0; step < take; step++) {
    if (last >= 0) {
      const lastRow = pool[last]!.row;
      const lastVector = data.subarray(lastRow * dims, lastRow * dims + dims);
      for (let i = 0; i < n; i++) {
        if (used[i]) continue;
        const sim = exactDot(data, pool[i]!.row * dims, lastVector, dims);
        if (step === 1 || sim > maxSim[i]!) maxSim[i] = sim;
      }
    }
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      const value = step === 0 ? pool[i]!.score : lambda * pool[i]!.score - (1 - lambda) * maxSim[i]!;
      if (best < 0 || value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    used[best] = 1;
    picked.push(pool[best]!);
    last = best;
  }
  return picked;
}
