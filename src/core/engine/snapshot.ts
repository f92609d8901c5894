import fs from 'node:fs';
import { MatrixBuilder, readFully, readStraight, type LoadOptions } from './load.js';
import { loadedStorages, Storage } from './storage.js';
import { SnapshotRows } from './snapshot-rows.js';
import { openWithJsonHeader } from './header-file.js';
import {
  SNAPSHOT_HEADER,
  SNAPSHOT_MAGIC,
  sectionRowBytes,
  sectionStarts,
  snapshotBytes,
  snapshotHeader,
  snapshotShape,
  writeFullyAt,
} from './snapshot-layout.js';
import { upgradeFormat3 } from './snapshot-upgrade.js';
import { searchAscendingIds } from './row-of-item.js';
import type { VectorMatrix } from './types.js';

/**
 * Snapshots: a matrix as one file (a JSON header padded to SNAPSHOT_HEADER bytes, the ids as
 * int32, the float32 rows, then the engine's int8 copy of them: the int8 rows at the engine's
 * stride and the per-row scales, L1 norms and errors), read back with a few large reads straight
 * into the engine's memory. With the int8 rows stored, an engine over a loaded snapshot does not
 * quantise a million rows at start (the same kernel made them, so they are the same bytes).
 * SQLite stays the source of truth; a snapshot is a cache keyed by `tag` (what the caller loaded it
 * from), and any mismatch or damage means "load from SQLite instead". A snapshot of format 3 (no
 * segment norms) is brought up to date in place (snapshot-upgrade.ts); older formats load from SQLite.
 */
/**
 * The rows a snapshot of `count` rows has room for: a sixteenth more (left as a hole in the file),
 * so that the rows of an incremental build's new items, whose ids come after every stored one, are
 * written in place (extendMatrixSnapshot).
 */
function snapshotCapacity(count: number): number {
  return count + Math.ceil(count / 16) + 1024;
}

/** The quantised regions of `storage`'s first `count` rows, as byte views in file order. */
function quantizedParts(storage: Storage, count: number): Uint8Array[] {
  const { stride, segments, capacity } = storage.layout;
  const { int8, scales, l1s, exs, segs } = storage.views;
  return [
    new Uint8Array(int8.buffer, int8.byteOffset, count * stride),
    ...[scales, l1s, exs].map((view) => new Uint8Array(view.buffer, view.byteOffset, count * 4)),
    ...Array.from({ length: segments }, (_, segment) => new Uint8Array(segs.buffer, segs.byteOffset + segment * capacity * 4, count * 4)),
  ];
}

/** Every section's bytes of a matrix's first `count` rows (quantised in `storage`), in file order. */
function rowSections(matrix: VectorMatrix, storage: Storage, count: number): Uint8Array[] {
  return [
    new Uint8Array(matrix.itemIds.buffer, matrix.itemIds.byteOffset, count * 4),
    new Uint8Array(matrix.data.buffer, matrix.data.byteOffset, count * matrix.dims * 4),
    ...quantizedParts(storage, count),
  ];
}

export function writeMatrixSnapshot(file: string, matrix: VectorMatrix, tag: string): void {
  const storage = quantisedStorage(matrix);
  const capacity = snapshotCapacity(matrix.count);
  const starts = sectionStarts(capacity, matrix.dims);
  writeAtomically(file, (fd) => {
    writeFullyAt(fd, snapshotHeader(tag, matrix.count, capacity, matrix.dims), 0);
    rowSections(matrix, storage, matrix.count).forEach((bytes, section) => writeFullyAt(fd, bytes, starts[section]!));
    // The room after each section's rows stays a hole; the file's size is that of its capacity.
    fs.ftruncateSync(fd, snapshotBytes(capacity, matrix.dims));
  });
}

/**
 * The matrix's rows with their int8 copies: the loader's own storage quantised in place (an engine
 * adopting it then skips that work), or a scratch storage for a matrix from elsewhere.
 */
