/**
 * The vibe space's block weights: the one place the engine reads its defaults from.
 * Blocks are L2-normalised and scaled by sqrt(weight), so with weights summing to 1 the dot
 * product of two items is the weighted sum of their per-block cosines. The evaluation
 * (crossfade eval) chooses these from data and records the report that justified them.
 */
import { BLOCK_NAMES, type BlockName } from '../../shared/recommend-schemas.js';
import { CHOSEN_WEIGHTS } from './default-weights.js';

export const BLOCKS = BLOCK_NAMES;
export type { BlockName };
export type BlockWeights = Readonly<Record<BlockName, number>>;

/** The hand-set weights the vibe space started with; the evaluation reports them for comparison. */
export const HAND_SET_PRIOR: BlockWeights = { mood: 0.4, genre: 0.3, language: 0.1, era: 0, popularity: 0.05, visual: 0.15 };

/** From default-weights.ts, which the evaluation writes next to its report (reports/evaluation.md). */
export const DEFAULT_WEIGHTS: BlockWeights = { era: 0, ...CHOSEN_WEIGHTS };

/** Scales weights to sum to 1; negative or non-finite weights count as 0. */
export function normaliseWeights(weights: Partial<BlockWeights>): BlockWeights {
  const clean = Object.fromEntries(BLOCKS.map((block) => [block, Math.max(0, Number.isFinite(weights[block]) ? (weights[block] as number) : 0)])) as Record<BlockName, number>;
  const total = BLOCKS.reduce((sum, block) => sum + clean[block], 0);
  if (total === 0) throw new Error('At least one block weight must be above zero.');
  for (const block of BLOCKS) clean[block] /= total;
  return clean;
}
