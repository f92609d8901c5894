/** The in-process top-k engine for the vibe space (see engine.ts). */
export type { RowSet, TopKEngine, TopKHit, TopKQuery, VectorMatrix } from './types.js';
export { Bitset } from './bitset.js';
export { anyOfFilter, atLeastFilter, equalsFilter, maskFilter, notFlaggedFilter, rangeFilter } from './filters.js';
export { TopKHeap } from './heap.js';
export { exactDot, exactTopK, normalizeQuery } from './exact.js';
export { mmrPoolSize, mmrSelect } from './mmr.js';
export { createTopKEngine, VectorTopKEngine, type SearchStats, type TopKEngineOptions } from './engine.js';
export {
  featureVectorRows,
  loadMatrixFromBlobs,
  loadMatrixFromDatabase,
  matrixBuilder,
  matrixFromHandOff,
  type MatrixHandOff,
  rowsRewritten,
  type DatabaseLoadOptions,
  type LoadOptions,
  type VectorBlobRow,
} from './load.js';
export { extendMatrixSnapshot, loadMatrixSnapshot, readSnapshotVector, writeMatrixSnapshot } from './snapshot.js';
export { scanWorkerScript } from './pool.js';
export { rowOfItem } from './row-of-item.js';
