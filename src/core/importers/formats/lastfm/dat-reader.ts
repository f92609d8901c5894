import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import type { ImportIssue } from '../../../catalog/import-runs.js';

/**
 * Reads one HetRec ".dat" file: TAB-separated, a header line, no quoting at all (artist names
 * such as `"Weird Al" Yankovic` and `Royce da 5'9"` hold bare quotes), LF or CRLF line ends.
 * Blank lines (user_taggedartists.dat ends with one) carry no data and are skipped silently.
 * A line with the wrong number of fields becomes an issue with its line number and is skipped.
 */

const MAX_EXCERPT = 200;

interface DatRow {
  /** 1-based line in the file. */
  readonly line: number;
  readonly fields: readonly string[];
}

interface DatReadOptions {
  readonly file: string;
  /** The file's name in messages (e.g. "tags.dat"). */
  readonly name: string;
  readonly encoding: string;
  /** The header the file must start with, e.g. ['userID', 'artistID', 'tagID', 'day', 'month', 'year']. */
  readonly columns: readonly string[];
  readonly signal?: AbortSignal;
}

class DatHeaderError extends Error {
  constructor(name: string, expected: readonly string[], found: readonly string[]) {
    super(
      `${name}: line 1: expected the header ${expected.join('<TAB>')}, found ${found.length === 0 ? 'an empty line' : found.join('<TAB>')}. ` +
        'Check that this is the HetRec 2011 Last.fm file of that name.',
    );
    this.name = 'DatHeaderError';
  }
}

/** An issue in the report's shape: the file name leads the reason, as several files share one run. */
export function datIssue(name: string, line: number, column: { name: string; number: number } | null, reason: string, excerpt: string | null): ImportIssue {
  return {
    line,
    columnName: column?.name ?? null,
    columnNumber: column?.number ?? null,
    reason: `${name}: ${reason}`,
    excerpt: excerpt === null ? null : excerpt.slice(0, MAX_EXCERPT),
  };
}

/** Yields the file's data rows with the right number of fields; every other row goes to `onIssue`. */
export async function* readDatRows(options: DatReadOptions, onIssue: (issue: ImportIssue) => void): AsyncGenerator<DatRow> {
  const parser = fs
    .createReadStream(options.file)
    .pipe(iconv.decodeStream(options.encoding))
    .pipe(parse({ delimiter: '\t', quote: null, relax_column_count: true, skip_empty_lines: true, bom: true, info: true, raw: true }));
  let headerSeen = false;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      if (options.signal?.aborted) return;
      const { record, info, raw } = item;
      if (!headerSeen) {
        headerSeen = true;
        const found = record.map((column) => column.trim());
        if (found.length !== options.columns.length || found.some((column, index) => column.toLowerCase() !== options.columns[index]!.toLowerCase()))
          throw new DatHeaderError(options.name, options.columns, found);
        continue;
      }
      const line = info.lines;
      if (record.length !== options.columns.length) {
        onIssue(
          datIssue(
            options.name,
            line,
            null,
            `expected ${options.columns.length} TAB-separated fields (${options.columns.join(', ')}), found ${record.length}`,
            raw.replace(/[\r\n]+$/u, ''),
          ),
        );
        continue;
      }
      yield { line, fields: record };
    }
    if (!headerSeen) throw new DatHeaderError(options.name, options.columns, []);
  } finally {
    parser.destroy();
  }
}

/** A field that must be a positive whole number (an id); null after reporting the issue when it is not. */
export function idField(name: string, row: DatRow, columns: readonly string[], index: number, onIssue: (issue: ImportIssue) => void): number | null {
  const text = row.fields[index]!.trim();
  if (/^[0-9]{1,15}$/u.test(text) && Number(text) > 0) return Number(text);
  onIssue(
    datIssue(
      name,
      row.line,
      { name: columns[index]!, number: index + 1 },
      `expected a positive whole number, found ${JSON.stringify(text)}`,
      row.fields.join('\t'),
    ),
  );
  return null;
}
