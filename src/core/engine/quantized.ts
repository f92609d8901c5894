import { KthLargest, TopKHeap } from './heap.js';
import type { Kernel } from './kernel.js';
import { CAND_SLOT_ROWS, CAND_SLOTS, queryRegion, rowsInPlace, type RowBlock, type StorageLayout, type StorageViews } from './storage.js';

/**
 * Exact top-k through an int8 pre-scan.
 *
 * Rows are quantised per row, symmetrically: x[j] ~ a * q[j] with q[j] in [-127, 127] and
 * a = max|x| / 127. The (normalised, float32) query y is quantised to int16: y[j] ~ b * p[j],
 * b = max|y| / 32767. The kernel computes I = sum_j q[j] p[j] exactly in int32, and the
 * approximate score is A = a * b * I.
 *
 * Error bound (per row). With ex[j] = x[j] - a q[j] and ey[j] = y[j] - b p[j],
 *   x[j] y[j] - (a q[j])(b p[j]) = x[j] (y[j] - b p[j]) + (x[j] - a q[j]) b p[j]
 *                                = x[j] ey[j] + ex[j] b p[j],
 * so for the real dot product D = sum x[j] y[j]:
 *   |D - A| <= sum |x[j]| |ey[j]| + sum |ex[j]| b |p[j]|
 *           <= Ey * L1(x) + min(Ex * b * L1(p), sum_s ||ex_s|| ||b p_s||)        =: e
 * where Ex = max_j |ex[j]| and L1(x) = sum |x[j]| are stored per row (rounded up, see
 * storage.ts and kernel.wat: the real residuals, not the a/2 worst case), and
 * Ey = max_j |ey[j]|, L1(p) = sum |p[j]| are per query. (With Ex <= a/2 this is the textbook
 * (a/2) b L1(p) + (b'/2) L1(x) bound; the int16 query makes the second term ~256x smaller.)
 * The second bound is Cauchy-Schwarz over segments of 16 columns: ||ex_s|| is stored per row and
 * segment, ||b p_s|| per query (both rounded up). A vibe vector's one-hot blocks quantise without
 * residual while the query's weight sits largely in them (the era fit of a song-target query), so
 * on a million songs this left 130 to 800 rows with hi >= T where the first bound left 1,600 to
 * 120,000.
 *
 * The exact score F (exact.ts: float32 products summed in double, rounded to float32) differs
 * from D by at most 2^-24 |D| + dims 2^-53 sum |x y|; computing A and e in double adds ~1e-16
 * relative. A margin m = e + 1e-6 (1 + |A| + e) covers all of it for any rows of norm < ~1e3,
 * so every row has F in [lo, hi] = [A - m, A + m].
 *
 * Selection. Let T be the k-th largest lo over the allowed rows. At least k rows have
 * F >= lo >= T, so the k-th best exact score is >= T and every row of the exact top-k
 * (ties included) has hi >= F >= T. The candidates are therefore the rows with hi >= T; they are
 * re-ranked with exact scores (the kernel's `exact`, bit for bit exactDot's), which yields exactly the reference ranking. In one pass: T only grows
 * while the k lower bounds are collected, so rows are kept when hi >= the running T and filtered
 * by the final T at the end. The kernel drops rows before they reach this code only when even a
 * generous f32 upper bound is below the running T (kernel.wat), which changes nothing above.
 */

/** Per-query constants of the bound (see above). */
export interface QuantizedQuery {
  /** Query scale b. */
  readonly b: number;
  /** Ey: upper bound of max |y[j] - b p[j]|. */
  readonly ey: number;
  /** b * L1(p), rounded up. */
  readonly bl1p: number;
}

/**
 * Quantises the normalised float32 query into `outI16` (length stride; padding zeroed) and writes
 * its norm per segment of 16 columns, ||b p_s||, into `outSegs` (stride / 16 values).
 * Rounding: b and b * p[j] are doubles, so Ey, b * L1(p) and the segment norms are computed with
 * ~1e-16 relative error and widened by 1e-9 relative plus a tiny absolute term; the segment norms
 * are rounded up to f32 and widened by 1 + (segments + 2) * 2^-23 more for the kernel's f32 sum
 * of the segment terms (kernel.wat).
 */
