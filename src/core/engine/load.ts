import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { MAX_PAGES, WASM_PAGE } from './kernel.js';
import { createSharedMemory, ensureMemory, floatsOffset, loadedStorages, planLayout, Storage } from './storage.js';
import type { VectorMatrix } from './types.js';

/**
 * Bulk loaders: vectors go straight from their blobs into the engine's shared memory (the float
 * rows region), which grows in place as rows arrive, so nothing is copied twice and
 * createTopKEngine adopts the result without another copy.
 */

export interface LoadOptions {
  /** Vector length; default: the first blob's length / 4. Needed to load zero rows. */
  readonly dims?: number;
  /** Expected number of rows (only sizes the first allocation). */
  readonly expectedCount?: number;
  /** Rows of room for appends beyond the loaded rows (default count / 8 + 1024). */
  readonly headroom?: number;
}

export interface VectorBlobRow {
  readonly itemId: number;
  /** Little-endian float32 values (a better-sqlite3 BLOB is a Buffer). */
  readonly vector: Uint8Array;
}

/**
 * memcpy into the shared (WebAssembly) memory. Uint8Array#set into a SharedArrayBuffer takes V8's
 * element-by-element path (about 7x slower here); Buffer#copy is a plain memcpy.
 */
function copyBytes(source: Uint8Array, target: Uint8Array, offset: number): void {
  (Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength)).copy(target, offset);
}

/** Bytes per read(2) of readFully: the bounce buffer's size. */
const READ_CHUNK = 4 << 20;
let bounce: Buffer | undefined;

/**
 * Reads exactly `target.byteLength` bytes at `position`, through a reused bounce buffer copied on
 * with memcpy. Reading straight into fresh memory made its pages slow at their first access from
 * user space: on this VM a first scan of a million int8 rows read straight into the shared memory
 * took 270-360 ms, against 50 ms after reading through the bounce buffer (and 10 ms once warm),
 * while the loads themselves took as long (0.5-0.6 s for 160 MB).
 */
export function readFully(fd: number, target: Uint8Array, position: number): void {
  readAt(fd, target, position, (bounce ??= Buffer.allocUnsafe(READ_CHUNK)));
}

/** readFully straight into `target`: for a buffer reused across reads, whose pages are touched already. */
export function readStraight(fd: number, target: Uint8Array, position: number): void {
  readAt(fd, target, position, null);
}

function readAt(fd: number, target: Uint8Array, position: number, via: Buffer | null): void {
  for (let done = 0; done < target.byteLength;) {
    const wanted = Math.min(target.byteLength - done, via ? via.byteLength : 1 << 26);
    const read = via ? fs.readSync(fd, via, 0, wanted, position + done) : fs.readSync(fd, target, done, wanted, position + done);
    if (read === 0) throw new RangeError(`vector snapshot ended early (${done} of ${target.byteLength} bytes)`);
    if (via) copyBytes(via.subarray(0, read), target, done);
    done += read;
  }
}

/** Collects float32 rows into a growing shared memory; finish() makes the VectorMatrix. */
export class MatrixBuilder {
  private dims = 0;
  private floatsAt = 0;
  private memory: WebAssembly.Memory | null = null;
  private bytes: Uint8Array = new Uint8Array(0);
  private ids = new Int32Array(0);
  private rowBytes = 0;
  count = 0;

  constructor(private readonly options: LoadOptions) {
    if (options.dims !== undefined) this.init(options.dims);
  }