function quantisedStorage(matrix: VectorMatrix): Storage {
  const loaded = loadedStorages.get(matrix.data);
  loaded?.pendingRows?.loadAll();
  let storage: Storage;
  if (loaded && loaded.count === matrix.count && loaded.layout.dims === matrix.dims) storage = loaded;
  else {
    storage = Storage.allocate(matrix.dims, Math.max(1, matrix.count));
    storage.views.floats.set(matrix.data.subarray(0, matrix.count * matrix.dims));
    storage.count = matrix.count;
  }
  if (storage.quantizedRows < matrix.count) {
    storage.quantizeRows(storage.quantizedRows, matrix.count);
    storage.quantizedRows = matrix.count;
  }
  return storage;
}

/** Writes a temporary file, syncs it, and renames it over `file` last, so a reader never sees a half-written snapshot. */
function writeAtomically(file: string, write: (fd: number) => void): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    write(fd);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
}

/** What an incremental build changed in a kind's rows, given the ids a snapshot holds. */
interface SnapshotChanges {
  /**
   * Rows to keep from the snapshot (rows of items that are gone are dropped): asked once per
   * snapshot row, in the snapshot's (ascending) id order.
   */
  readonly keep: (itemId: number) => boolean;
  /** New rows, and rows that replace the snapshot's (same item id), ids ascending. */
  readonly added: VectorMatrix;
}

/** Bytes copied per read and write while a snapshot is extended. */
const COPY_BYTES = 16 << 20;

/**
 * Brings the snapshot in `file` written with `from` up to date as `to` without reading its rows
 * back from SQLite: `changes` (given the snapshot's ids) says which of its rows stay and which rows
 * are new or replace one. Only the new rows are quantised (per row, so the same bytes as
 * quantising every row). The usual case, an import's new items (ids after every stored one) and no
 * row dropped or replaced, writes their rows in place into the room the file keeps, then the
 * header: after an incremental build of a thousand songs that took 0.06 s, where streaming the
 * whole file into a new one took 2.9 s at a million 160-d rows (reading the rows back from SQLite
 * and quantising them all again took 13 s). A crash before the header is written leaves the old
 * header, whose rows are untouched. Otherwise (rows dropped or replaced, new ids among the stored
 * ones, no room left) the file is streamed into a new one with the rows merged in item id order.
 * With nothing added and nothing dropped only the header is written again.
 * Returns the snapshot's item ids after the change; null, and nothing written, when there is no
 * snapshot written with `from`, `changes` gives up (null) or its rows have other dims.
 */
