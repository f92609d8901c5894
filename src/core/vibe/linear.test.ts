import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { applyRidge, fitPca, fitRidge, projectPca } from './linear.js';

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x100000000 - 0.5;
  };
}

describe('fitPca', () => {
  it('finds the same leading components as an exact eigen-decomposition of the covariance', () => {
    const next = random(7);
    const scales = [5, 3, 2, 0.5, 0.2, 0.1, 0.05, 0.01];
    const rows = Array.from({ length: 400 }, () => Float32Array.from(scales, (scale) => scale * next() + 1));
    const pca = fitPca(rows, 3);
    const mean = scales.map((_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / rows.length);
    const centred = new Matrix(rows.map((row) => Array.from(row, (value, j) => value - mean[j]!)));
    const covariance = centred.transpose().mmul(centred).div(rows.length);
    const exact = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
    const order = exact.realEigenvalues.map((value, index) => [value, index] as const).sort((a, b) => b[0] - a[0]);
    for (let c = 0; c < 3; c++) {
      const expected = exact.eigenvectorMatrix.getColumn(order[c]![1]);
      const dot = expected.reduce((sum, value, j) => sum + value * pca.components[c]![j]!, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 4);
      expect(pca.explainedVariance[c]).toBeCloseTo(order[c]![0], 4);
    }
    const projected = projectPca(pca, rows[0]!);
    expect(projected).toHaveLength(3);
  });
});

describe('fitRidge', () => {
  it('recovers a linear map with bias from noiseless data', () => {
    const next = random(3);
    const inputs = Array.from({ length: 50 }, () => [next(), next()]);
    const outputs = inputs.map(([a, b]) => [2 * a! - b! + 0.5, a! + 3]);
    const map = fitRidge(inputs, outputs, 1e-9);
    const predicted = applyRidge(map, [0.25, -0.5]);
    expect(predicted[0]).toBeCloseTo(2 * 0.25 + 0.5 + 0.5, 5);
    expect(predicted[1]).toBeCloseTo(3.25, 5);
  });
});
