import fs from 'node:fs';
import { strideFor } from './storage.js';

/** A snapshot file's layout (see snapshot.ts): a JSON header padded to SNAPSHOT_HEADER bytes, then its sections. */
export const SNAPSHOT_HEADER = 4096;
export const SNAPSHOT_MAGIC = 'crossfade-vectors-4';

/**
 * Bytes per row of each section, in file order: ids, float rows, int8 rows, scales, L1 norms,
 * errors, then one section per segment of 16 columns (the residual norms, see storage.ts). Each
 * section has room for the file's capacity of rows; format 3 had the first six only.
 */
export function sectionRowBytes(dims: number): number[] {
  const stride = strideFor(dims);
  return [4, dims * 4, stride, 4, 4, 4, ...Array.from({ length: stride / 16 }, () => 4)];
}

/** Where each section starts in a snapshot with room for `capacity` rows. */
export function sectionStarts(capacity: number, dims: number): number[] {
  let at = SNAPSHOT_HEADER;
  return sectionRowBytes(dims).map((bytes) => {
    const start = at;
    at += bytes * capacity;
    return start;
  });
}

export function snapshotBytes(capacity: number, dims: number): number {
  return SNAPSHOT_HEADER + capacity * sectionRowBytes(dims).reduce((sum, bytes) => sum + bytes, 0);
}

/** Writes all of `bytes` at `position`. */
export function writeFullyAt(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.byteLength;) done += fs.writeSync(fd, bytes, done, Math.min(bytes.byteLength - done, 1 << 30), position + done);
}

export function snapshotHeader(tag: string, count: number, capacity: number, dims: number, magic = SNAPSHOT_MAGIC): Buffer {
  const header = Buffer.alloc(SNAPSHOT_HEADER, 0x20);
  const json = JSON.stringify({ magic, tag, count, capacity, dims });
  if (Buffer.byteLength(json) > SNAPSHOT_HEADER) throw new RangeError('snapshot tag too long');
  header.write(json);
  return header;
}

/** A snapshot's shape from its parsed header, when it is of format `magic` and written with `tag`; else it throws. */
export function snapshotShape(meta: Record<string, unknown>, magic: string, tag: string): { count: number; capacity: number; dims: number } {
  const { count, capacity, dims } = meta;
  if (meta.magic !== magic || meta.tag !== tag || !Number.isInteger(count) || !Number.isInteger(capacity) || !Number.isInteger(dims))
    throw new RangeError('another snapshot');
  const shape = { count: count as number, capacity: capacity as number, dims: dims as number };
  if (shape.count < 0 || shape.capacity < shape.count || shape.dims < 1) throw new RangeError('another snapshot');
  return shape;
}
