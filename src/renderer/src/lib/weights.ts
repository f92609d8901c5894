import { BLOCK_NAMES, type BlockName, type BlockWeightValues } from '../../../shared/recommend-schemas';

/** Weights as shares of 1 (what the sliders show as percentages summing to 100). */
function normaliseWeights(weights: BlockWeightValues): BlockWeightValues {
  const total = BLOCK_NAMES.reduce((sum, block) => sum + Math.max(0, weights[block]), 0);
  if (total <= 0) return Object.fromEntries(BLOCK_NAMES.map((block) => [block, 1 / BLOCK_NAMES.length])) as BlockWeightValues;
  return Object.fromEntries(BLOCK_NAMES.map((block) => [block, Math.max(0, weights[block]) / total])) as BlockWeightValues;
}

/**
 * Sets one block's share and moves the others together so the shares still sum to 1: the rest
 * keep their proportions (or share the remainder equally when they were all zero).
 */
export function setShare(weights: BlockWeightValues, block: BlockName, share: number): BlockWeightValues {
  const target = Math.min(1, Math.max(0, share));
  const shares = normaliseWeights(weights);
  const others = BLOCK_NAMES.filter((other) => other !== block);
  const rest = others.reduce((sum, other) => sum + shares[other], 0);
  const next = { ...shares, [block]: target };
  for (const other of others) next[other] = rest > 0 ? (shares[other] / rest) * (1 - target) : (1 - target) / others.length;
  return next;
}

/** Whole percentages that sum to exactly 100 (largest remainders get the rounding). */
export function percentages(weights: BlockWeightValues): Record<BlockName, number> {
  const shares = normaliseWeights(weights);
  const raw = BLOCK_NAMES.map((block) => ({ block, value: shares[block] * 100 }));
  const floors = raw.map((entry) => ({ ...entry, whole: Math.floor(entry.value), rest: entry.value - Math.floor(entry.value) }));
  let missing = 100 - floors.reduce((sum, entry) => sum + entry.whole, 0);
  for (const entry of [...floors].sort((a, b) => b.rest - a.rest)) {
    if (missing <= 0) break;
    entry.whole += 1;
    missing -= 1;
  }
  return Object.fromEntries(floors.map((entry) => [entry.block, entry.whole])) as Record<BlockName, number>;
}
