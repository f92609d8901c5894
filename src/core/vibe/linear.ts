import { EigenvalueDecomposition, Matrix, solve } from 'ml-matrix';

/** Principal components of row vectors: x -> components · (x - mean). */
export interface Pca {
  readonly inputDims: number;
  readonly outputDims: number;
  readonly mean: Float64Array;
  /** outputDims rows of inputDims values, ordered by explained variance. */
  readonly components: Float64Array[];
  readonly explainedVariance: number[];
}

/**
 * PCA by randomised subspace iteration (Halko, Martinsson & Tropp 2011): a few passes over the
 * data with a thin (dims x (k + oversampling)) block, then an exact eigen-decomposition of
 * the small projected covariance. Costs O(n · d · k) instead of forming the d x d covariance,
 * which keeps 1280-d poster embeddings fast at catalog scale. Deterministic (seeded start).
 */
export function fitPca(rows: readonly Float32Array[], outputDims: number, iterations = 4): Pca {
  if (rows.length === 0) throw new Error('PCA needs at least one row.');
  const dims = rows[0]!.length;
  const k = Math.min(outputDims, dims, rows.length);
  const width = Math.min(dims, k + 8);
  const mean = new Float64Array(dims);
  for (const row of rows) for (let j = 0; j < dims; j++) mean[j]! += row[j]! / rows.length;

  let basis = seededMatrix(dims, width);
  for (let iteration = 0; iteration < iterations; iteration++) basis = orthonormalColumns(covarianceTimes(rows, mean, basis));
  // Rayleigh-Ritz: eigen-decompose Bᵀ C B (width x width) and rotate the basis.
  const projected = basis.transpose().mmul(covarianceTimes(rows, mean, basis));
  const symmetric = projected.add(projected.transpose()).mul(0.5);
  const eigen = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  const order = eigen.realEigenvalues.map((value, index) => [value, index] as const).sort((a, b) => b[0] - a[0]);
  const vectors = basis.mmul(eigen.eigenvectorMatrix);
  const components: Float64Array[] = [];
  const explainedVariance: number[] = [];
  for (const [value, index] of order.slice(0, k)) {
    const component = Float64Array.from(vectors.getColumn(index));
    // Fix the sign so the same data always gives the same components.
    const largest = component.reduce((best, value2, j) => (Math.abs(value2) > Math.abs(component[best]!) ? j : best), 0);
    if (component[largest]! < 0) for (let j = 0; j < dims; j++) component[j] = -component[j]!;
    components.push(component);
    explainedVariance.push(Math.max(0, value));
  }
  return { inputDims: dims, outputDims: components.length, mean, components, explainedVariance };
}

export function projectPca(pca: Pca, row: Float32Array, out = new Float32Array(pca.outputDims)): Float32Array {
  for (let c = 0; c < pca.outputDims; c++) {
    const component = pca.components[c]!;
    let sum = 0;
    for (let j = 0; j < pca.inputDims; j++) sum += component[j]! * (row[j]! - pca.mean[j]!);
    out[c] = sum;
  }
  return out;
}

/** C·B for the centred data's covariance C = Xcᵀ Xc / n, without forming C. */
function covarianceTimes(rows: readonly Float32Array[], mean: Float64Array, basis: Matrix): Matrix {
  const dims = basis.rows;
  const width = basis.columns;
  const b = Float64Array.from(basis.to1DArray());
  const result = new Float64Array(dims * width);
  const projection = new Float64Array(width);
  const centred = new Float64Array(dims);
  for (const row of rows) {
    for (let j = 0; j < dims; j++) centred[j] = row[j]! - mean[j]!;
    projection.fill(0);
    for (let j = 0; j < dims; j++) {
      const value = centred[j]!;
      if (value === 0) continue;
      const base = j * width;
      for (let c = 0; c < width; c++) projection[c]! += value * b[base + c]!;
    }
    for (let j = 0; j < dims; j++) {
      const value = centred[j]! / rows.length;
      if (value === 0) continue;
      const base = j * width;
      for (let c = 0; c < width; c++) result[base + c]! += value * projection[c]!;
    }
  }
  return Matrix.from1DArray(dims, width, result);
}

function orthonormalColumns(matrix: Matrix): Matrix {
  // Modified Gram-Schmidt; columns that vanish are replaced by zero columns.
  const columns = Array.from({ length: matrix.columns }, (_, c) => Float64Array.from(matrix.getColumn(c)));
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    for (let p = 0; p < c; p++) {
      const previous = columns[p]!;
      let dot = 0;
      for (let j = 0; j < column.length; j++) dot += column[j]! * previous[j]!;
      for (let j = 0; j < column.length; j++) column[j]! -= dot * previous[j]!;
    }
    const norm = Math.hypot(...column);
    for (let j = 0; j < column.length; j++) column[j] = norm > 1e-12 ? column[j]! / norm : 0;
  }
  const result = Matrix.zeros(matrix.rows, matrix.columns);
  columns.forEach((column, c) => result.setColumn(c, [...column]));
  return result;
}

function seededMatrix(rows: number, columns: number, seed = 0x9e3779b9): Matrix {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 0x100000000 - 0.5;
  };
  return Matrix.from1DArray(rows, columns, Array.from({ length: rows * columns }, next));
}

/** Ridge regression Y ≈ [X, 1] · W, W = (XᵀX + λI)⁻¹ XᵀY (the bias is not penalised). */
export interface RidgeMap {
  readonly inputDims: number;
  readonly outputDims: number;
  /** (inputDims + 1) rows of outputDims values; the last row is the bias. */
  readonly weights: Float64Array[];
}

export function fitRidge(inputs: readonly ArrayLike<number>[], outputs: readonly ArrayLike<number>[], lambda = 1): RidgeMap {
  if (inputs.length === 0 || inputs.length !== outputs.length) throw new Error('Ridge regression needs as many outputs as inputs, and at least one.');
  const inputDims = inputs[0]!.length;
  const outputDims = outputs[0]!.length;
  const x = new Matrix(inputs.map((row) => [...Array.from(row), 1]));
  const y = new Matrix(outputs.map((row) => Array.from(row)));
  const penalty = Matrix.eye(inputDims + 1).mul(lambda);
  penalty.set(inputDims, inputDims, 0);
  const weights = solve(x.transpose().mmul(x).add(penalty), x.transpose().mmul(y));
  return { inputDims, outputDims, weights: Array.from({ length: inputDims + 1 }, (_, r) => Float64Array.from(weights.getRow(r))) };
}

export function applyRidge(map: RidgeMap, input: ArrayLike<number>, out = new Float32Array(map.outputDims)): Float32Array {
  for (let o = 0; o < map.outputDims; o++) {
    let sum = map.weights[map.inputDims]![o]!;
    for (let i = 0; i < map.inputDims; i++) sum += input[i]! * map.weights[i]![o]!;
    out[o] = sum;
  }
  return out;
}
