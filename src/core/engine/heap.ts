/**
 * Bounded min-heap for top-k selection. The root is the worst kept entry; "worse" means a lower
 * score, or an equal score and a higher row index, so the kept set and its order are
 * deterministic: exactly the first k entries of the list sorted by (score desc, row asc).
 */
export class TopKHeap {
  readonly capacity: number;
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  private n = 0;

  constructor(k: number) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    this.capacity = k;
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  get size(): number {
    return this.n;
  }

  get full(): boolean {
    return this.n === this.capacity;
  }

  /** The worst kept score once the heap is full (a candidate must beat it), else -Infinity. */
  get threshold(): number {
    return this.n === this.capacity && this.n > 0 ? this.scores[0]! : -Infinity;
  }

  /** Offers an entry; returns whether it was kept. */
  push(score: number, row: number): boolean {
    const k = this.capacity;
    if (k === 0) return false;
    const scores = this.scores;
    const rows = this.rows;
    if (this.n < k) {
      // sift up
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const ps = scores[parent]!;
        if (ps < score || (ps === score && rows[parent]! > row)) break;
        scores[i] = ps;
        rows[i] = rows[parent]!;
        i = parent;
      }
      scores[i] = score;
      rows[i] = row;
      return true;
    }
    const rootScore = scores[0]!;
    if (score < rootScore || (score === rootScore && row > rows[0]!)) return false;
    // replace the root and sift down
    const n = this.n;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      let child = left;
      const right = left + 1;
      if (right < n) {
        const ls = scores[left]!;
        const rs = scores[right]!;
        if (rs < ls || (rs === ls && rows[right]! > rows[left]!)) child = right;
      }
      const cs = scores[child]!;
      if (score < cs || (score === cs && row > rows[child]!)) break;
      scores[i] = cs;
      rows[i] = rows[child]!;
      i = child;
    }
    scores[i] = score;
    rows[i] = row;
    return true;
  }

  clear(): void {
    this.n = 0;
  }

  /** The kept entries, best first (score desc, row asc). */
  sorted(): { rows: Int32Array; scores: Float64Array } {
    const n = this.n;
    const order = Array.from({ length: n }, (_, i) => i);
    const scores = this.scores;
    const rows = this.rows;
    order.sort((a, b) => scores[b]! - scores[a]! || rows[a]! - rows[b]!);
    const outRows = new Int32Array(n);
    const outScores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      outRows[i] = rows[order[i]!]!;
      outScores[i] = scores[order[i]!]!;
    }
    return { rows: outRows, scores: outScores };
  }
}

/**
 * Min-heap of the k largest values seen (values only, no ties to break): after all pushes,
 * `threshold` is the k-th largest value, or -Infinity if fewer than k were pushed.
 */
export class KthLargest {
  readonly capacity: number;
  private readonly values: Float64Array;
  private n = 0;
  /** The current k-th largest (the root) once full, else -Infinity. */
  threshold = -Infinity;

  constructor(k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
    this.capacity = k;
    this.values = new Float64Array(k);
  }

  push(value: number): void {
    const values = this.values;
    const k = this.capacity;
    if (this.n < k) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (values[parent]! <= value) break;
        values[i] = values[parent]!;
        i = parent;
      }
      values[i] = value;
      if (this.n === k) this.threshold = values[0]!;
      return;
    }
    if (value <= values[0]!) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= k) break;
      const right = left + 1;
      const child = right < k && values[right]! < values[left]! ? right : left;
      if (value <= values[child]!) break;
      values[i] = values[child]!;
      i = child;
    }
    values[i] = value;
    this.threshold = values[0]!;
  }
}
