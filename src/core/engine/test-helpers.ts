/** Deterministic random data for the engine's tests and benchmark. */
import { seededRandom } from '../random.js';
import type { VectorMatrix } from './types.js';

/** A seeded PRNG returning floats in [0, 1) (mulberry32, src/core/random.ts). */
export const rng = seededRandom;

export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function normalizeInPlace(data: Float32Array, offset: number, dims: number): void {
  let sum = 0;
  for (let j = 0; j < dims; j++) sum += data[offset + j]! * data[offset + j]!;
  if (sum === 0) return;
  const norm = Math.sqrt(sum);
  for (let j = 0; j < dims; j++) data[offset + j] = data[offset + j]! / norm;
}

export interface RandomMatrixOptions {
  /** Fraction of all-zero rows. */
  readonly zeroRows?: number;
  /** Fraction of rows that copy an earlier row exactly (exact ties). */
  readonly duplicates?: number;
  /** Rows clustered around a few centres with this much noise (near-ties); 0 = isotropic. */
  readonly clusterNoise?: number;
}

/** n unit rows (gaussian directions), item ids 1000 + row. */
export function randomMatrix(n: number, dims: number, seed: number, options: RandomMatrixOptions = {}): VectorMatrix {
  const random = rng(seed);
  const data = new Float32Array(n * dims);
  const centres: Float32Array[] = [];
  if (options.clusterNoise) {
    for (let c = 0; c < 4; c++) {
      const centre = new Float32Array(dims);
      for (let j = 0; j < dims; j++) centre[j] = gaussian(random);
      normalizeInPlace(centre, 0, dims);
      centres.push(centre);
    }
  }
  for (let i = 0; i < n; i++) {
    const off = i * dims;
    if (options.zeroRows && random() < options.zeroRows) continue;
    if (options.duplicates && i > 0 && random() < options.duplicates) {
      const src = Math.floor(random() * i);
      data.copyWithin(off, src * dims, src * dims + dims);
      continue;
    }
    if (options.clusterNoise) {
      const centre = centres[Math.floor(random() * centres.length)]!;
      for (let j = 0; j < dims; j++) data[off + j] = centre[j]! + options.clusterNoise * gaussian(random);
    } else {
      for (let j = 0; j < dims; j++) data[off + j] = gaussian(random);
    }
    normalizeInPlace(data, off, dims);
  }
  return { dims, count: n, data, itemIds: Int32Array.from({ length: n }, (_, i) => 1000 + i) };
}

export function randomVector(dims: number, random: () => number): Float32Array {
  const v = new Float32Array(dims);
  for (let j = 0; j < dims; j++) v[j] = gaussian(random);
  return v;
}
