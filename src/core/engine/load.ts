import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { MAX_PAGES, WASM_PAGE } from './kernel.js';
import { createSharedMemory, ensureMemory, floatsOffset, loadedStorages, planLayout, Storage, strideFor, type PendingFloats } from './storage.js';
import { rowOfItem } from './row-of-item.js';
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

/** Collects float32 rows into a growing shared memory; finish() makes the VectorMatrix. */
class MatrixBuilder {
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

  /** Appends `n` rows whose floats are not read yet (zeros until a PendingFloats reads them). */
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
    const total = n * this.rowBytes;
    for (let done = 0; done < total;) {
      const read = fs.readSync(fd, this.bytes, start + done, Math.min(total - done, 1 << 26), position + done);
      if (read === 0) throw new RangeError(`vector snapshot ended early (${done} of ${total} bytes)`);
      done += read;
    }
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
 * Snapshots: a matrix as one file (a JSON header padded to SNAPSHOT_HEADER bytes, the ids as
 * int32, the float32 rows, then the engine's int8 copy of them: the int8 rows at the engine's
 * stride and the per-row scales, L1 norms and errors), read back with a few large reads straight
 * into the engine's memory. With the int8 rows stored, an engine over a loaded snapshot does not
 * quantise a million rows at start (the same kernel made them, so they are the same bytes).
 * SQLite stays the source of truth; a snapshot is a cache keyed by `tag` (what the caller loaded it
 * from), and any mismatch or damage (or an older format) means "load from SQLite instead".
 */
const SNAPSHOT_HEADER = 4096;
const SNAPSHOT_MAGIC = 'crossfade-vectors-2';

function snapshotBytes(count: number, dims: number): number {
  return SNAPSHOT_HEADER + count * 4 + count * dims * 4 + count * strideFor(dims) + 3 * count * 4;
}

/** The quantised regions of `storage`'s first `count` rows, as byte views in file order. */
function quantizedParts(storage: Storage, count: number): Uint8Array[] {
  const { stride } = storage.layout;
  const { int8, scales, l1s, exs } = storage.views;
  return [
    new Uint8Array(int8.buffer, int8.byteOffset, count * stride),
    ...[scales, l1s, exs].map((view) => new Uint8Array(view.buffer, view.byteOffset, count * 4)),
  ];
}

/**
 * Rows of `matrix` whose floats were rewritten in place after an engine used it (a full build
 * writes each item's exposure once an engine has measured it): their int8 copies, which the next
 * engine or snapshot would otherwise take as they were, are made again now.
 */
export function rowsRewritten(matrix: VectorMatrix, rows: Iterable<number>): void {
  const storage = loadedStorages.get(matrix.data);
  if (!storage) return;
  for (const row of rows) if (row < storage.quantizedRows) storage.quantizeRows(row, row + 1);
}

export function writeMatrixSnapshot(file: string, matrix: VectorMatrix, tag: string): void {
  const header = Buffer.alloc(SNAPSHOT_HEADER, 0x20);
  const json = JSON.stringify({ magic: SNAPSHOT_MAGIC, tag, count: matrix.count, dims: matrix.dims });
  if (Buffer.byteLength(json) > SNAPSHOT_HEADER) throw new RangeError('snapshot tag too long');
  header.write(json);
  // The int8 rows: the loader's own storage quantised in place (an engine adopting it then skips
  // that work), or a scratch storage for a matrix from elsewhere.
  const loaded = loadedStorages.get(matrix.data);
  loaded?.pendingFloats?.loadAll();
  let storage: Storage;
  if (loaded && loaded.count === matrix.count && loaded.layout.dims === matrix.dims) storage = loaded;
  else {
    storage = Storage.allocate(matrix.dims, matrix.count);
    storage.views.floats.set(matrix.data.subarray(0, matrix.count * matrix.dims));
    storage.count = matrix.count;
  }
  if (storage.quantizedRows < matrix.count) {
    storage.quantizeRows(storage.quantizedRows, matrix.count);
    storage.quantizedRows = matrix.count;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    fs.writeSync(fd, header);
    fs.writeSync(fd, new Uint8Array(matrix.itemIds.buffer, matrix.itemIds.byteOffset, matrix.count * 4));
    fs.writeSync(fd, new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, matrix.count * matrix.dims * 4));
    for (const part of quantizedParts(storage, matrix.count)) fs.writeSync(fd, part);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // Rename last, so a reader never sees a half-written snapshot.
  fs.renameSync(temporary, file);
}

/** Reads exactly `target.byteLength` bytes at `position`. */
function readFully(fd: number, target: Uint8Array, position: number): void {
  for (let done = 0; done < target.byteLength;) {
    const read = fs.readSync(fd, target, done, Math.min(target.byteLength - done, 1 << 26), position + done);
    if (read === 0) throw new RangeError(`vector snapshot ended early (${done} of ${target.byteLength} bytes)`);
    done += read;
  }
}

/** Rows per background read of a snapshot's float rows. */
const BACKGROUND_READ_ROWS = 8192;
/**
 * Background reads kept in flight. Each finished read queues the next on the calling thread, so
 * with one in flight the loading advanced by one read per event-loop turn while that thread was
 * busy answering (scans on it, since the scan threads wait for every row): at a million songs the
 * first seconds of song requests took 20 to 50 ms each instead of 6 to 10. libuv's pool has four threads.
 */
const BACKGROUND_READS_IN_FLIGHT = 4;

/**
 * The float rows of a snapshot still being read into a storage. At a million rows most of a start
 * was the first touch of the float rows' fresh memory (the int8 copy is a quarter of their size),
 * so a start reads the int8 rows only: a search scans them as usual and reads each candidate's
 * float row as it scores it (pread). After the first answer the rest is read in the background,
 * by libuv's thread pool straight into the shared memory, and the storage drops this object.
 */
class SnapshotFloats implements PendingFloats {
  private readonly loaded: Uint8Array;
  private readonly bytes: Uint8Array;
  private readonly rowBytes: number;
  private inFlight = 0;
  private next = 0;
  private started = false;
  private finished = false;
  private closed = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly fd: number,
    /** File offset of row 0's floats. */
    private readonly position: number,
    private readonly count: number,
  ) {
    const { dims, floats } = storage.layout;
    this.rowBytes = dims * 4;
    this.loaded = new Uint8Array(count);
    this.bytes = new Uint8Array(storage.memory.buffer, floats, count * this.rowBytes);
  }

