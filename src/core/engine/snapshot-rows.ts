import fs from 'node:fs';
import { readFully, readStraight } from './load.js';
import { CAND_SLOT_ROWS, LANDED_READS, stageBytes, stageParts, type ChunkReader, type PendingRows, type RowBlock, type Storage } from './storage.js';

/** Rows per background read of a snapshot's float rows. */
const BACKGROUND_READ_ROWS = 8192;
/** Bytes per background read of a snapshot's int8 copy and its metadata. */
const QUANTIZED_READ_BYTES = 4 << 20;
/**
 * Background reads kept in flight. Each finished read queues the next on the calling thread, so
 * with one in flight the loading advanced by one read per event-loop turn while that thread was
 * busy answering (scans on it, since the scan threads wait for every row): at a million songs the
 * first seconds of song requests took 20 to 50 ms each instead of 6 to 10. libuv's pool has four threads.
 */
const BACKGROUND_READS_IN_FLIGHT = 4;

/** Where a snapshot's sections of row data start in its file. */
interface SnapshotSections {
  readonly floats: number;
  readonly int8: number;
  readonly scales: number;
  readonly l1s: number;
  readonly exs: number;
  /** One section per segment (4 bytes a row each). */
  readonly segs: readonly number[];
}

/** One background read: `bytes` bytes of the file at `position` into the storage's memory at `offset`. */
interface ByteRange {
  readonly position: number;
  readonly offset: number;
  readonly bytes: number;
}

/**
 * The rows of a snapshot still being read into a storage (loadMatrixSnapshot's `lazyRows`).
 *
 * At a million rows most of a start was the first touch of fresh memory: on this VM each 4 KB page
 * costs 11 to 13 µs at its first touch, so copying the 172 MB int8 copy into place took 0.55 to
 * 0.65 s of a 1.1 s first answer, and the float rows are four times larger. So a start reads
 * neither: the first search reads the int8 copy block by block into the stage region (a few MB,
 * touched once) and scans it there (stageQuantized), and reads each candidate's float row as it
 * scores it (pread). After that first answer the rest is read in the background, the int8 copy
 * first (searches read it from the file until it is in place), then the float rows: by the
 * engine's scan threads once they run (see readWith; the int8 copy waits for them while they
 * start), else on this thread (the int8 copy, one chunk per event-loop turn) and by libuv's thread
 * pool (the float rows). Then the storage drops this object.
 */
export class SnapshotRows implements PendingRows {
  private readonly loaded: Uint8Array;
  private readonly floatBytes: Uint8Array;
  private readonly rowBytes: number;
  /** The int8 copy's reads not issued yet (in file order). */
  private readonly quantizedLeft: ByteRange[];
  /** The int8 copy's reads under way (loadAll reads them again: it cannot wait for them). */
  private readonly quantizedInFlight = new Set<ByteRange>();
  private inFlight = 0;
  private next = 0;
  private finished = false;
  private closed = false;
  private stageTouched = false;
  private waiters: (() => void)[] = [];
  private quantizedWaiters: (() => void)[] = [];
  private reader: ChunkReader | null = null;
  /** The engine's scan threads are starting (expectReader): the int8 copy waits for them. */
  private expectingReader = false;
  /** The int8 chunks handed to the scan threads with the landed-reads counter (countedIssued of them). */
  private readonly counted = new Set<ByteRange>();
  private countedIssued = 0;
  private readonly landedReads: Int32Array;
  private ready: boolean;
  backgroundStarted = false;

  constructor(
    private readonly storage: Storage,
    private readonly fd: number,
    private readonly sections: SnapshotSections,
    private readonly count: number,
    /** False: the int8 copy is already in place (read by the loader). */
    quantizedInFile: boolean,
  ) {
    const { dims, floats } = storage.layout;
    this.rowBytes = dims * 4;
    this.loaded = new Uint8Array(count);
    this.floatBytes = new Uint8Array(storage.memory.buffer, floats, count * this.rowBytes);
    this.ready = !quantizedInFile;
    this.quantizedLeft = quantizedInFile ? this.quantizedRanges() : [];
    this.landedReads = new Int32Array(storage.memory.buffer, LANDED_READS, 1);
    Atomics.store(this.landedReads, 0, 0);
    if (quantizedInFile) storage.quantizedRows = 0;
  }

  /**
   * The int8 copy is in place. The scan threads count the chunks they have read in shared memory,
   * so a search sees them in place as soon as they are, even while this thread is too busy to take
   * their replies (searches back to back, each scanning on this thread, never yield to the event
   * loop); a chunk read any other way is in once its reply is taken (quantizedLanded).
   */
  get quantizedReady(): boolean {
    if (
      !this.ready &&
      this.quantizedLeft.length === 0 &&
      this.countedIssued > 0 &&
      [...this.quantizedInFlight].every((range) => this.counted.has(range)) &&
      Atomics.load(this.landedReads, 0) >= this.countedIssued
    )
      this.markQuantizedReady();
    return this.ready;
  }

