import { instantiateKernel, MAX_PAGES, WASM_PAGE, type Kernel } from './kernel.js';

/**
 * The engine's memory: one shared WebAssembly.Memory (a SharedArrayBuffer underneath) holding
 * the float32 matrix, its int8 copy, per-row quantisation metadata, and per-query scratch, so
 * worker threads map the same bytes and a query copies nothing but its own vector.
 *
 *   [QUERY_SLOTS x (query i16 | query f32 | query segment norms f32)] [float32 rows: capacity x dims]
 *   [int8 rows: capacity x stride] [scales f32] [l1 f32] [ex f32] [segment norms: segments x capacity f32]
 *   [allow bitset] [out i32] [candidate slots] [stage]   (64-byte aligned)
 *
 * A segment is 16 columns of the stride; each row keeps an upper bound of its int8 residual's
 * norm in each segment (segment-major, so the kernel loads four rows' values at once). With the
 * query's norm per segment they bound a row's error segment by segment (quantized.ts), which is
 * far tighter than the whole row's largest residual times the query's L1 norm when the query's
 * weight and the row's residuals sit in different blocks of the vibe vector.
 *
 * The float rows come first so that a loader can stream rows in without knowing the final count:
 * it grows the memory in place (shared memories never move) and places the other regions once
 * the count is known.
 */
export interface StorageLayout {
  readonly dims: number;
  /** Bytes per int8 row: dims rounded up to a multiple of 16 (padding columns are zero). */
  readonly stride: number;
  /** Rows the regions have room for (a multiple of 64). */
  readonly capacity: number;
  /**
   * Slot 0's query region: its int16 form, its float32 form and its norm per segment (f32,
   * `segments` of them). Slot s's are querySlotBytes * s further on (queryRegion).
   */
  readonly queryI16: number;
  readonly queryF32: number;
  readonly querySegs: number;
  readonly querySlotBytes: number;
  readonly floats: number;
  readonly int8: number;
  readonly scales: number;
  readonly l1s: number;
  readonly exs: number;
  /** Per-row residual norms per segment: segment s of row r at segs + 4 (s * capacity + r). */
  readonly segs: number;
  /** Segments per row: stride / 16. */
  readonly segments: number;
  readonly allow: number;
  readonly out: number;
  /** Candidate slots (one per thread, CAND_SLOT_ROWS pairs of i32 each). */
  readonly cand: number;
  /**
   * Room for one block of CAND_SLOT_ROWS int8 rows with their scales, L1 norms and errors (in
   * that order), read from a snapshot for a search that runs before the int8 copy is in place
   * (PendingRows.stageQuantized). Never touched otherwise, so it costs address space only.
   */
  readonly stage: number;
  readonly byteLength: number;
}

/** Rows per kernel scan call, so a thread's candidate slot (row, dot) never overflows. */
export const CAND_SLOT_ROWS = 16384;
/** Thread slots: the calling thread (0) and up to 16 workers. */
export const CAND_SLOTS = 17;
export const MAX_WORKERS = CAND_SLOTS - 1;
/**
 * Queries one scan can rank together (VectorTopKEngine.searchEach), each in its own query region:
 * the rows are read from memory once for all of them.
 */
export const QUERY_SLOTS = 8;

/** One query slot's addresses (see StorageLayout.queryI16). */
interface QueryRegion {
  readonly i16: number;
  readonly f32: number;
  readonly segs: number;
}

/** Typed-array views of one query slot. */
interface QueryViews {
  readonly i16: Int16Array;
  readonly f32: Float32Array;
  readonly segs: Float32Array;
}

/** Typed-array views of a storage's regions (re-derive them after the memory grows). */
export interface StorageViews {
  /** One per query slot (QUERY_SLOTS). */
  readonly queries: readonly QueryViews[];
  readonly floats: Float32Array;
  readonly int8: Int8Array;
  readonly scales: Float32Array;
  readonly l1s: Float32Array;
  readonly exs: Float32Array;
  /** Segment-major: segment s of row r at s * capacity + r. */
  readonly segs: Float32Array;
  readonly allow: Uint32Array;
  readonly out: Int32Array;
  /** All candidate slots: slot s holds (row, dot) pairs from index s * CAND_SLOT_ROWS * 2. */
  readonly cand: Int32Array;
}

