import type { ItemFeatures } from '../features/types.js';
import { filmEraRow, songEraRow } from '../features/era.js';
import { filmContentFit } from './ranker.js';
import { applyRidge, projectPca } from './linear.js';
import { standardisedMood, type VibeModel } from './model.js';
import { BLOCKS, type BlockName, type BlockWeights } from './weights.js';

/** What the blocks that need no fitted statistics are written with. */
type BlockSource = Pick<VibeModel, 'layout' | 'weights' | 'ranker'>;

/**
 * One vibe vector: every block L2-normalised and scaled by sqrt(weight), so the dot product of
 * two vectors is the weighted sum of block cosines. A block without information stays zero and
 * simply contributes nothing.
 */
export function encodeItem(item: ItemFeatures, model: VibeModel, posterEmbedding: Float32Array | null = null): Float32Array {
  const vector = new Float32Array(model.layout.dims);
  writeItemBlocks(vector, 0, item, model);
  writeMoodBlocks(vector, 0, item, model, posterEmbedding);
  return vector;
}

/**
 * The blocks that need no fitted statistics (genres, language, era, content, popularity), written
 * into `target` at `at`: a full build writes them while it reads the catalog, before the mood
 * statistics exist (writeMoodBlocks then completes the row).
 */
export function writeItemBlocks(target: Float32Array, at: number, item: ItemFeatures, model: BlockSource): void {
  const { layout } = model;
  const concepts = new Float32Array(layout.concepts.length);
  layout.concepts.forEach((concept, index) => (concepts[index] = item.concepts.get(concept) ?? 0));
  write(target, at, model, 'genre', concepts);

  const regions = new Float32Array(layout.regions.length);
  layout.regions.forEach((region, index) => (regions[index] = item.regions.get(region) ?? 0));
  write(target, at, model, 'language', regions);

  writeEra(target, at, model, item);
  writeContent(target, at, model, item);

  const angle = (Math.max(0, Math.min(1, item.popularity)) * Math.PI) / 2;
  write(target, at, model, 'popularity', [Math.cos(angle), Math.sin(angle)]);
}

/** The mood block (standardised by the kind's statistics) and the poster look. */
export function writeMoodBlocks(
  target: Float32Array,
  at: number,
  item: Pick<ItemFeatures, 'kind' | 'mood'>,
  model: VibeModel,
  posterEmbedding: Float32Array | null,
): void {
  const mood = standardisedMood(item, model.moodStats[item.kind]);
  write(target, at, model, 'mood', mood);
  if (model.pca) {
    // A real poster when there is one; otherwise what posters of this mood tend to look like.
    const visual = posterEmbedding ? projectPca(model.pca, posterEmbedding) : model.ridge ? applyRidge(model.ridge, mood) : null;
    if (visual) write(target, at, model, 'visual', visual);
  }
}

/**
 * The era block is not normalised: a song holds its release-era distribution (summing to 1) or,
 * when nothing dates it, 1 in the undated place; a film the learned fit at every release bin and
 * for undated songs (largest magnitude 1), so their dot product is the expected fit, in [−1, 1],
 * times the block's weight. A film with no year leaves it empty. A model built before the undated
 * place has one dim fewer: only its dims are written.
 */
function writeEra(target: Float32Array, at: number, model: BlockSource, item: ItemFeatures): void {
  const { offset, dims } = model.layout.blocks.era;
  if (dims === 0 || !model.ranker) return;
  const values = item.kind === 'song' ? songEraRow(item.era ?? null) : filmEraRow(item.releaseYear, model.ranker.eraFit);
  if (!values) return;
  const scale = Math.sqrt(model.weights.era);
  for (let index = 0; index < dims; index++) target[at + offset + index] = (values[index] ?? 0) * scale;
}

/** Not normalised either: a song holds 1 for explicit lyrics, a film the learned fit of explicit lyrics to it. */
function writeContent(target: Float32Array, at: number, model: BlockSource, item: ItemFeatures): void {
  const { offset, dims } = model.layout.blocks.content;
  if (dims === 0 || !model.ranker) return;
  const value = item.kind === 'song' ? (item.audio?.explicit === true ? 1 : 0) : filmContentFit(model.ranker.contentFit, item.family === true);
  target[at + offset] = value * Math.sqrt(model.weights.content);
}

function write(target: Float32Array, at: number, model: Pick<VibeModel, 'layout' | 'weights'>, block: BlockName, values: ArrayLike<number>): void {
  const { offset, dims } = model.layout.blocks[block];
  let norm = 0;
  for (let index = 0; index < dims; index++) norm += (values[index] ?? 0) ** 2;
  if (norm === 0 || !Number.isFinite(norm)) return;
  const scale = Math.sqrt(model.weights[block]) / Math.sqrt(norm);
  for (let index = 0; index < dims; index++) target[at + offset + index] = (values[index] ?? 0) * scale;
}

/**
 * Re-weights a query instead of rebuilding the catalog. Stored items and profiles hold each
 * block as sqrt(w)·unit; scaling a profile block by w'/w makes it (w'/sqrt(w))·unit, so
 * item·query = Σ w'_b cos_b for the new weights w'.
 */
export function reweightQuery(query: Float32Array, model: VibeModel, weights: BlockWeights): Float32Array {
  const result = new Float32Array(query.length);
  for (const block of BLOCKS) {
    const { offset, dims } = model.layout.blocks[block];
    const stored = model.weights[block];
    if (stored <= 0) continue;
    const scale = weights[block] / stored;
    for (let index = offset; index < offset + dims; index++) result[index] = query[index]! * scale;
  }
  return result;
}

/** Per-block contributions of an item to a (re-weighted) query's score; they sum to the score. */
export function blockContributions(query: Float32Array, item: Float32Array, model: VibeModel): Record<BlockName, number> {
  const result = {} as Record<BlockName, number>;
  for (const block of BLOCKS) {
    const { offset, dims } = model.layout.blocks[block];
    let sum = 0;
    for (let index = offset; index < offset + dims; index++) sum += query[index]! * item[index]!;
    result[block] = sum;
  }
  return result;
}

export type { BlockWeights };