export function extendMatrixSnapshot(
  file: string,
  from: string,
  to: string,
  changes: (snapshotIds: Int32Array, dims: number) => SnapshotChanges | null,
): Int32Array | null {
  const snapshot = openSnapshot(file, from);
  if (!snapshot) return null;
  const { fd, count, capacity, dims, ids } = snapshot;
  try {
    const change = changes(ids, dims);
    if (!change || (change.added.count > 0 && change.added.dims !== dims)) return null;
    const { keep, added } = change;
    for (let row = 1; row < added.count; row++)
      if (added.itemIds[row]! <= added.itemIds[row - 1]!) throw new RangeError('extendMatrixSnapshot: added rows must be in ascending item id order');
    const plan = mergePlan(ids, keep, added.itemIds.subarray(0, added.count));
    const result = plan.ids.subarray(0, plan.count);
    if (added.count === 0 && plan.count === count) {
      rewriteHeader(file, snapshotHeader(to, count, capacity, dims));
      return result;
    }
    const storage = quantisedStorage(added);
    const addedSections = rowSections(added, storage, added.count);
    const rowBytes = sectionRowBytes(dims);
    const starts = sectionStarts(capacity, dims);
    // Every row kept and the new ones after them, with room for them: written in place.
    const appended = plan.count === count + added.count && (count === 0 || added.itemIds[0]! > ids[count - 1]!);
    if (appended && plan.count <= capacity) {
      const out = fs.openSync(file, 'r+');
      try {
        addedSections.forEach((bytes, section) => writeFullyAt(out, bytes, starts[section]! + count * rowBytes[section]!));
        fs.fsyncSync(out);
      } finally {
        fs.closeSync(out);
      }
      rewriteHeader(file, snapshotHeader(to, plan.count, capacity, dims));
      return result;
    }
    const newCapacity = snapshotCapacity(plan.count);
    const newStarts = sectionStarts(newCapacity, dims);
    const buffer = Buffer.allocUnsafe(COPY_BYTES);
    writeAtomically(file, (out) => {
      writeFullyAt(out, snapshotHeader(to, plan.count, newCapacity, dims), 0);
      writeFullyAt(out, new Uint8Array(plan.ids.buffer, 0, plan.count * 4), newStarts[0]!);
      // The other sections, segment by segment: the snapshot's rows copied, the added rows written.
      rowBytes.forEach((bytes, section) => {
        if (section === 0) return;
        let at = newStarts[section]!;
        for (const segment of plan.segments) {
          if (segment.added) {
            const rows = addedSections[section]!.subarray(segment.from * bytes, (segment.from + segment.rows) * bytes);
            writeFullyAt(out, rows, at);
            at += rows.byteLength;
            continue;
          }
          const end = starts[section]! + (segment.from + segment.rows) * bytes;
          for (let position = starts[section]! + segment.from * bytes; position < end;) {
            const chunk = buffer.subarray(0, Math.min(COPY_BYTES, end - position));
            readStraight(fd, chunk, position);
            writeFullyAt(out, chunk, at);
            at += chunk.byteLength;
            position += chunk.byteLength;
          }
        }
      });
      fs.ftruncateSync(out, snapshotBytes(newCapacity, dims));
    });
    return result;
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs of rows in the merged order: from the snapshot (its rows) or from the added rows. */
interface MergePlan {
  readonly ids: Int32Array;
  readonly count: number;
  readonly segments: readonly { readonly added: boolean; readonly from: number; readonly rows: number }[];
}

function mergePlan(snapshotIds: Int32Array, keep: (itemId: number) => boolean, addedIds: Int32Array): MergePlan {
  const ids = new Int32Array(snapshotIds.length + addedIds.length);
  const segments: { added: boolean; from: number; rows: number }[] = [];
  let count = 0;
  const emit = (added: boolean, from: number, itemId: number) => {
    const last = segments[segments.length - 1];
    if (last && last.added === added && last.from + last.rows === from) last.rows++;
    else segments.push({ added, from, rows: 1 });
    ids[count++] = itemId;
  };
  let next = 0;
  for (let row = 0; row < snapshotIds.length; row++) {
    const itemId = snapshotIds[row]!;
    while (next < addedIds.length && addedIds[next]! < itemId) emit(true, next, addedIds[next++]!);
    // A row the added rows replace, or of an item that is gone, is left out.
    if ((next < addedIds.length && addedIds[next] === itemId) || !keep(itemId)) continue;
    emit(false, row, itemId);
  }
  while (next < addedIds.length) emit(true, next, addedIds[next++]!);
  return { ids, count, segments };
}

/**
 * Writes a new header over the old one in place: the rows stay as they are. A header torn by a
 * crash is not JSON or names another tag, which makes the snapshot stale, never wrong.
 */
function rewriteHeader(file: string, header: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  try {
    writeFullyAt(fd, header, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** An open snapshot file: its descriptor (the caller closes it), shape and room. */
interface SnapshotHeader {
  readonly fd: number;
  readonly count: number;
  /** Rows the file has room for (snapshotCapacity when it was written whole). */
  readonly capacity: number;
  readonly dims: number;
}

/** An open snapshot with its item ids (ascending: the matrix's row order). */
interface OpenSnapshot extends SnapshotHeader {
  readonly ids: Int32Array;
}

/**
 * The snapshot in `file` opened, when its header is ours, written with `tag`, and its size matches
 * its shape; else null (a missing file, another build's, a torn or foreign header, a short file).
 */
function openSnapshotHeader(file: string, tag: string): SnapshotHeader | null {
  return openCurrentHeader(file, tag) ?? (upgradeFormat3(file, tag) ? openCurrentHeader(file, tag) : null);
}

function openCurrentHeader(file: string, tag: string): SnapshotHeader | null {
  return openWithJsonHeader(file, SNAPSHOT_HEADER, (meta, fd) => {
    const shape = snapshotShape(meta, SNAPSHOT_MAGIC, tag);
    if (fs.fstatSync(fd).size !== snapshotBytes(shape.capacity, shape.dims)) throw new RangeError('wrong size');
    return { fd, ...shape };
  });
}

/** openSnapshotHeader, with every item id read. */
function openSnapshot(file: string, tag: string): OpenSnapshot | null {
  const header = openSnapshotHeader(file, tag);
  if (!header) return null;
  try {
    const ids = new Int32Array(header.count);
    readFully(header.fd, new Uint8Array(ids.buffer), SNAPSHOT_HEADER);
    return { ...header, ids };
  } catch {
    fs.closeSync(header.fd);
    return null;
  }
}

/** The row of `itemId` among an open snapshot's ascending ids, reading only the ids a binary search visits; -1 when absent. */
function rowOfItemInFile({ fd, count }: SnapshotHeader, itemId: number): number {
  const id = new Int32Array(1);
  const bytes = new Uint8Array(id.buffer);
  return searchAscendingIds(
    count,
    (row) => {
      readFully(fd, bytes, SNAPSHOT_HEADER + row * 4);
      return id[0]!;
    },
    itemId,
  );
}

/**
 * One item's float row from the snapshot in `file` written with `tag`, read alone (a binary
 * search of its ids, then one row): for a pick of a kind whose matrix is not loaded yet. Reading
 * every id of a million-row snapshot for it took 30 ms of a start. Null when the snapshot is
 * missing, of another build, or does not hold the item.
 */
export function readSnapshotVector(file: string, tag: string, itemId: number): Float32Array | null {
  const snapshot = openSnapshotHeader(file, tag);
  if (!snapshot) return null;
  const { fd, capacity, dims } = snapshot;
  try {
    const row = rowOfItemInFile(snapshot, itemId);
    if (row < 0) return null;
    const vector = new Float32Array(dims);
    readFully(fd, new Uint8Array(vector.buffer), sectionStarts(capacity, dims)[1]! + row * dims * 4);
    return vector;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

interface SnapshotLoadOptions extends Omit<LoadOptions, 'dims' | 'expectedCount'> {
  /**
   * Read the rows as they are needed and then in the background (see SnapshotRows): searches give
   * the same results, the start is several times faster.
   */
  readonly lazyRows?: boolean;
}

/** The matrix in `file` when it exists and was written with `tag`, else null. */
export function loadMatrixSnapshot(file: string, tag: string, options: SnapshotLoadOptions = {}): VectorMatrix | null {
  const snapshot = openSnapshot(file, tag);
  if (!snapshot) return null;
  const { fd, count, capacity, dims, ids } = snapshot;
  let keepOpen = false;
  try {
    const { lazyRows = false, ...loadOptions } = options;
    const starts = sectionStarts(capacity, dims);
    const builder = new MatrixBuilder({ ...loadOptions, dims: dims, expectedCount: count });
    if (lazyRows) builder.addUnread(count, ids);
    else builder.addFromFile(fd, starts[1]!, count, ids);
    const matrix = builder.finish();
    const storage = loadedStorages.get(matrix.data)!;
    if (lazyRows && count > 0) {
      const [, floats, int8, scales, l1s, exs, ...segs] = starts as [number, number, number, number, number, number, ...number[]];
      storage.pendingRows = new SnapshotRows(storage, fd, { floats, int8, scales, l1s, exs, segs }, count, true);
      keepOpen = true;
    } else {
      quantizedParts(storage, count).forEach((part, index) => readFully(fd, part, starts[2 + index]!));
      storage.quantizedRows = count;
    }
    return matrix;
  } catch {
    return null;
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
}