  private markQuantizedReady(): void {
    this.ready = true;
    this.storage.quantizedRows = this.count;
    for (const resolve of this.quantizedWaiters.splice(0)) resolve();
  }

  expectReader(): void {
    if (!this.reader) this.expectingReader = true;
  }

  noReader(): void {
    this.expectingReader = false;
    if (this.backgroundStarted) this.readNext();
  }

  /** The int8 rows, scales, L1 norms, errors and segment norms, each cut into reads of QUANTIZED_READ_BYTES. */
  private quantizedRanges(): ByteRange[] {
    const { layout } = this.storage;
    const ranges: ByteRange[] = [];
    const sections: [number, number, number][] = [
      [this.sections.int8, layout.int8, layout.stride],
      [this.sections.scales, layout.scales, 4],
      [this.sections.l1s, layout.l1s, 4],
      [this.sections.exs, layout.exs, 4],
      ...this.sections.segs.map((position, segment): [number, number, number] => [position, layout.segs + segment * layout.capacity * 4, 4]),
    ];
    for (const [position, offset, rowBytes] of sections) {
      const total = this.count * rowBytes;
      for (let done = 0; done < total; done += QUANTIZED_READ_BYTES)
        ranges.push({ position: position + done, offset: offset + done, bytes: Math.min(QUANTIZED_READ_BYTES, total - done) });
    }
    return ranges;
  }

  private memoryBytes(offset: number, bytes: number): Uint8Array {
    return new Uint8Array(this.storage.memory.buffer, offset, bytes);
  }

  stageQuantized(start: number, end: number): RowBlock {
    const rows = end - start;
    if (!(start >= 0 && rows > 0 && rows <= CAND_SLOT_ROWS && end <= this.count)) throw new RangeError(`cannot stage rows ${start}..${end}`);
    const { stride, stage, segments } = this.storage.layout;
    const parts = stageParts(stride);
    // Touched once from here, so reads straight into it are not slow at their first use (see readFully).
    if (!this.stageTouched) {
      this.memoryBytes(stage, stageBytes(stride)).fill(0);
      this.stageTouched = true;
    }
    const segStride = CAND_SLOT_ROWS * 4;
    for (let segment = 0; segment < segments; segment++)
      readStraight(this.fd, this.memoryBytes(stage + parts.segs + segment * segStride, rows * 4), this.sections.segs[segment]! + start * 4);
    readStraight(this.fd, this.memoryBytes(stage + parts.int8, rows * stride), this.sections.int8 + start * stride);
    const metadata = (part: number, section: number) => {
      readStraight(this.fd, this.memoryBytes(stage + part, rows * 4), section + start * 4);
      return new Float32Array(this.storage.memory.buffer, stage + part, rows);
    };
    return {
      int8: stage + parts.int8 - start * stride,
      scales: stage + parts.scales - start * 4,
      l1s: stage + parts.l1s - start * 4,
      exs: stage + parts.exs - start * 4,
      segs: stage + parts.segs - start * 4,
      segStride,
      scaleOf: metadata(parts.scales, this.sections.scales),
      l1Of: metadata(parts.l1s, this.sections.l1s),
      exOf: metadata(parts.exs, this.sections.exs),
      segOf: new Float32Array(this.storage.memory.buffer, stage + parts.segs, segments * CAND_SLOT_ROWS),
      first: start,
    };
  }

  whenQuantized(): Promise<void> {
    if (this.quantizedReady || this.finished) return Promise.resolve();
    this.startBackground();
    return new Promise((resolve) => this.quantizedWaiters.push(resolve));
  }

  ensureRow(row: number): void {
    if (this.finished || row >= this.count || this.loaded[row] === 1) return;
    readFully(this.fd, this.floatBytes.subarray(row * this.rowBytes, (row + 1) * this.rowBytes), this.sections.floats + row * this.rowBytes);
    this.loaded[row] = 1;
  }

  loadAll(): void {
    if (this.finished) return;
    if (!this.quantizedReady) {
      // Reads still in flight are read here too; when they land they bring the same bytes again.
      for (const range of [...this.quantizedInFlight, ...this.quantizedLeft.splice(0)])
        readFully(this.fd, this.memoryBytes(range.offset, range.bytes), range.position);
      this.quantizedInFlight.clear();
      this.markQuantizedReady();
    }
    for (let row = 0; row < this.count;) {
      if (this.loaded[row] === 1) {
        row++;
        continue;
      }
      let end = row;
      while (end < this.count && this.loaded[end] === 0) end++;
      readFully(this.fd, this.floatBytes.subarray(row * this.rowBytes, end * this.rowBytes), this.sections.floats + row * this.rowBytes);
      this.loaded.fill(1, row, end);
      row = end;
    }
    this.finish();
  }