  private setDims(dims: number): void {
    if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`bad vector length: ${dims} dims`);
    planLayout(dims, 64); // validates dims
    this.dims = dims;
    this.rowBytes = dims * 4;
    this.floatsAt = floatsOffset(dims);
  }

  private init(dims: number): void {
    this.setDims(dims);
    const rows = Math.max(1024, this.options.expectedCount ?? 0);
    this.memory = createSharedMemory(this.floatsAt + rows * this.rowBytes, MAX_PAGES);
    this.refresh();
    this.ids = new Int32Array(rows);
  }

  private refresh(): void {
    this.bytes = new Uint8Array(this.memory!.buffer);
  }

  /** Makes room for `rows` rows in total. */
  reserve(rows: number): void {
    if (rows <= this.ids.length) return;
    const target = Math.max(rows, Math.ceil(this.ids.length * 1.5));
    ensureMemory(this.memory!, this.floatsAt + target * this.rowBytes);
    this.refresh();
    const ids = new Int32Array(target);
    ids.set(this.ids.subarray(0, this.count));
    this.ids = ids;
  }

  /** Appends one row from its blob. */
  add(itemId: number, vector: Uint8Array): void {
    if (this.memory === null) this.init(vector.byteLength / 4);
    if (vector.byteLength !== this.rowBytes) {
      throw new RangeError(`item ${itemId}: vector has ${vector.byteLength} bytes, expected ${this.rowBytes} (${this.dims} float32 dims)`);
    }
    if (this.count === this.ids.length) this.reserve(this.count + 1);
    copyBytes(vector, this.bytes, this.floatsAt + this.count * this.rowBytes);
    this.ids[this.count++] = itemId;
  }

  /** Appends `n` rows: their vectors concatenated in `vectors`, their ids as big-endian int32 in `ids`. */
  addChunk(n: number, vectors: Uint8Array, ids: Uint8Array): void {
    if (this.memory === null) this.init(vectors.byteLength / 4 / n);
    if (vectors.byteLength !== n * this.rowBytes || ids.byteLength !== n * 4) {
      throw new RangeError(`a chunk of ${n} rows has ${vectors.byteLength} vector bytes (expected ${n * this.rowBytes}) and ${ids.byteLength} id bytes`);
    }
    this.reserve(this.count + n);
    copyBytes(vectors, this.bytes, this.floatsAt + this.count * this.rowBytes);
    const view = new DataView(ids.buffer, ids.byteOffset, ids.byteLength);
    for (let i = 0; i < n; i++) this.ids[this.count + i] = view.getInt32(i * 4, false);
    this.count += n;
  }

  /** Appends `n` rows whose floats are not read yet (zeros until a PendingRows reads them). */
  addUnread(n: number, ids: Int32Array): void {
    if (this.memory === null) throw new RangeError('addUnread needs options.dims');
    this.reserve(this.count + n);
    this.ids.set(ids, this.count);
    this.count += n;
  }

  /** Appends `n` rows read straight from a file (vectors at `position`), with their ids. */
  addFromFile(fd: number, position: number, n: number, ids: Int32Array): void {
    if (this.memory === null) throw new RangeError('addFromFile needs options.dims');
    this.reserve(this.count + n);
    const start = this.floatsAt + this.count * this.rowBytes;
    readFully(fd, this.bytes.subarray(start, start + n * this.rowBytes), position);
    this.ids.set(ids, this.count);
    this.count += n;
  }

  /** The rows so far, to hand to another thread (matrixFromHandOff), which then owns them. */
  handOff(): MatrixHandOff {
    if (this.memory === null) throw new RangeError('handOff needs options.dims');
    return { memory: this.memory, dims: this.dims, count: this.count, itemIds: this.ids.slice(0, this.count) };
  }

  /** Continues from rows another thread collected (their memory is shared, so nothing is copied). */
  static adopt(handOff: MatrixHandOff): MatrixBuilder {
    const builder = new MatrixBuilder({});
    builder.setDims(handOff.dims);
    builder.memory = handOff.memory;
    builder.refresh();
    builder.ids = handOff.itemIds;
    builder.count = handOff.count;
    return builder;
  }

  finish(): VectorMatrix {
    if (this.memory === null) {
      if (this.options.dims === undefined) throw new RangeError('no vectors: pass options.dims to load an empty matrix');
      this.init(this.options.dims);
    }
    const headroom = this.options.headroom ?? Math.floor(this.count / 8) + 1024;
    const layout = planLayout(this.dims, this.count + Math.max(0, headroom));
    if (layout.byteLength > MAX_PAGES * WASM_PAGE) throw new RangeError('matrix too large');
    const storage = new Storage(this.memory!, layout, this.count, this.ids);
    const matrix: VectorMatrix = {
      dims: this.dims,
      count: this.count,
      data: storage.views.floats.subarray(0, this.count * this.dims),
      itemIds: storage.itemIds.subarray(0, this.count),
    };
    loadedStorages.set(matrix.data, storage);
    return matrix;
  }
}

/**
 * Builds a VectorMatrix from (itemId, float32 blob) rows, copying each blob straight into one
 * preallocated (and in-place growing) buffer. Row order is iteration order.
 */
export function loadMatrixFromBlobs(rows: Iterable<VectorBlobRow>, options: LoadOptions = {}): VectorMatrix {
  const expectedCount = options.expectedCount ?? (Array.isArray(rows) ? rows.length : undefined);
  const builder = new MatrixBuilder({ ...options, ...(expectedCount !== undefined ? { expectedCount } : {}) });
  for (const row of rows) builder.add(row.itemId, row.vector);
  return builder.finish();
}

/**
 * Rows appended one by one straight into engine memory (a full vibe build encodes a million
 * items this way): the finished matrix's data is writable, and an engine adopts it without a copy.
 */
export function matrixBuilder(
  dims: number,
  expectedCount?: number,
): { add(itemId: number, row: Float32Array): void; finish(): VectorMatrix; handOff(): MatrixHandOff } {
  const builder = new MatrixBuilder({ dims, ...(expectedCount !== undefined ? { expectedCount } : {}) });
  return {
    add: (itemId, row) => builder.add(itemId, new Uint8Array(row.buffer, row.byteOffset, row.byteLength)),
    finish: () => builder.finish(),
    handOff: () => builder.handOff(),
  };
}

