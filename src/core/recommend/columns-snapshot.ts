import fs from 'node:fs';
import { parseImportRunStates, type ImportRunState } from '../catalog/import-run-states.js';
import { openWithJsonHeader } from '../engine/header-file.js';
import { readFully } from '../engine/load.js';
import type { RowColumns } from './filter-columns.js';
import { writeSnapshotFile } from './snapshot-file.js';

const COLUMNS_HEADER = 4096;
const COLUMNS_MAGIC = 'crossfade-columns-3';

/** A columns snapshot as read: its parts are read from the file at their first use (see readColumnsSnapshot). */
export interface ColumnsSnapshot {
  readonly tag: string;
  readonly ids: Int32Array;
  readonly columns: RowColumns;
  /** Null when the stored states are not readable: the snapshot cannot be brought up to date. */
  readonly runs: readonly ImportRunState[] | null;
}

/**
 * Header (JSON, padded), then votes (float64), the item ids (int32), year (float32), language
 * (int16), flagged (uint8), each aligned, and the import runs' states (JSON).
 */
export function writeColumnsSnapshot(file: string, columns: RowColumns, ids: Int32Array, tag: string, runs: readonly ImportRunState[]): void {
  const runsJson = Buffer.from(JSON.stringify(runs));
  const meta = { magic: COLUMNS_MAGIC, tag, count: ids.length, languages: columns.languages, runsBytes: runsJson.byteLength };
  writeSnapshotFile(file, COLUMNS_HEADER, meta, [columns.votes, ids, columns.year, columns.language, columns.flagged, runsJson]);
}

type ColumnArray = Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array;

/** The parts in file order, with their element types. */
const PARTS = [
  ['votes', Float64Array],
  ['ids', Int32Array],
  ['year', Float32Array],
  ['language', Int16Array],
  ['flagged', Uint8Array],
] as const;
type PartName = (typeof PARTS)[number][0];

/** Open descriptors of snapshots whose parts are not all read yet, closed once their columns are collected. */
const descriptors = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

/** What settleColumns needs of lazily read columns. */
const lazyFiles = new WeakMap<RowColumns, ColumnsFile>();

/**
 * An open columns snapshot. The descriptor keeps the version whose header was checked, even when a
 * newer snapshot is renamed over the file. A start's first query needs the header and the
 * flagged column (1 MB at a million items), not the whole 19 MB: on this VM reading the whole
 * file into fresh memory took 65 to 115 ms per kind, most of it first touches of its pages.
 */
class ColumnsFile {
  private readonly read = new Map<PartName | 'runs', unknown>();
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly count: number,
    private readonly runsBytes: number,
  ) {}

  part(name: PartName): ColumnArray {
    let value = this.read.get(name) as ColumnArray | undefined;
    if (!value) {
      let offset = COLUMNS_HEADER;
      for (const [partName, Type] of PARTS) {
        if (partName === name) {
          value = new Type(this.count);
          readFully(this.fd, new Uint8Array(value.buffer), offset);
          break;
        }
        offset += this.count * Type.BYTES_PER_ELEMENT;
      }
      this.read.set(name, value);
      this.closeWhenRead();
    }
    return value!;
  }

  runs(): readonly ImportRunState[] | null {
    if (!this.read.has('runs')) {
      const bytes = Buffer.alloc(this.runsBytes);
      readFully(this.fd, bytes, COLUMNS_HEADER + this.count * PARTS.reduce((sum, [, Type]) => sum + Type.BYTES_PER_ELEMENT, 0));
      this.read.set('runs', parseImportRunStates(bytes.toString('utf8')));
      this.closeWhenRead();
    }
    return this.read.get('runs') as readonly ImportRunState[] | null;
  }

  /** Closes the file without reading the rest (a stale snapshot, once what is kept of it is read). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    descriptors.unregister(this);
    fs.closeSync(this.fd);
  }

  /** Reads every column not read yet, which closes the file. */
  settle(): void {
    for (const [name] of PARTS) this.part(name);
    this.runs();
  }

  private closeWhenRead(): void {
    if (this.read.size === PARTS.length + 1) this.close();
  }

  /** Closes the file when this object is collected with parts still unread. */
  register(): void {
    descriptors.register(this, this.fd, this);
  }
}

/**
 * The snapshot in `file` when its header is ours and its size matches; its parts are read at their
 * first use. Null when the file is missing, foreign or torn.
 */
export function readColumnsSnapshot(file: string): ColumnsSnapshot | null {
  return openWithJsonHeader(file, COLUMNS_HEADER, (meta, fd): ColumnsSnapshot => {
    const { magic, tag, count, languages, runsBytes } = meta;
    if (magic !== COLUMNS_MAGIC || typeof tag !== 'string' || !Number.isInteger(count) || !Array.isArray(languages) || !Number.isInteger(runsBytes))
      throw new RangeError('another file');
    const n = count as number;
    if (fs.fstatSync(fd).size !== COLUMNS_HEADER + n * (8 + 4 + 4 + 2 + 1) + (runsBytes as number)) throw new RangeError('wrong size');
    const parts = new ColumnsFile(fd, n, runsBytes as number);
    // Each column is read at its first use, then held as a plain property (filters read them per row).
    const columns = { count: n, languages: languages as string[] } as unknown as RowColumns;
    for (const name of ['year', 'flagged', 'language', 'votes'] as const)
      Object.defineProperty(columns, name, {
        configurable: true,
        enumerable: true,
        get: () => {
          const value = parts.part(name);
          Object.defineProperty(columns, name, { value, enumerable: true });
          return value;
        },
      });
    parts.register();
    lazyFiles.set(columns, parts);
    return {
      tag,
      columns,
      get ids() {
        return parts.part('ids') as Int32Array;
      },
      get runs() {
        return parts.runs();
      },
    };
  });
}

/**
 * Closes the snapshot file of columns that will not be read again (a stale snapshot once what is
 * kept of it is read; columns loaded only to check the snapshot is current); nothing for other columns.
 */
export function closeColumns(columns: RowColumns): void {
  lazyFiles.get(columns)?.close();
}

/** Reads what is still unread of columns from a snapshot (and closes it); nothing for other columns. */
export function settleColumns(columns: RowColumns): void {
  lazyFiles.get(columns)?.settle();
}