const align64 = (n: number): number => Math.ceil(n / 64) * 64;
export const roundCapacity = (rows: number): number => Math.max(64, Math.ceil(rows / 64) * 64);

/** Offsets of a query slot's parts from its start, and the slot's size. */
function queryParts(dims: number): { f32: number; segs: number; bytes: number } {
  const stride = strideFor(dims);
  const f32 = align64(stride * 2);
  const segs = align64(f32 + dims * 4);
  return { f32, segs, bytes: align64(segs + (stride / 16) * 4) };
}

/** The first query slot's offset (the bytes before it hold the loader's counter, see below). */
const QUERIES_AT = 64;

/** Byte offset of the float rows for a given dims (independent of the capacity). */
export function floatsOffset(dims: number): number {
  return QUERIES_AT + QUERY_SLOTS * queryParts(dims).bytes;
}

/** Query slot `slot`'s addresses. */
export function queryRegion(layout: StorageLayout, slot: number): QueryRegion {
  if (!(Number.isInteger(slot) && slot >= 0 && slot < QUERY_SLOTS)) throw new RangeError(`bad query slot ${slot}`);
  const at = slot * layout.querySlotBytes;
  return { i16: layout.queryI16 + at, f32: layout.queryF32 + at, segs: layout.querySegs + at };
}

export function strideFor(dims: number): number {
  return Math.ceil(dims / 16) * 16;
}

export function planLayout(dims: number, capacityRows: number): StorageLayout {
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`dims must be a positive integer, got ${dims}`);
  if (dims > 4096) throw new RangeError(`dims ${dims} is too large (at most 4096)`);
  const capacity = roundCapacity(capacityRows);
  const stride = strideFor(dims);
  const segments = stride / 16;
  const query = queryParts(dims);
  const queryI16 = QUERIES_AT;
  const queryF32 = queryI16 + query.f32;
  const querySegs = queryI16 + query.segs;
  const floats = floatsOffset(dims);
  const int8 = align64(floats + capacity * dims * 4);
  const scales = align64(int8 + capacity * stride);
  const l1s = align64(scales + capacity * 4);
  const exs = align64(l1s + capacity * 4);
  const segs = align64(exs + capacity * 4);
  const allow = align64(segs + segments * capacity * 4);
  const out = align64(allow + capacity / 8);
  const cand = align64(out + capacity * 4);
  const stage = align64(cand + CAND_SLOTS * CAND_SLOT_ROWS * 8);
  const byteLength = align64(stage + stageBytes(stride));
  if (byteLength > MAX_PAGES * WASM_PAGE) {
    throw new RangeError(`${capacityRows} rows of ${dims} dims need ${byteLength} bytes: more than the 4 GiB a wasm32 memory can address`);
  }
  return {
    dims,
    stride,
    capacity,
    queryI16,
    queryF32,
    querySegs,
    querySlotBytes: query.bytes,
    floats,
    int8,
    scales,
    l1s,
    exs,
    segs,
    segments,
    allow,
    out,
    cand,
    stage,
    byteLength,
  };
}

/**
 * Offsets within the stage region of its int8 rows, scales, L1 norms, errors and segment norms
 * (segment-major, CAND_SLOT_ROWS values per segment).
 */
export function stageParts(stride: number): {
  readonly int8: number;
  readonly scales: number;
  readonly l1s: number;
  readonly exs: number;
  readonly segs: number;
} {
  const int8 = 0;
  const scales = align64(int8 + CAND_SLOT_ROWS * stride);
  const l1s = align64(scales + CAND_SLOT_ROWS * 4);
  const exs = align64(l1s + CAND_SLOT_ROWS * 4);
  const segs = align64(exs + CAND_SLOT_ROWS * 4);
  return { int8, scales, l1s, exs, segs };
}

export function stageBytes(stride: number): number {
  return align64(stageParts(stride).segs + (stride / 16) * CAND_SLOT_ROWS * 4);
}

