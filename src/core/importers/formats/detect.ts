import { isPlausibleHeader, notATableMessage } from '../../files/plausible-table.js';
import type { ImportKind } from '../records.js';
import type { AnyFormat } from './types.js';

export class UnknownFormatError extends Error {
  constructor(file: string, header: readonly string[], candidates: readonly AnyFormat[], kind: ImportKind | undefined) {
    const expectations = candidates.map((format) => `  - ${format.label} [--format ${format.id}]: ${format.requiredColumns.join(', ')}`).join('\n');
    // The columns are quoted back only when line 1 is a header of column names: the first line of
    // anything else (a shadow file, a key) is content, never echoed (issue 14, item 6).
    const found = isPlausibleHeader(header) ? `Columns found: ${header.map((column) => JSON.stringify(column)).join(', ')}` : notATableMessage('The file');
    super(
      `${file}: line 1: the header does not match any known ${kind ?? 'song or movie'} format.\n` +
        `${found}\n` +
        `Known formats and the columns each expects:\n${expectations}\n` +
        'Rename the columns, or import it anyway with a column mapping: --mapping mapping.json (see "crossfade help import").',
    );
    this.name = 'UnknownFormatError';
  }
}

export class FormatMismatchError extends Error {
  constructor(file: string, format: AnyFormat, missing: readonly string[]) {
    super(
      `${file}: line 1: --format ${format.id} (${format.label}) needs the column(s) ${missing.map((column) => JSON.stringify(column)).join(', ')}, ` +
        'which the header lacks. Check the file, or use --mapping to map its columns.',
    );
    this.name = 'FormatMismatchError';
  }
}

export function missingColumns(format: AnyFormat, header: readonly string[]): string[] {
  const present = new Set(header.map((column) => column.trim().toLowerCase()));
  return format.requiredColumns.filter((column) => !present.has(column.toLowerCase()));
}

/** The known format whose required columns are all present; the most specific one wins. */
export function detectFormat(
  file: string,
  header: readonly string[],
  formats: readonly AnyFormat[],
  options: { kind?: ImportKind; formatId?: string } = {},
): AnyFormat {
  const pool = formats.filter((format) => options.kind === undefined || format.kind === options.kind);
  if (options.formatId !== undefined) {
    const chosen = formats.find((format) => format.id === options.formatId);
    if (!chosen) throw new Error(`Unknown --format "${options.formatId}". Known formats: ${formats.map((format) => format.id).join(', ')}.`);
    if (options.kind !== undefined && chosen.kind !== options.kind)
      throw new Error(`--format ${chosen.id} imports ${chosen.kind}, but --kind ${options.kind} was given.`);
    const missing = missingColumns(chosen, header);
    if (missing.length > 0) throw new FormatMismatchError(file, chosen, missing);
    return chosen;
  }
  const matches = pool.filter((format) => missingColumns(format, header).length === 0).sort((a, b) => b.requiredColumns.length - a.requiredColumns.length);
  if (matches.length === 0) throw new UnknownFormatError(file, header, pool, options.kind);
  return matches[0]!;
}
