/**
 * Ranking metrics for the evaluation. Everything works on scores aligned with a candidate list
 * (see Recommender in types.ts), so ranks are exact over the whole catalog, not cut at a top-k.
 */

/**
 * How tied scores count. A scorer that gives many candidates the same score (popularity with
 * integer values, a genre vector shared by thousands of songs) would otherwise be rewarded or
 * punished by the arbitrary order of ties.
 * - 'pessimistic': the true partner comes after every candidate it ties with.
 * - 'optimistic': before all of them.
 * - 'average' (default): the mean of the two, which is the expected rank when ties are broken
 *   uniformly at random; it can be fractional (a tie of 4 above rank 10 gives 11.5 + …).
 */
export type TieMode = 'pessimistic' | 'average' | 'optimistic';

/** Scores NaN (cannot score) rank below every real score. */
const scoreOf = (value: number): number => (Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value);

/**
 * The 1-based rank of the true partner among all candidates.
 *
 * With several true partners (a movie with five soundtrack songs), the rank is that of the best
 * scored one, and the other partners are not counted as ranked above it ("filtered" ranking):
 * finding any one of them is a hit, and a movie with many songs is not penalised for them
 * crowding each other out.
 *
 * @param scores one score per candidate, higher is better
 * @param relevant indexes into `scores` of the true partners (at least one)
 */
export function rankOf(scores: ArrayLike<number>, relevant: readonly number[], ties: TieMode = 'average'): number {
  if (relevant.length === 0) throw new RangeError('rankOf needs at least one relevant candidate.');
  const isRelevant = new Set(relevant);
  let best = Number.NEGATIVE_INFINITY;
  for (const index of isRelevant) {
    if (index < 0 || index >= scores.length) throw new RangeError(`relevant index ${index} is outside the ${scores.length} candidates.`);
    best = Math.max(best, scoreOf(scores[index]!));
  }
  let above = 0;
  let tied = 0;
  for (let index = 0; index < scores.length; index++) {
    if (isRelevant.has(index)) continue;
    const score = scoreOf(scores[index]!);
    if (score > best) above++;
    else if (score === best) tied++;
  }
  if (ties === 'optimistic') return above + 1;
  if (ties === 'pessimistic') return above + tied + 1;
  return above + tied / 2 + 1;
}

/** Share of queries whose rank is at most k (Recall@k with one hit per query, as "HitRate@k"). */
export function recallAtK(ranks: readonly number[], k: number): number {
  if (ranks.length === 0) return Number.NaN;
  return ranks.filter((rank) => rank <= k).length / ranks.length;
}

/** Mean reciprocal rank. */
export function meanReciprocalRank(ranks: readonly number[]): number {
  if (ranks.length === 0) return Number.NaN;
  return ranks.reduce((sum, rank) => sum + 1 / rank, 0) / ranks.length;
}

/** Median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const medianRank = median;

/**
 * Indexes of the k best scores, best first; equal scores keep candidate order (lower index
 * first) so lists are reproducible. NaN scores never make the list. `exclude` holds indexes to
 * leave out (for same-kind queries: the picks themselves).
 */
export function topK(scores: ArrayLike<number>, k: number, exclude: ReadonlySet<number> = new Set()): number[] {
  const heap: number[] = [];
  // Worse-first comparison: a is worse than b when its score is lower, or equal at a later index.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  for (let index = 0; index < scores.length; index++) {
    if (exclude.has(index) || Number.isNaN(scores[index]!)) continue;
    if (heap.length < k) {
      heap.push(index);
      siftUp(heap, heap.length - 1, worse);
    } else if (k > 0 && worse(heap[0]!, index)) {
      heap[0] = index;
      siftDown(heap, 0, worse);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

function siftUp(heap: number[], at: number, worse: (a: number, b: number) => boolean): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(heap[at]!, heap[parent]!)) return;
    [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
    at = parent;
  }
}

function siftDown(heap: number[], at: number, worse: (a: number, b: number) => boolean): void {
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let smallest = at;
    if (left < heap.length && worse(heap[left]!, heap[smallest]!)) smallest = left;
    if (right < heap.length && worse(heap[right]!, heap[smallest]!)) smallest = right;
    if (smallest === at) return;
    [heap[at], heap[smallest]] = [heap[smallest]!, heap[at]!];
    at = smallest;
  }
}

export interface Coverage {
  /** Distinct items across all lists. */
  readonly distinct: number;
  /** distinct / catalogSize: how much of the catalog is ever recommended. */
  readonly share: number;
}

/** Catalog coverage of a set of top-k lists (item ids or candidate indexes, either works). */
export function coverage(lists: readonly (readonly number[])[], catalogSize: number): Coverage {
  const distinct = new Set(lists.flat()).size;
  return { distinct, share: catalogSize === 0 ? Number.NaN : distinct / catalogSize };
}

export interface MostRecommended {
  /** The item in the most lists (the lowest id among equals), or null for no lists. */
  readonly item: number | null;
  /** Lists it appears in. */
  readonly lists: number;
  /**
   * lists / number of lists: 1 means every query got it. A popularity-biased or collapsed
   * scorer shows up here long before it shows in recall.
   */
  readonly share: number;
}

export function mostRecommended(lists: readonly (readonly number[])[]): MostRecommended {
  const counts = new Map<number, number>();
  for (const list of lists) for (const item of new Set(list)) counts.set(item, (counts.get(item) ?? 0) + 1);
  let item: number | null = null;
  let most = 0;
  for (const [candidate, count] of counts) {
    if (count > most || (count === most && item !== null && candidate < item)) {
      item = candidate;
      most = count;
    }
  }
  return { item, lists: most, share: lists.length === 0 ? Number.NaN : most / lists.length };
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (numpy's default),
 * so p50 of [1, 2, 3, 4] is 2.5 and p95 of a short sample is not just its maximum.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0–100.`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Summary of per-query latencies in milliseconds. */
export function latencySummary(samplesMs: readonly number[]): LatencySummary {
  return {
    count: samplesMs.length,
    meanMs: samplesMs.length === 0 ? Number.NaN : samplesMs.reduce((sum, value) => sum + value, 0) / samplesMs.length,
    p50Ms: percentile(samplesMs, 50),
    p95Ms: percentile(samplesMs, 95),
    p99Ms: percentile(samplesMs, 99),
    maxMs: samplesMs.length === 0 ? Number.NaN : samplesMs.reduce((max, value) => Math.max(max, value), Number.NEGATIVE_INFINITY),
  };
}

/** Runs `fn` and returns its result with the wall time it took in milliseconds. */
export function timed<T>(fn: () => T): { readonly value: T; readonly ms: number } {
  const started = performance.now();
  const value = fn();
  return { value, ms: performance.now() - started };
}