export function viewsOf(memory: WebAssembly.Memory, layout: StorageLayout): StorageViews {
  const buffer = memory.buffer;
  if (buffer.byteLength < layout.byteLength) throw new RangeError('memory is smaller than its layout');
  const { dims, stride, capacity } = layout;
  return {
    queries: Array.from({ length: QUERY_SLOTS }, (_, slot) => {
      const region = queryRegion(layout, slot);
      return {
        i16: new Int16Array(buffer, region.i16, stride),
        f32: new Float32Array(buffer, region.f32, dims),
        segs: new Float32Array(buffer, region.segs, layout.segments),
      };
    }),
    floats: new Float32Array(buffer, layout.floats, capacity * dims),
    int8: new Int8Array(buffer, layout.int8, capacity * stride),
    scales: new Float32Array(buffer, layout.scales, capacity),
    l1s: new Float32Array(buffer, layout.l1s, capacity),
    exs: new Float32Array(buffer, layout.exs, capacity),
    segs: new Float32Array(buffer, layout.segs, layout.segments * capacity),
    allow: new Uint32Array(buffer, layout.allow, capacity / 32),
    out: new Int32Array(buffer, layout.out, capacity),
    cand: new Int32Array(buffer, layout.cand, CAND_SLOTS * CAND_SLOT_ROWS * 2),
  };
}

function pagesFor(bytes: number): number {
  return Math.ceil(bytes / WASM_PAGE);
}

/** Ensures the memory has at least `bytes` bytes (grows in place; shared memories never move). */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength / WASM_PAGE;
  const need = pagesFor(bytes);
  if (need > have) memory.grow(need - have);
}

/** A shared memory of at least `bytes` bytes that can grow in place up to `maximumPages`. */
export function createSharedMemory(bytes: number, maximumPages = pagesFor(bytes)): WebAssembly.Memory {
  const initial = Math.max(1, pagesFor(bytes));
  return new WebAssembly.Memory({ initial, maximum: Math.min(MAX_PAGES, Math.max(initial, maximumPages)), shared: true });
}

/** Matrices made by the loaders (load.ts), by their data array: an engine adopts these without copying. */
export const loadedStorages = new WeakMap<Float32Array, Storage>();

/**
 * Rows a snapshot loader is still reading in (loadMatrixSnapshot's `lazyRows`). At first the int8
 * copy too is in the file only: a search then reads it block by block into the stage region
 * (stageQuantized). Once the background read has brought it in (quantizedReady), a scan runs as
 * usual, and only float rows marked loaded hold their floats yet.
 */
export interface PendingRows {
  /** True once the int8 copy and its metadata are in place (storage.quantizedRows covers every row). */
  readonly quantizedReady: boolean;
  /** True once the background read has started (a search then waits for the int8 copy rather than streaming it). */
  readonly backgroundStarted: boolean;
  /** Reads rows [start, end) of the int8 copy into the stage region (at most CAND_SLOT_ROWS rows); see RowBlock. */
  stageQuantized(start: number, end: number): RowBlock;
  /** Resolves once the int8 copy is in place (starts the background read). */
  whenQuantized(): Promise<void>;
  /** Makes sure row `row` holds its floats (reads it now if it is still missing). */
  ensureRow(row: number): void;
  /** Reads every missing row now; afterwards the storage has no pending rows. */
  loadAll(): void;
  /** Starts reading the remaining rows in the background (off this thread); idempotent. */
  startBackground(): void;
  /** Reads the background's later chunks with `reader` (the engine's scan threads, once they run). */
  readWith(reader: ChunkReader): void;
  /** The engine's scan threads are starting: the int8 copy waits for them rather than being read on this thread. */
  expectReader(): void;
  /** They will not run (they failed to start): read on this thread after all. */
  noReader(): void;
  /** Resolves once every row is loaded and no read is under way (starts the background read). */
  whenLoaded(): Promise<void>;
}

/**
 * Where the kernel finds a block of rows' int8 copies and metadata: byte addresses such that row
 * r's int8 row is at int8 + r * stride and its scale at scales + 4 r (wrapping modulo 2^32 like
 * the kernel's i32 arithmetic, so a staged block's addresses may start below zero), and the same
 * metadata for this thread at scaleOf[r - first], l1Of[r - first], exOf[r - first].
 */