/** Rows a worker thread built in shared memory, as posted to another thread (structured-cloneable). */
export interface MatrixHandOff {
  readonly memory: WebAssembly.Memory;
  readonly dims: number;
  readonly count: number;
  readonly itemIds: Int32Array<ArrayBuffer>;
}

/** The matrix of rows another thread built (matrixBuilder().handOff()), without copying them. */
export function matrixFromHandOff(handOff: MatrixHandOff): VectorMatrix {
  return MatrixBuilder.adopt(handOff).finish();
}

export interface DatabaseLoadOptions extends LoadOptions {
  /**
   * 'chunks' (default): SQLite concatenates the vectors (and ids) of up to `chunkRows` rows per
   * result row, so better-sqlite3 crosses into JavaScript once per chunk instead of once per row.
   * 'rows': one result row per vector via `.raw().iterate()`.
   */
  readonly method?: 'chunks' | 'rows';
  /** Rows per chunk for the 'chunks' method (default 4096). */
  readonly chunkRows?: number;
}

/**
 * Which rows of which table hold a matrix: the table has `item_id` and `vector` columns, and
 * `where` (SQL over its columns, with `?` for `params`) picks the rows.
 */
interface VectorRows {
  readonly table: string;
  readonly where: string;
  readonly params: readonly (string | number)[];
}

/** The vectors of one space and item kind in `feature_vectors`. */
export const featureVectorRows = (space: string, itemKind: string): VectorRows => ({
  table: 'feature_vectors',
  where: 'space = ? AND item_kind = ?',
  params: [space, itemKind],
});

/**
 * Loads the vectors of some rows (VectorRows), ordered by item id.
 *
 * The 'chunks' query pages by item id (`item_id > last ORDER BY item_id LIMIT n`, a range scan
 * of the primary key) and aggregates each page into one row: group_concat(vector, '') joins the
 * blobs byte for byte (a BLOB read as TEXT in a UTF-8 database is not converted) and the CAST
 * returns them as a BLOB; the ids travel as 4-byte big-endian blobs (unhex(printf('%08x'))). Both
 * aggregates see the page's rows in the same order, and the lengths are checked. It needs
 * SQLite >= 3.41 (unhex); with an older SQLite or a UTF-16 database it falls back to 'rows'.
 */
export function loadMatrixFromDatabase(db: Database.Database, rows: VectorRows, options: DatabaseLoadOptions = {}): VectorMatrix {
  const builder = new MatrixBuilder(options);
  const method = options.method ?? 'chunks';
  if (method === 'chunks' && chunksSupported(db)) {
    const chunkRows = options.chunkRows ?? 4096;
    const page = db
      .prepare(
        `SELECT count(*), max(item_id), min(item_id), min(length(vector)), max(length(vector)),
                CAST(group_concat(vector, '') AS BLOB),
                CAST(group_concat(unhex(printf('%08x', item_id & 4294967295)), '') AS BLOB)
           FROM (SELECT item_id, vector FROM ${rows.table}
                  WHERE ${rows.where} AND item_id > ?
                  ORDER BY item_id LIMIT ?)`,
      )
      .raw();
    let last: number | bigint = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const row = page.get(...rows.params, last, chunkRows) as [number, number, number, number, number, Buffer, Buffer] | undefined;
      if (!row || row[0] === 0) break;
      const [n, maxId, minId, minLength, maxLength, vectors, ids] = row;
      if (minId < -0x80000000 || maxId > 0x7fffffff) throw new RangeError(`item ids must fit in 32 bits (saw ${minId}..${maxId})`);
      if (minLength !== maxLength)
        throw new RangeError(`vectors of different lengths (${minLength} and ${maxLength} bytes) in ${rows.table} (${rows.params.join(', ')})`);
      builder.addChunk(n, vectors, ids);
      last = maxId;
      if (n < chunkRows) break;
    }
  } else {
    const each = db
      .prepare(`SELECT item_id, vector FROM ${rows.table} WHERE ${rows.where} ORDER BY item_id`)
      .raw()
      .iterate(...rows.params) as IterableIterator<[number, Buffer]>;
    for (const [itemId, vector] of each) builder.add(itemId, vector);
  }
  return builder.finish();
}

/**
 * Rows of `matrix` whose floats were rewritten in place after an engine used it (a full build
 * writes each item's exposure once an engine has measured it): their int8 copies, which the next
 * engine or snapshot would otherwise take as they were, are made again now.
 */
export function rowsRewritten(matrix: VectorMatrix, rows: Iterable<number>): void {
  const storage = loadedStorages.get(matrix.data);
  if (!storage) return;
  storage.pendingRows?.loadAll();
  for (const row of rows) if (row < storage.quantizedRows) storage.quantizeRows(row, row + 1);
}

function chunksSupported(db: Database.Database): boolean {
  try {
    const encoding = db.pragma('encoding', { simple: true });
    const hex = db.prepare(`SELECT hex(unhex('0a0b'))`).pluck().get();
    return encoding === 'UTF-8' && hex === '0A0B';
  } catch {
    return false;
  }
}