export function quantizeQuery(query: Float32Array, dims: number, outI16: Int16Array, outSegs: Float32Array): QuantizedQuery {
  let mx = 0;
  for (let j = 0; j < dims; j++) mx = Math.max(mx, Math.abs(query[j]!));
  outI16.fill(0);
  outSegs.fill(0);
  if (mx === 0) return { b: 0, ey: 0, bl1p: 0 };
  const b = mx / 32767;
  let ey = 0;
  let l1p = 0;
  for (let j = 0; j < dims; j++) {
    const y = query[j]!;
    const p = Math.max(-32767, Math.min(32767, Math.round(y / b)));
    outI16[j] = p;
    l1p += Math.abs(p);
    ey = Math.max(ey, Math.abs(y - b * p));
  }
  const segments = outSegs.length;
  const widen = (1 + 1e-9) * (1 + (segments + 2) * 2 ** -23);
  for (let segment = 0; segment < segments; segment++) {
    let squares = 0;
    for (let j = segment * 16; j < Math.min(dims, segment * 16 + 16); j++) squares += outI16[j]! * outI16[j]!;
    outSegs[segment] = roundUpF32(b * Math.sqrt(squares) * widen);
  }
  return { b, ey: ey * (1 + 1e-9) + mx * 2 ** -50, bl1p: b * l1p * (1 + 1e-9) };
}

/** A query of a range scan: quantised (quantizeQuery) into the query slot `slot`. */
export interface SlotQuery {
  readonly slot: number;
  readonly query: QuantizedQuery;
}

/** A scan of one row range, for one or more queries (the rows are read once for all of them). */
export interface RangeScan {
  /** First row: a multiple of 4. */
  readonly start: number;
  readonly end: number;
  readonly k: number;
  /** Use the storage's allow bitset (else every row in the range). */
  readonly useAllow: boolean;
  /**
   * Skip groups of rows none of which is allowed instead of computing them (skipUnallowedBelow):
   * faster only when few rows are allowed, see kernel.wat.
   */
  readonly skipUnallowed?: boolean;
  /** At most QUERY_SLOTS, each in its own slot. */
  readonly queries: readonly SlotQuery[];
}

export interface RangeResult {
  /** Best first (score desc, row asc). */
  readonly rows: Int32Array;
  readonly scores: Float64Array;
  /** Rows re-ranked with exact float dot products. */
  readonly candidates: number;
}

const SLACK = 1e-6;

/**
 * The share of allowed rows below which the scan skips unallowed groups rather than computing
 * them (RangeScan.skipUnallowed). Median of 20 queries over a million 160-d rows on one thread
 * (ms), skipping / computing every group: 50 % allowed 9.1 / 8.8, 15 % 19.6 / 8.8, 8 % 14.3 /
 * 8.8, 5 % 10.8 / 8.9; skipping at 3 % 7.7, 2 % 6.2, 1 % 1.7 (computing costs the same 8.8 at any
 * share: every row is read).
 */
export const SKIP_UNALLOWED_BELOW = 0.04;

/** The certified half-width m of a row's interval [approx - m, approx + m] (see above). */
export function margin(approx: number, e: number): number {
  return e + SLACK * (1 + (approx < 0 ? -approx : approx) + e);
}

/** sum_s segOf[s * segRows + at] * ys[s]: the row's error bound segment by segment (see storage.ts). */
function segmentBound(segOf: Float32Array, at: number, segRows: number, ys: Float32Array, segments: number): number {
  let bound = 0;
  for (let segment = 0; segment < segments; segment++) bound += segOf[segment * segRows + at]! * ys[segment]!;
  return bound;
}

/**
 * A row's certified interval for the exact score, from the dots kernel's output (for tests);
 * `segments`: use the segment bound too (the query's segment norms in query slot 0).
 */
