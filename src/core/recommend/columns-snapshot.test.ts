import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { closeColumns, readColumnsSnapshot, settleColumns, writeColumnsSnapshot } from './columns-snapshot.js';
import type { RowColumns } from './filter-columns.js';

function columnsOf(count: number, seed: number): { ids: Int32Array; columns: RowColumns } {
  const ids = Int32Array.from({ length: count }, (_, row) => 1 + row * 3);
  return {
    ids,
    columns: {
      count,
      year: Float32Array.from({ length: count }, (_, row) => (row % 7 === 0 ? Number.NaN : 1950 + ((row * seed) % 70))),
      flagged: Uint8Array.from({ length: count }, (_, row) => ((row * seed) % 5 === 0 ? 1 : 0)),
      language: Int16Array.from({ length: count }, (_, row) => ((row + seed) % 4) - 1),
      languages: ['en', 'fr', 'ja'],
      votes: Float64Array.from({ length: count }, (_, row) => (row * seed) % 10_000),
    },
  };
}

/** Descriptors of this process open on `file`. */
function openOn(file: string): number {
  const target = fs.realpathSync(file);
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === target;
    } catch {
      return false;
    }
  }).length;
}

const onLinux = process.platform === 'linux';

describe('filter columns snapshots', () => {
  it('read each column at its first use, the same values as written, and close the file once everything is read', () => {
    const file = path.join(tempDir(), 'vibe-movie.columns');
    const { ids, columns } = columnsOf(5_000, 7);
    writeColumnsSnapshot(file, columns, ids, 'tag 1', [[4, 'done', '2026-12-06', null]]);
    const snapshot = readColumnsSnapshot(file)!;
    expect(snapshot.tag).toBe('tag 1');
    expect(snapshot.columns.count).toBe(5_000);
    expect(snapshot.columns.languages).toEqual(['en', 'fr', 'ja']);
    if (onLinux) expect(openOn(file)).toBe(1);
    expect(Array.from(snapshot.columns.flagged)).toEqual(Array.from(columns.flagged));
    // Read once, then a plain property: the same array every time.
    expect(snapshot.columns.flagged).toBe(snapshot.columns.flagged);
    expect(Array.from(snapshot.columns.year)).toEqual(Array.from(columns.year));
    expect(Array.from(snapshot.ids)).toEqual(Array.from(ids));
    expect(Array.from(snapshot.columns.language)).toEqual(Array.from(columns.language));
    if (onLinux) expect(openOn(file)).toBe(1);
    expect(Array.from(snapshot.columns.votes)).toEqual(Array.from(columns.votes));
    expect(snapshot.runs).toEqual([[4, 'done', '2026-12-06', null]]);
    if (onLinux) expect(openOn(file)).toBe(0);
  });

  it('keep serving the version whose header was read when a newer snapshot replaces the file', () => {
    const file = path.join(tempDir(), 'vibe-song.columns');
    const first = columnsOf(3_000, 3);
    writeColumnsSnapshot(file, first.columns, first.ids, 'tag 1', []);
    const snapshot = readColumnsSnapshot(file)!;
    const second = columnsOf(4_000, 11);
    writeColumnsSnapshot(file, second.columns, second.ids, 'tag 2', []);
    expect(Array.from(snapshot.columns.votes)).toEqual(Array.from(first.columns.votes));
    expect(readColumnsSnapshot(file)!.tag).toBe('tag 2');
  });

  it('settle: read the rest and close; close: close without reading', () => {
    const file = path.join(tempDir(), 'vibe-movie.columns');
    const { ids, columns } = columnsOf(2_000, 5);
    writeColumnsSnapshot(file, columns, ids, 'tag', []);
    const settled = readColumnsSnapshot(file)!;
    settleColumns(settled.columns);
    if (onLinux) expect(openOn(file)).toBe(0);
    expect(Array.from(settled.columns.year)).toEqual(Array.from(columns.year));
    const closed = readColumnsSnapshot(file)!;
    closeColumns(closed.columns);
    if (onLinux) expect(openOn(file)).toBe(0);
    // Columns of other origins are left alone.
    settleColumns(columns);
  });

  it('read nothing from a torn, foreign or short file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'vibe-movie.columns');
    const { ids, columns } = columnsOf(1_000, 2);
    writeColumnsSnapshot(file, columns, ids, 'tag', []);
    fs.truncateSync(file, fs.statSync(file).size - 1);
    expect(readColumnsSnapshot(file)).toBeNull();
    fs.writeFileSync(file, 'not a snapshot');
    expect(readColumnsSnapshot(file)).toBeNull();
    expect(readColumnsSnapshot(path.join(dir, 'missing.columns'))).toBeNull();
    if (onLinux) expect(openOn(file)).toBe(0);
  });
});
