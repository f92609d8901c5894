import { matrixBuilder } from '../engine/index.js';
import { MOOD_AXES, type ItemFeatures } from '../features/types.js';
import { writeItemBlocks } from './encode.js';
import type { ModelFrame } from './model.js';

/** Items between two progress reports while a kind is read. */
const PROGRESS_EVERY = 50_000;

/**
 * Reads one kind's items (`read` hands each one's features to its visitor) into engine memory:
 * the blocks that need no fitted statistics, and each row's raw mood axes beside the matrix.
 */
export function readKind(
  frame: Pick<ModelFrame, 'layout' | 'weights' | 'ranker'>,
  expectedCount: number,
  read: (visit: (item: ItemFeatures) => void) => void,
  onProgress: (done: number) => void,
): { rows: ReturnType<typeof matrixBuilder>; moods: Float64Array } {
  const rows = matrixBuilder(frame.layout.dims, expectedCount);
  const row = new Float32Array(frame.layout.dims);
  const moods: number[] = [];
  let count = 0;
  onProgress(0);
  read((item) => {
    row.fill(0);
    writeItemBlocks(row, 0, item, frame);
    rows.add(item.itemId, row);
    for (const axis of MOOD_AXES) moods.push(item.mood[axis]);
    if (++count % PROGRESS_EVERY === 0) onProgress(count);
  });
  return { rows, moods: Float64Array.from(moods) };
}