export function rowInterval(views: StorageViews, layout: StorageLayout, query: QuantizedQuery, r: number, segments = true): [number, number] {
  const approx = views.scales[r]! * views.out[r]! * query.b;
  const cheap = views.exs[r]! * query.bl1p;
  const bound = segments ? Math.min(cheap, segmentBound(views.segs, r, layout.capacity, views.queries[0]!.segs, layout.segments)) : cheap;
  const m = margin(approx, query.ey * views.l1s[r]! + bound);
  return [approx - m, approx + m];
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The largest float32 <= v (for the kernel's threshold); -Infinity stays. */
export function roundDownF32(v: number): number {
  f32[0] = v;
  if (f32[0] <= v) return f32[0];
  // f32[0] > v: step one float32 towards -Infinity
  if (f32[0] > 0) u32[0] = u32[0]! - 1;
  else if (f32[0] === 0) u32[0] = 0x80000001;
  else u32[0] = u32[0]! + 1;
  return f32[0];
}

/** The smallest float32 >= v for v >= 0. */
function roundUpF32(v: number): number {
  f32[0] = v;
  if (f32[0] >= v) return f32[0];
  u32[0] = u32[0]! + 1;
  return f32[0];
}

/** Buckets of upper bound the candidates are ordered into for the exact re-rank. */
const EXACT_BUCKETS = 256;

/** Rows in the first kernel call of a range: small, so the threshold rises early. */
const FIRST_BLOCK = 2048;

/** One query's state during a range scan: its certified lower bounds and candidates so far. */
class QueryCandidates {
  readonly lows: KthLargest;
  rows: Int32Array;
  highs: Float64Array;
  n = 0;

  constructor(k: number) {
    this.lows = new KthLargest(k);
    this.rows = new Int32Array(Math.max(64, 4 * k));
    this.highs = new Float64Array(this.rows.length);
  }

  add(row: number, high: number): void {
    if (this.n === this.rows.length) {
      const rows = new Int32Array(this.n * 2);
      rows.set(this.rows);
      this.rows = rows;
      const highs = new Float64Array(this.n * 2);
      highs.set(this.highs);
      this.highs = highs;
    }
    this.rows[this.n] = row;
    this.highs[this.n] = high;
    this.n++;
  }
}

/**
 * Exact top-k of a row range, for each of the scan's queries. The kernel computes the int8 dots
 * block by block and passes on only the rows whose upper bound can still reach the current k-th
 * best lower bound (a conservative f32 pre-filter, see kernel.wat); here each passed row gets its
 * certified interval in double precision, the k-th best lower bound T is maintained, and at the
 * end the rows with hi >= T are re-ranked with exact float dot products. `slot` is the thread's
 * candidate slot. Each query's int16 and float32 forms must already be in its query slot.
 *
 * Several queries are scanned block by block, every query over a block before the next block:
 * a block (CAND_SLOT_ROWS rows, 2.6 MB at 160 dims) stays in the cache after the first query
 * reads it, so the rest compute at the cache's speed rather than memory's. Three queries over a
 * million 160-d rows of the bench catalog on one thread: 35.9 ms, against 42.4 ms one after another.
 */
export function scanRange(
  kernel: Kernel,
  layout: StorageLayout,
  views: StorageViews,
  scan: RangeScan,
  slot = 0,
  /** Called for each row before its exact score is computed (float rows still being loaded). */
  beforeExact?: (row: number) => void,
  /**
   * Where each block's int8 rows are (at most CAND_SLOT_ROWS rows a block): a snapshot's rows
   * staged block by block while its int8 copy is not in place yet; default the storage's own.
   */
  blockOf?: (start: number, end: number) => RowBlock,
): RangeResult[] {
  const { start, end, k, useAllow, queries } = scan;
  if (k <= 0 || end <= start) return queries.map(() => ({ rows: new Int32Array(0), scores: new Float64Array(0), candidates: 0 }));
  if (start % 4 !== 0) throw new RangeError(`range start ${start} is not a multiple of 4`);
  if (!(slot >= 0 && slot < CAND_SLOTS)) throw new RangeError(`bad candidate slot ${slot}`);
  if (new Set(queries.map((query) => query.slot)).size !== queries.length) throw new RangeError('two queries of one scan share a query slot');

  const { cand } = views;
  const { segments } = layout;
  const inPlace = blockOf ? null : rowsInPlace(layout, views);
  const slotBase = slot * CAND_SLOT_ROWS * 2;
  const candPtr = layout.cand + slotBase * 4;
  const allowPtr = useAllow ? layout.allow : 0;
  const scans = queries.map(({ slot: querySlot, query }) => ({
    query,
    region: queryRegion(layout, querySlot),
    segs: views.queries[querySlot]!.segs,
    bF: Math.fround(query.b),
    eyF: roundUpF32(query.ey),
    bl1pF: roundUpF32(query.bl1p),
    found: new QueryCandidates(k),
  }));

  let blockStart = start;
  let blockRows = FIRST_BLOCK;
  while (blockStart < end) {
    const blockEnd = Math.min(end, blockStart + blockRows);
    const block = inPlace ?? blockOf!(blockStart, blockEnd);
    const { scaleOf, l1Of, exOf, segOf, first } = block;
    const segRows = block.segStride / 4;
    for (const { query, region, segs, bF, eyF, bl1pF, found } of scans) {
      const { b, ey, bl1p } = query;
      const { lows } = found;
      const passed = kernel.scan(
        region.i16,
        block.int8 | 0,
        layout.stride,
        blockStart,
        blockEnd,
        allowPtr,
        block.scales | 0,
        block.l1s | 0,
        block.exs | 0,
        candPtr,
        bF,
        eyF,
        bl1pF,
        roundDownF32(lows.threshold),
        scan.skipUnallowed ? 1 : 0,
        block.segs | 0,
        block.segStride,
        region.segs,
      );
      for (let i = 0; i < passed; i++) {
        const r = cand[slotBase + 2 * i]!;
        const at = r - first;
        const approx = scaleOf[at]! * cand[slotBase + 2 * i + 1]! * b;
        const m = margin(approx, ey * l1Of[at]! + Math.min(exOf[at]! * bl1p, segmentBound(segOf, at, segRows, segs, segments)));
        const high = approx + m;
        const t = lows.threshold;
        if (high < t) continue;
        const low = approx - m;
        if (low > t) lows.push(low);
        found.add(r, high);
      }
    }
    blockStart = blockEnd;
    blockRows = CAND_SLOT_ROWS;
  }
  return scans.map(({ region, found }) => rerank(kernel, layout, views, found, k, region.f32, slot, beforeExact));
}

/**
 * Re-ranks one query's candidates best upper bound first, so the exact k-th score is known early and
 * the rest can be left out: a row whose upper bound is below the k-th best exact score cannot
 * enter (its exact score is at most its upper bound), and one whose bound equals it still can
 * (a tie, won by the lower row), so it is scored. At a million songs the bounds leave tens of
 * thousands of rows with hi >= T, most of them far below the k-th score; each exact score is a
 * random 448-byte read (~0.25 µs), so scoring only the top of them is most of a song request.
 * Candidates are ordered by counting them into EXACT_BUCKETS buckets of upper bound.
 */
function rerank(
  kernel: Kernel,
  layout: StorageLayout,
  views: StorageViews,
  found: QueryCandidates,
  k: number,
  queryF32: number,
  slot: number,
  beforeExact: ((row: number) => void) | undefined,
): RangeResult {
  const { cand } = views;
  const slotBase = slot * CAND_SLOT_ROWS * 2;
  const candPtr = layout.cand + slotBase * 4;
  const { rows: candRows, highs: candHighs, n } = found;
  const threshold = found.lows.threshold;
  const heap = new TopKHeap(k);
  let count = 0;
  let highest = -Infinity;
  for (let i = 0; i < n; i++) {
    const high = candHighs[i]!;
    if (high < threshold) continue;
    candRows[count] = candRows[i]!;
    candHighs[count] = high;
    count++;
    if (high > highest) highest = high;
  }
  const width = (highest - threshold) / EXACT_BUCKETS;
  const bucketOf = (high: number) => (width > 0 ? Math.min(EXACT_BUCKETS - 1, Math.floor((highest - high) / width)) : 0);
  // bucketOf never decreases as the bound falls (each step rounds monotonically), so every bound
  // in a later bucket is below every bound in an earlier one; each bucket's largest bound is kept.
  const starts = new Int32Array(EXACT_BUCKETS + 1);
  const largest = new Float64Array(EXACT_BUCKETS).fill(-Infinity);
  for (let i = 0; i < count; i++) {
    const bucket = bucketOf(candHighs[i]!);
    starts[bucket + 1]!++;
    if (candHighs[i]! > largest[bucket]!) largest[bucket] = candHighs[i]!;
  }
  for (let bucket = 0; bucket < EXACT_BUCKETS; bucket++) starts[bucket + 1]! += starts[bucket]!;
  const ordered = new Int32Array(count);
  const next = starts.slice(0, EXACT_BUCKETS);
  for (let i = 0; i < count; i++) ordered[next[bucketOf(candHighs[i]!)]!++] = i;

  // Exact scores are computed by the kernel in batches through the slot (free again once the scan
  // is done): rows in its first half, their float32 scores in its second.
  const exactScores = new Float32Array(cand.buffer, cand.byteOffset + (slotBase + CAND_SLOT_ROWS) * 4, CAND_SLOT_ROWS);
  let candidates = 0;
  let batch = 0;
  const scoreBatch = () => {
    kernel.exact(queryF32, layout.floats, layout.dims, candPtr, batch, candPtr + CAND_SLOT_ROWS * 4);
    for (let i = 0; i < batch; i++) heap.push(exactScores[i]!, cand[slotBase + i]!);
    batch = 0;
  };
  for (let bucket = 0; bucket < EXACT_BUCKETS; bucket++) {
    if (starts[bucket] === starts[bucket + 1]) continue;
    // No bound from here on reaches this bucket's largest.
    if (heap.full && largest[bucket]! < heap.threshold) break;
    for (let at = starts[bucket]!; at < starts[bucket + 1]!; at++) {
      const i = ordered[at]!;
      if (heap.full && candHighs[i]! < heap.threshold) continue;
      const r = candRows[i]!;
      candidates++;
      beforeExact?.(r);
      cand[slotBase + batch++] = r;
      if (batch === CAND_SLOT_ROWS) scoreBatch();
    }
    if (batch > 0) scoreBatch();
  }
  const { rows, scores } = heap.sorted();
  return { rows, scores, candidates };
}