export interface RowBlock {
  readonly int8: number;
  readonly scales: number;
  readonly l1s: number;
  readonly exs: number;
  /** Segment s of row r at segs + s * segStride + 4 r, and at segOf[s * segStride / 4 + r - first]. */
  readonly segs: number;
  readonly segStride: number;
  readonly scaleOf: Float32Array;
  readonly l1Of: Float32Array;
  readonly exOf: Float32Array;
  readonly segOf: Float32Array;
  readonly first: number;
}

/** The rows in place in the storage: the block every scan uses once the int8 copy is loaded. */
export function rowsInPlace(layout: StorageLayout, views: StorageViews): RowBlock {
  const { int8, scales, l1s, exs, segs, capacity } = layout;
  return { int8, scales, l1s, exs, segs, segStride: capacity * 4, scaleOf: views.scales, l1Of: views.l1s, exOf: views.exs, segOf: views.segs, first: 0 };
}

/**
 * Reads `bytes` bytes of the open file `fd` at `position` into the storage's memory at byte
 * `offset`, off the calling thread; with `countAt`, then adds 1 to the i32 at that byte offset of
 * the memory (Atomics), so the calling thread can tell the read landed before its reply arrives.
 */
export type ChunkReader = (fd: number, position: number, offset: number, bytes: number, countAt?: number) => Promise<void>;

/**
 * Byte offset of the i32 in every storage's memory (before the query region, otherwise unused)
 * where the scan threads count the int8 chunks of a snapshot they have read (ChunkReader's countAt).
 */
export const LANDED_READS = 0;

/** A storage: its memory, layout, views, the rows in use, and a kernel instance for this thread. */
export class Storage {
  /** Set while a snapshot loader is still reading the float rows (see PendingRows). */
  pendingRows: PendingRows | null = null;
  readonly memory: WebAssembly.Memory;
  readonly layout: StorageLayout;
  readonly views: StorageViews;
  readonly kernel: Kernel;
  /** Catalog id per row (main thread only). */
  readonly itemIds: Int32Array;
  count: number;
  /** Rows [0, quantizedRows) have their int8 copy and metadata. */
  quantizedRows = 0;
  /** Set once an engine owns this storage (a second engine over the same matrix copies it). */
  adopted = false;

  constructor(memory: WebAssembly.Memory, layout: StorageLayout, count: number, itemIds?: Int32Array) {
    ensureMemory(memory, layout.byteLength);
    this.memory = memory;
    this.layout = layout;
    this.views = viewsOf(memory, layout);
    this.kernel = instantiateKernel(memory);
    this.count = count;
    if (itemIds && itemIds.length < layout.capacity) {
      const grown = new Int32Array(layout.capacity);
      grown.set(itemIds);
      this.itemIds = grown;
    } else this.itemIds = itemIds ?? new Int32Array(layout.capacity);
  }

  /** A new, empty storage for `capacity` rows. */
  static allocate(dims: number, capacity: number): Storage {
    const layout = planLayout(dims, capacity);
    return new Storage(createSharedMemory(layout.byteLength), layout, 0);
  }

  /** A copy of this storage's rows in a new storage with room for `capacity` rows. */
  grow(capacity: number): Storage {
    this.pendingRows?.loadAll();
    const next = Storage.allocate(this.layout.dims, Math.max(capacity, this.count));
    const n = this.count;
    const { dims, stride } = this.layout;
    const a = this.views;
    const b = next.views;
    b.floats.set(a.floats.subarray(0, n * dims));
    b.int8.set(a.int8.subarray(0, n * stride));
    b.scales.set(a.scales.subarray(0, n));
    b.l1s.set(a.l1s.subarray(0, n));
    b.exs.set(a.exs.subarray(0, n));
    const from = this.layout.capacity;
    const to = next.layout.capacity;
    for (let segment = 0; segment < this.layout.segments; segment++) b.segs.set(a.segs.subarray(segment * from, segment * from + n), segment * to);
    next.itemIds.set(this.itemIds.subarray(0, n));
    next.count = n;
    next.quantizedRows = this.quantizedRows;
    return next;
  }

  /** Quantises rows [start, end) from their float values; throws on a non-finite row. */
  quantizeRows(start: number, end: number): void {
    const bad = quantizeRange(this.kernel, this.layout, this.views, start, end);
    if (bad >= 0) throw new RangeError(`row ${bad} (item ${this.itemIds[bad]}) has a non-finite value`);
  }
}