  startBackground(): void {
    if (this.backgroundStarted || this.finished) return;
    this.backgroundStarted = true;
    this.readNext();
  }

  /**
   * Pages that read(2) filled straight into fresh memory were slow at their first access from
   * user space (5 to 8 µs each on this VM): a search scoring 10,000 candidates then spent 50 to
   * 80 ms on first touches, long after the load. The scan threads read through a bounce buffer
   * (readFully), whose memcpy touches the pages as it fills them; they are otherwise idle while
   * rows are missing, since they scan only once every row is in.
   */
  readWith(reader: ChunkReader): void {
    if (this.finished) return;
    this.reader = reader;
    this.expectingReader = false;
    if (this.backgroundStarted) this.readNext();
  }

  whenLoaded(): Promise<void> {
    if (this.finished && this.inFlight === 0) return Promise.resolve();
    this.startBackground();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The int8 copy is in once nothing of it is left to issue and its last reads have landed. */
  private quantizedLanded(): void {
    if (this.ready || this.quantizedLeft.length > 0 || this.quantizedInFlight.size > 0) return;
    this.markQuantizedReady();
  }

  private readNext(): void {
    if (this.finished) {
      this.finish();
      return;
    }
    // The int8 copy first. The scan threads get all of it at once: they read it whatever this thread
    // is doing, and count each chunk in shared memory. Without them it is read on this thread, a
    // few chunks at a time; while they are starting it waits for them.
    if (this.reader) for (let range = this.quantizedLeft.shift(); range; range = this.quantizedLeft.shift()) this.issue(range, true);
    while (this.inFlight < BACKGROUND_READS_IN_FLIGHT) {
      const quantized = this.expectingReader ? undefined : this.quantizedLeft.shift();
      const range = quantized ?? (this.quantizedReady ? this.nextFloatRange() : null);
      if (!range) break;
      this.issue(range, quantized !== undefined);
    }
    // Every row is in only when the last reads under way have landed too.
    if (this.quantizedReady && this.next >= this.count && this.inFlight === 0) this.finish();
  }

  /** The next float rows still missing, marked as read (they are in flight). */
  private nextFloatRange(): ByteRange | null {
    while (this.next < this.count && this.loaded.subarray(this.next, this.next + BACKGROUND_READ_ROWS).every((flag) => flag === 1))
      this.next += BACKGROUND_READ_ROWS;
    if (this.next >= this.count) return null;
    const start = this.next;
    const end = Math.min(this.count, start + BACKGROUND_READ_ROWS);
    this.next = end;
    return {
      position: this.sections.floats + start * this.rowBytes,
      offset: this.floatBytes.byteOffset + start * this.rowBytes,
      bytes: (end - start) * this.rowBytes,
    };
  }

  private issue(range: ByteRange, quantized: boolean): void {
    const target = this.memoryBytes(range.offset, range.bytes);
    this.inFlight++;
    if (quantized) this.quantizedInFlight.add(range);
    const counted = quantized && this.reader !== null;
    if (counted) {
      this.counted.add(range);
      this.countedIssued++;
    }
    const landed = (failed: boolean) => {
      this.inFlight--;
      if (quantized) this.quantizedInFlight.delete(range);
      if (!this.finished) {
        // A short or failed read is read again on this thread (it throws if the file is truly short).
        if (failed) readFully(this.fd, target, range.position);
        if (!quantized) {
          const firstRow = (range.offset - this.floatBytes.byteOffset) / this.rowBytes;
          this.loaded.fill(1, firstRow, firstRow + range.bytes / this.rowBytes);
        }
      }
      if (quantized) this.quantizedLanded();
      this.readNext();
    };
    if (this.reader)
      this.reader(this.fd, range.position, range.offset, range.bytes, counted ? LANDED_READS : undefined).then(
        () => landed(false),
        () => landed(true),
      );
    else if (quantized)
      // Read through the bounce buffer on this thread, a chunk per turn: read straight into fresh
      // memory, the int8 rows' pages would be slow at every scan's first pass over them.
      setImmediate(() => {
        if (!this.finished) readFully(this.fd, target, range.position);
        landed(false);
      });
    else fs.read(this.fd, target, 0, target.byteLength, range.position, (error, read) => landed(Boolean(error) || read !== target.byteLength));
  }

  private finish(): void {
    if (!this.finished) {
      this.finished = true;
      if (this.storage.pendingRows === this) this.storage.pendingRows = null;
    }
    // The descriptor stays open while a background read still uses it.
    if (this.inFlight > 0) return;
    if (!this.closed) {
      this.closed = true;
      fs.closeSync(this.fd);
    }
    for (const resolve of this.quantizedWaiters.splice(0)) resolve();
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
