/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares). The ranker has a dozen or two features and tens of thousands of samples, so an exact
 * second-order fit takes milliseconds and needs no learning rate; the penalty is what keeps the
 * few DEV pairs from being memorised.
 */

interface LogisticFit {
  /** One coefficient per feature. */
  readonly coefficients: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
}

interface LogisticOptions {
  /** L2 penalty on the coefficients (not the intercept), on the scale of the summed log-loss. */
  readonly lambda: number;
  readonly maxIterations?: number;
  /** Per-sample weights (default 1). */
  readonly weights?: ArrayLike<number>;
}

/** `features` is row-major: samples × width. */
export function fitLogistic(features: Float64Array, labels: ArrayLike<number>, width: number, options: LogisticOptions): LogisticFit {
  const samples = labels.length;
  if (features.length !== samples * width) throw new Error(`fitLogistic: ${features.length} feature values for ${samples} samples of width ${width}.`);
  const size = width + 1; // the intercept is the last parameter
  const beta = new Float64Array(size);
  const maxIterations = options.maxIterations ?? 50;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gradient = new Float64Array(size);
    const hessian = new Float64Array(size * size);
    for (let sample = 0; sample < samples; sample++) {
      const base = sample * width;
      let z = beta[width]!;
      for (let j = 0; j < width; j++) z += beta[j]! * features[base + j]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = options.weights ? options.weights[sample]! : 1;
      const residual = w * (p - labels[sample]!);
      const curvature = w * Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < size; j++) {
        const xj = j === width ? 1 : features[base + j]!;
        if (xj === 0) continue;
        gradient[j]! += residual * xj;
        for (let l = j; l < size; l++) {
          const xl = l === width ? 1 : features[base + l]!;
          hessian[j * size + l]! += curvature * xj * xl;
        }
      }
    }
    for (let j = 0; j < size; j++) {
      for (let l = 0; l < j; l++) hessian[j * size + l] = hessian[l * size + j]!;
      if (j < width) {
        gradient[j]! += options.lambda * beta[j]!;
        hessian[j * size + j]! += options.lambda;
      }
      hessian[j * size + j]! += 1e-9;
    }
    const step = solve(hessian, gradient, size);
    let change = 0;
    for (let j = 0; j < size; j++) {
      beta[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-7) {
      iterations++;
      break;
    }
  }
  return { coefficients: beta.slice(0, width), intercept: beta[width]!, iterations };
}

/** Gaussian elimination with partial pivoting (the systems are at most a few dozen wide). */
function solve(matrix: Float64Array, vector: Float64Array, size: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(vector);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) if (Math.abs(a[row * size + column]!) > Math.abs(a[pivot * size + column]!)) pivot = row;
    if (pivot !== column) {
      for (let k = 0; k < size; k++) [a[column * size + k], a[pivot * size + k]] = [a[pivot * size + k]!, a[column * size + k]!];
      [b[column], b[pivot]] = [b[pivot]!, b[column]!];
    }
    const diagonal = a[column * size + column]!;
    if (Math.abs(diagonal) < 1e-15) continue;
    for (let row = column + 1; row < size; row++) {
      const factor = a[row * size + column]! / diagonal;
      if (factor === 0) continue;
      for (let k = column; k < size; k++) a[row * size + k]! -= factor * a[column * size + k]!;
      b[row]! -= factor * b[column]!;
    }
  }
  const x = new Float64Array(size);
  for (let row = size - 1; row >= 0; row--) {
    let sum = b[row]!;
    for (let k = row + 1; k < size; k++) sum -= a[row * size + k]! * x[k]!;
    const diagonal = a[row * size + row]!;
    x[row] = Math.abs(diagonal) < 1e-15 ? 0 : sum / diagonal;
  }
  return x;
}

/** The share of (positive, negative) pairs ordered correctly, ties counting half. */
export function sampledAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: labels.length }, (_, index) => index).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++)
      if (labels[order[index]!] === 1) {
        rankSum += averageRank;
        positives++;
      }
    start = end + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
