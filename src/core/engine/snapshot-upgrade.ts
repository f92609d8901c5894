import fs from 'node:fs';
import { openWithJsonHeader } from './header-file.js';
import { readFully } from './load.js';
import { SNAPSHOT_HEADER, sectionStarts, snapshotBytes, snapshotHeader, snapshotShape, writeFullyAt } from './snapshot-layout.js';
import { segmentNormBound, strideFor } from './storage.js';

const FORMAT_3 = 'crossfade-vectors-3';
/** Rows per step of the upgrade. */
const UPGRADE_ROWS = 8192;

/**
 * Brings a format-3 snapshot written with `tag` up to the current format in place: format 4 adds
 * each row's residual norms per 16 columns after the sections format 3 has, which stay where they
 * are. The norms are worked out from the stored float rows, int8 rows and scales, in double
 * precision and rounded up as the quantiser's reference does (segmentNormBound), a step of rows at a
 * time; the header is written last, so a crash before it leaves a file whose size no header
 * matches, which reads as stale (loaded from SQLite again), never wrong. At a million 160-d rows
 * reading the catalog's vectors from SQLite instead took 3 to 28 s per kind, and writing the
 * snapshot again as long, on the thread that answers the first query after the app was updated.
 * False when there is nothing to upgrade (no file, another format or build) or it fails.
 */
export function upgradeFormat3(file: string, tag: string): boolean {
  const shape = openWithJsonHeader(file, SNAPSHOT_HEADER, (meta, fd) => {
    const found = snapshotShape(meta, FORMAT_3, tag);
    // Format 3's six sections end where format 4's first segment section starts.
    if (fs.fstatSync(fd).size !== sectionStarts(found.capacity, found.dims)[6]) throw new RangeError('wrong size');
    fs.closeSync(fd);
    return found;
  });
  if (!shape) return false;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch {
    return false;
  }
  try {
    writeSegmentNorms(fd, shape.count, shape.capacity, shape.dims);
    fs.ftruncateSync(fd, snapshotBytes(shape.capacity, shape.dims));
    fs.fsyncSync(fd);
    writeFullyAt(fd, snapshotHeader(tag, shape.count, shape.capacity, shape.dims), 0);
    fs.fsyncSync(fd);
    return true;
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

function writeSegmentNorms(fd: number, count: number, capacity: number, dims: number): void {
  const stride = strideFor(dims);
  const segments = stride / 16;
  const starts = sectionStarts(capacity, dims);
  const floats = new Float32Array(UPGRADE_ROWS * dims);
  const int8 = new Int8Array(UPGRADE_ROWS * stride);
  const scales = new Float32Array(UPGRADE_ROWS);
  const norms = Array.from({ length: segments }, () => new Float32Array(UPGRADE_ROWS));
  const squares = new Float64Array(segments);
  const bytes = (view: ArrayBufferView, length: number) => new Uint8Array(view.buffer, view.byteOffset, length);
  for (let first = 0; first < count; first += UPGRADE_ROWS) {
    const rows = Math.min(UPGRADE_ROWS, count - first);
    readFully(fd, bytes(floats, rows * dims * 4), starts[1]! + first * dims * 4);
    readFully(fd, bytes(int8, rows * stride), starts[2]! + first * stride);
    readFully(fd, bytes(scales, rows * 4), starts[3]! + first * 4);
    for (let row = 0; row < rows; row++) {
      const a = scales[row]!;
      let max = 0;
      squares.fill(0);
      for (let j = 0; j < dims; j++) {
        const x = floats[row * dims + j]!;
        max = Math.max(max, Math.abs(x));
        const residual = x - a * int8[row * stride + j]!;
        squares[j >>> 4]! += residual * residual;
      }
      for (let segment = 0; segment < segments; segment++) norms[segment]![row] = segmentNormBound(squares[segment]!, max);
    }
    for (let segment = 0; segment < segments; segment++) writeFullyAt(fd, bytes(norms[segment]!, rows * 4), starts[6 + segment]! + first * 4);
  }
}