/**
 * Quantises rows [start, end) (WASM SIMD when dims % 16 == 0, else in JS); returns the first row
 * with a non-finite value, or -1.
 */
export function quantizeRange(kernel: Kernel, layout: StorageLayout, views: StorageViews, start: number, end: number): number {
  if (end <= start) return -1;
  const { dims } = layout;
  if (dims % 16 === 0) kernel.quantize(layout.floats, layout.int8, dims, start, end, layout.scales, layout.l1s, layout.exs, layout.segs, layout.capacity * 4);
  else quantizeRowsJs(views, layout, start, end);
  const { scales, exs, l1s } = views;
  for (let r = start; r < end; r++) {
    if (Number.isFinite(scales[r]!) && Number.isFinite(exs[r]!) && Number.isFinite(l1s[r]!)) continue;
    // f32 overflow of 127 / max for subnormal rows: redo the row in double precision.
    quantizeRowsJs(views, layout, r, r + 1);
    if (!Number.isFinite(scales[r]!) || !Number.isFinite(exs[r]!) || !Number.isFinite(l1s[r]!)) return r;
  }
  return -1;
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** The smallest float32 >= v (v >= 0, finite). */
export function roundUpF32(v: number): number {
  f32Scratch[0] = v;
  if (f32Scratch[0] >= v) return f32Scratch[0];
  u32Scratch[0] = u32Scratch[0]! + 1;
  return f32Scratch[0];
}

/**
 * The same quantisation as the kernel's, in double precision (for dims that are not a multiple
 * of 16; also a reference for tests). a = fround(max/127), q = clamp(round(x/a)); a*q is exact
 * in double (24 + 8 significant bits) and the subtraction x - a*q is correctly rounded (relative
 * error <= 2^-53), the l1 sum errs by at most dims * 2^-53 relative; both are widened by 1e-12
 * relative (plus max * 2^-40 for the residual) and rounded up to float32.
 */
export function quantizeRowsJs(views: StorageViews, layout: StorageLayout, start: number, end: number): void {
  const { dims, stride, capacity, segments } = layout;
  const { floats, int8, scales, l1s, exs, segs } = views;
  const squares = new Float64Array(segments);
  for (let r = start; r < end; r++) {
    const off = r * dims;
    let mx = 0;
    let l1 = 0;
    for (let j = 0; j < dims; j++) {
      const v = Math.abs(floats[off + j]!);
      if (v > mx || Number.isNaN(v)) mx = v;
      l1 += v;
    }
    const a = mx > 0 ? Math.fround(mx / 127) : 0;
    let maxResidual = 0;
    const qoff = r * stride;
    squares.fill(0);
    for (let j = 0; j < dims; j++) {
      const x = floats[off + j]!;
      const q = a > 0 ? Math.max(-127, Math.min(127, Math.round(x / a))) : 0;
      int8[qoff + j] = q;
      const residual = Math.abs(x - a * q);
      if (residual > maxResidual || Number.isNaN(residual)) maxResidual = residual;
      squares[j >>> 4]! += residual * residual;
    }
    for (let j = dims; j < stride; j++) int8[qoff + j] = 0;
    scales[r] = a;
    l1s[r] = Number.isFinite(l1) ? roundUpF32(l1 * (1 + 1e-12)) : NaN;
    exs[r] = Number.isFinite(maxResidual) ? roundUpF32(maxResidual * (1 + 1e-12) + mx * 2 ** -40) : NaN;
    for (let segment = 0; segment < segments; segment++) segs[segment * capacity + r] = segmentNormBound(squares[segment]!, mx);
  }
}

/**
 * A segment's stored residual norm from the sum of its squared residuals worked out in double
 * precision (`max`: the row's largest |x|): each square and the sum err by 2^-53 relative per
 * step, widened by 1e-12 relative, max * 2^-40 and 2^-300 for underflow, rounded up to f32; NaN
 * for a non-finite sum.
 */
export function segmentNormBound(squares: number, max: number): number {
  const norm = Math.sqrt(squares);
  return Number.isFinite(norm) ? roundUpF32(norm * (1 + 1e-12) + max * 2 ** -40 + 2 ** -300) : NaN;
}