  ensureRow(row: number): void {
    if (this.finished || row >= this.count || this.loaded[row] === 1) return;
    readFully(this.fd, this.bytes.subarray(row * this.rowBytes, (row + 1) * this.rowBytes), this.position + row * this.rowBytes);
    this.loaded[row] = 1;
  }

  loadAll(): void {
    if (this.finished) return;
    for (let row = 0; row < this.count;) {
      if (this.loaded[row] === 1) {
        row++;
        continue;
      }
      let end = row;
      while (end < this.count && this.loaded[end] === 0) end++;
      readFully(this.fd, this.bytes.subarray(row * this.rowBytes, end * this.rowBytes), this.position + row * this.rowBytes);
      this.loaded.fill(1, row, end);
      row = end;
    }
    this.finish();
  }

  startBackground(): void {
    if (this.started || this.finished) return;
    this.started = true;
    this.readNext();
  }

  whenLoaded(): Promise<void> {
    if (this.finished && this.inFlight === 0) return Promise.resolve();
    this.startBackground();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private readNext(): void {
    while (this.next < this.count && this.loaded.subarray(this.next, this.next + BACKGROUND_READ_ROWS).every((flag) => flag === 1))
      this.next += BACKGROUND_READ_ROWS;
    if (this.finished) {
      this.finish();
      return;
    }
    // Every row is in only when the last reads under way have landed too.
    if (this.next >= this.count) {
      if (this.inFlight === 0) this.finish();
      return;
    }
    if (this.inFlight >= BACKGROUND_READS_IN_FLIGHT) return;
    const start = this.next;
    const end = Math.min(this.count, start + BACKGROUND_READ_ROWS);
    this.next = end;
    const target = this.bytes.subarray(start * this.rowBytes, end * this.rowBytes);
    this.inFlight++;
    fs.read(this.fd, target, 0, target.byteLength, this.position + start * this.rowBytes, (error, read) => {
      this.inFlight--;
      if (!this.finished) {
        // A short or failed read is read again on this thread (it throws if the file is truly short).
        if (error || read !== target.byteLength) readFully(this.fd, target, this.position + start * this.rowBytes);
        this.loaded.fill(1, start, end);
      }
      this.readNext();
    });
    this.readNext();
  }

  private finish(): void {
    if (!this.finished) {
      this.finished = true;
      if (this.storage.pendingFloats === this) this.storage.pendingFloats = null;
    }
    // The descriptor stays open while a background read still uses it.
    if (this.inFlight > 0) return;
    if (!this.closed) {
      this.closed = true;
      fs.closeSync(this.fd);
    }
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/** A snapshot's row count and dims when its header is ours, written with `tag`, and its size matches them; else null. */
function snapshotShape(fd: number, tag: string): { count: number; dims: number } | null {
  const header = Buffer.alloc(SNAPSHOT_HEADER);
  if (fs.readSync(fd, header, 0, SNAPSHOT_HEADER, 0) !== SNAPSHOT_HEADER) return null;
  const meta = JSON.parse(header.toString('utf8').trimEnd()) as { magic?: string; tag?: string; count?: number; dims?: number };
  const { count, dims } = meta;
  if (meta.magic !== SNAPSHOT_MAGIC || meta.tag !== tag || !Number.isInteger(count) || !Number.isInteger(dims) || count! < 0 || dims! < 1) return null;
  if (fs.fstatSync(fd).size !== snapshotBytes(count!, dims!)) return null;
  return { count: count!, dims: dims! };
}

/**
 * One item's float row from the snapshot in `file` written with `tag`, read alone (the ids, then
 * one row): for a pick of a kind whose matrix is not loaded yet. Null when the snapshot is missing,
 * of another build, or does not hold the item.
 */
export function readSnapshotVector(file: string, tag: string, itemId: number): Float32Array | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const shape = snapshotShape(fd, tag);
    if (!shape) return null;
    const { count, dims } = shape;
    const ids = new Int32Array(count);
    readFully(fd, new Uint8Array(ids.buffer), SNAPSHOT_HEADER);
    // Ids are stored ascending (the matrix's row order).
    const row = rowOfItem(ids, itemId);
    if (row < 0) return null;
    const vector = new Float32Array(dims);
    readFully(fd, new Uint8Array(vector.buffer), SNAPSHOT_HEADER + count * 4 + row * dims * 4);
    return vector;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

interface SnapshotLoadOptions extends Omit<LoadOptions, 'dims' | 'expectedCount'> {
  /**
   * Read the int8 rows now and the float rows as they are needed and then in the background (see
   * SnapshotFloats): searches give the same results, the start is several times faster.
   */
  readonly lazyFloats?: boolean;
}

/** The matrix in `file` when it exists and was written with `tag`, else null. */
export function loadMatrixSnapshot(file: string, tag: string, options: SnapshotLoadOptions = {}): VectorMatrix | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  let keepOpen = false;
  try {
    const shape = snapshotShape(fd, tag);
    if (!shape) return null;
    const { count, dims } = shape;
    const ids = new Int32Array(count);
    fs.readSync(fd, new Uint8Array(ids.buffer), 0, count * 4, SNAPSHOT_HEADER);
    const { lazyFloats = false, ...loadOptions } = options;
    const builder = new MatrixBuilder({ ...loadOptions, dims: dims, expectedCount: count });
    if (lazyFloats) builder.addUnread(count, ids);
    else builder.addFromFile(fd, SNAPSHOT_HEADER + count * 4, count, ids);
    const matrix = builder.finish();
    const storage = loadedStorages.get(matrix.data)!;
    let position = SNAPSHOT_HEADER + count * 4 + count * dims * 4;
    for (const part of quantizedParts(storage, count)) {
      readFully(fd, part, position);
      position += part.byteLength;
    }
    storage.quantizedRows = count;
    if (lazyFloats && count > 0) {
      storage.pendingFloats = new SnapshotFloats(storage, fd, SNAPSHOT_HEADER + count * 4, count);
      keepOpen = true;
    }
    return matrix;
  } catch {
    return null;
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
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
