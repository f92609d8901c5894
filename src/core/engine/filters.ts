import { Bitset } from './bitset.js';

/**
 * Filter bitsets from per-row columns (arrays aligned with the matrix rows), built word by word.
 * Typical columns: kind (0 song / 1 movie), genre bitmask, release year (NaN = unknown),
 * language code index, explicit/adult flag, vote count. Combine results with and/or/andNot.
 */
type NumericColumn = ArrayLike<number>;

function build(length: number, test: (row: number) => boolean): Bitset {
  return Bitset.fromPredicate(length, test);
}

/** Rows whose value equals `value`. */
export function equalsFilter(column: NumericColumn, value: number): Bitset {
  return build(column.length, (row) => column[row] === value);
}

/** Rows whose value is one of `values`. */
export function anyOfFilter(column: NumericColumn, values: Iterable<number>): Bitset {
  const wanted = new Set(values);
  return build(column.length, (row) => wanted.has(column[row]!));
}

/** Rows with min <= value <= max (either bound may be omitted); NaN (unknown) never matches. */
export function rangeFilter(column: NumericColumn, min = -Infinity, max = Infinity): Bitset {
  return build(column.length, (row) => {
    const v = column[row]!;
    return v >= min && v <= max;
  });
}

/** Rows with value >= min (e.g. a minimum vote count). */
export function atLeastFilter(column: NumericColumn, min: number): Bitset {
  return rangeFilter(column, min, Infinity);
}

/**
 * Rows whose bitmask column (e.g. one bit per genre) shares any bit with `mask` (mode 'any'),
 * or contains every bit of `mask` (mode 'all').
 */
export function maskFilter(column: NumericColumn, mask: number, mode: 'any' | 'all' = 'any'): Bitset {
  const m = mask >>> 0;
  return mode === 'any' ? build(column.length, (row) => (column[row]! & m) >>> 0 !== 0) : build(column.length, (row) => (column[row]! & m) >>> 0 === m);
}

/** Rows whose flag column (0/1, e.g. explicit or adult) is not set. */
export function notFlaggedFilter(column: NumericColumn): Bitset {
  return build(column.length, (row) => !column[row]);
}
