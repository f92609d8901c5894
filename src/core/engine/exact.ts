import { TopKHeap } from './heap.js';
import type { TopKHit, TopKQuery, VectorMatrix } from './types.js';

/**
 * The reference exact scan: the ground truth for the engine's tests and its fallback.
 *
 * Score definition (the engine reproduces it bit for bit): the query is normalised in double
 * precision and rounded to float32 (normalizeQuery); a row's score is the dot product of its
 * float32 values with that query, the products accumulated in double precision in four
 * interleaved partial sums (unrolled by 4, remainder into the first), summed as
 * (s0 + s1) + (s2 + s3) and rounded to float32. Ranking is by score descending, then row
 * ascending.
 */

/** The query scaled to unit length (float32); all zeros if it has no length. Throws on NaN/Infinity. */
export function normalizeQuery(vector: Float32Array, dims: number): Float32Array {
  if (vector.length !== dims) throw new RangeError(`query has ${vector.length} dims, the matrix has ${dims}`);
  let sum = 0;
  for (let j = 0; j < dims; j++) sum += vector[j]! * vector[j]!;
  if (!Number.isFinite(sum)) throw new RangeError('query vector has a non-finite value');
  const out = new Float32Array(dims);
  if (sum === 0) return out;
  const norm = Math.sqrt(sum);
  for (let j = 0; j < dims; j++) out[j] = vector[j]! / norm;
  return out;
}

/** Exact score of the row starting at `offset` in `data` (see the definition above). */
export function exactDot(data: Float32Array, offset: number, query: Float32Array, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end4 = dims & ~3;
  let j = 0;
  for (; j < end4; j += 4) {
    const o = offset + j;
    s0 += data[o]! * query[j]!;
    s1 += data[o + 1]! * query[j + 1]!;
    s2 += data[o + 2]! * query[j + 2]!;
    s3 += data[o + 3]! * query[j + 3]!;
  }
  for (; j < dims; j++) s0 += data[offset + j]! * query[j]!;
  return Math.fround(s0 + s1 + (s2 + s3));
}

export interface ScanRowsOptions {
  /** Allowed rows (undefined = all). */
  readonly allow?: { has(row: number): boolean };
  readonly exclude?: ReadonlySet<number>;
}

/**
 * Exact top-k over rows [start, end) of a float matrix with an already-normalised query,
 * filtered by allow/exclude; returns the heap (so callers can merge ranges).
 */
export function exactScan(
  data: Float32Array,
  dims: number,
  start: number,
  end: number,
  query: Float32Array,
  k: number,
  options: ScanRowsOptions = {},
  heap: TopKHeap = new TopKHeap(k),
): TopKHeap {
  const { allow, exclude } = options;
  for (let row = start; row < end; row++) {
    if (allow && !allow.has(row)) continue;
    if (exclude && exclude.has(row)) continue;
    const score = exactDot(data, row * dims, query, dims);
    if (heap.full && score < heap.threshold) continue;
    heap.push(score, row);
  }
  return heap;
}

/** The reference exact top-k (no MMR): sort allowed rows by exact score, ties by row; take k. */
export function exactTopK(matrix: VectorMatrix, query: Pick<TopKQuery, 'vector' | 'k' | 'allow' | 'exclude'>): TopKHit[] {
  checkK(query.k);
  const q = normalizeQuery(query.vector, matrix.dims);
  const k = Math.min(query.k, matrix.count);
  const heap = exactScan(matrix.data, matrix.dims, 0, matrix.count, q, k, {
    ...(query.allow ? { allow: query.allow } : {}),
    ...(query.exclude ? { exclude: query.exclude } : {}),
  });
  return toHits(heap, matrix.itemIds);
}

export function toHits(heap: TopKHeap, itemIds: Int32Array): TopKHit[] {
  const { rows, scores } = heap.sorted();
  const hits: TopKHit[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) hits[i] = { row: rows[i]!, itemId: itemIds[rows[i]!]!, score: scores[i]! };
  return hits;
}

export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
}
