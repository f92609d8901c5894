import type { TextCleaner } from '../text/clean-text.js';

/** A field that could not be read: reported with line and column, and the row is skipped. */
export class FieldError extends Error {
  constructor(
    readonly column: string,
    readonly columnNumber: number | null,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`column "${column}"${columnNumber === null ? '' : ` (${columnNumber})`}: expected ${expected}, got ${quote(got)}`);
  }
}

function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return value === '' ? 'an empty value' : JSON.stringify(shown);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_VALUES = new Set(['true', '1', 'yes', 't', 'y']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'f', 'n']);
const NULL_VALUES = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '\\n']);
const LONGEST_NULL_VALUE = Math.max(...[...NULL_VALUES].map((value) => value.length));

/** Whether a (trimmed) cell means "no value"; most cells are longer than any null spelling. */
function isNullValue(value: string): boolean {
  return value.length <= LONGEST_NULL_VALUE && NULL_VALUES.has(value.toLowerCase());
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Accept "28,826" (thousands separators), as OMDb and spreadsheets write counts. */
  readonly thousands?: boolean;
}

/**
 * Typed access to one CSV record by column name. Each getter either returns a clean value,
 * null for an empty cell, or throws FieldError naming the column and what was expected.
 */
export class RowReader {
  fields: readonly string[] = [];
  line = 0;
  /** Column names as the format spells them -> field index (-1: absent); saves lower-casing every cell's name. */
  private readonly resolved = new Map<string, number>();

  constructor(
    private readonly columnIndex: ReadonlyMap<string, number>,
    private readonly cleaner: TextCleaner,
  ) {}

  has(column: string): boolean {
    return this.indexOf(column) !== -1;
  }

  raw(column: string): string {
    const index = this.indexOf(column);
    return index === -1 ? '' : (this.fields[index] ?? '');
  }

  private indexOf(column: string): number {
    let index = this.resolved.get(column);
    if (index === undefined) {
      index = this.columnIndex.get(column.toLowerCase()) ?? -1;
      this.resolved.set(column, index);
    }
    return index;
  }

  /** Cleaned text (mojibake repaired, trimmed, NFC), or null when empty. */
  text(column: string): string | null {
    const value = this.raw(column);
    if (value === '') return null;
    const cleaned = this.cleaner.clean(value, this.line);
    return cleaned === '' ? null : cleaned;
  }

  /** Cleans a value taken from inside a cell (e.g. one artist from a list). */
  clean(value: string): string {
    return this.cleaner.clean(value, this.line);
  }

  requiredText(column: string, expected = 'a non-empty value'): string {
    const value = this.text(column);
    if (value === null) throw this.error(column, expected);
    return value;
  }

  number(column: string, rule: NumberRule = {}): number | null {
    let value = this.raw(column).trim();
    if (isNullValue(value)) return null;
    if (rule.thousands) value = value.replace(/,(?=\d{3}\b)/g, '');
    if (!NUMBER.test(value)) throw this.error(column, describe(rule));
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || (rule.integer && !Number.isInteger(parsed))) throw this.error(column, describe(rule));
    if ((rule.min !== undefined && parsed < rule.min) || (rule.max !== undefined && parsed > rule.max)) throw this.error(column, describe(rule));
    return parsed;
  }

  requiredNumber(column: string, rule: NumberRule = {}): number {
    const value = this.number(column, rule);
    if (value === null) throw this.error(column, describe(rule));
    return value;
  }

  boolean(column: string): boolean | null {
    const value = this.raw(column).trim().toLowerCase();
    if (isNullValue(value)) return null;
    if (TRUE_VALUES.has(value)) return true;
    if (FALSE_VALUES.has(value)) return false;
    throw this.error(column, 'true or false');
  }

  error(column: string, expected: string): FieldError {
    const index = this.indexOf(column);
    return new FieldError(column, index === -1 ? null : index + 1, expected, this.raw(column));
  }
}

function describe(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return `${kind} of at least ${rule.min}`;
  return kind;
}
