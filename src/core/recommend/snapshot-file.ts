import fs from 'node:fs';

/**
 * The cache files beside the vector snapshots (filter columns, recording groups): a JSON header
 * padded with spaces to a fixed size, then binary parts. Written to a temporary file and renamed,
 * so a reader never sees half a file; a reader that finds anything unexpected treats it as absent.
 */

/** Writes the file; false (and nothing written) when the header does not fit: no cache, no harm. */
export function writeSnapshotFile(file: string, headerBytes: number, meta: object, parts: readonly ArrayBufferView[]): boolean {
  const json = JSON.stringify(meta);
  if (Buffer.byteLength(json) > headerBytes) return false;
  const header = Buffer.alloc(headerBytes, 0x20);
  header.write(json);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat([header, ...parts.map((part) => new Uint8Array(part.buffer, part.byteOffset, part.byteLength))]));
  fs.renameSync(temporary, file);
  return true;
}

/** The header (parsed) and the whole file, or null when the file is missing or its header is not JSON. */
export function readSnapshotFile(file: string, headerBytes: number): { readonly meta: Record<string, unknown>; readonly bytes: Buffer } | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  try {
    const meta: unknown = JSON.parse(bytes.subarray(0, headerBytes).toString('utf8').trimEnd());
    return meta !== null && typeof meta === 'object' ? { meta: meta as Record<string, unknown>, bytes } : null;
  } catch {
    return null;
  }
}
