/**
 * Block weights. Content blocks are L2-normalised and scaled by sqrt(weight), so with weights
 * summing to 1 the dot product of two items is the weighted sum of their per-block similarities.
 * The defaults per intent and direction are the learned ranker's (ranker.ts, resources/vibe/ranker.json).
 */
import { BLOCK_NAMES, type BlockName } from '../../shared/recommend-schemas.js';

export const BLOCKS = BLOCK_NAMES;
export type { BlockName };
export type BlockWeights = Readonly<Record<BlockName, number>>;

/** Scales weights to sum to 1; negative or non-finite weights count as 0. */
export function normaliseWeights(weights: Partial<BlockWeights>): BlockWeights {
  const clean = Object.fromEntries(BLOCKS.map((block) => [block, Math.max(0, Number.isFinite(weights[block]) ? (weights[block] as number) : 0)])) as Record<
    BlockName,
    number
  >;
  const total = BLOCKS.reduce((sum, block) => sum + clean[block], 0);
  if (total === 0) throw new Error('At least one block weight must be above zero.');
  for (const block of BLOCKS) clean[block] /= total;
  return clean;
}
