import type { ImportIssue } from '../catalog/import-runs.js';
import { TextCleaner, type TextIssueTally } from '../text/clean-text.js';
import { readCsvRecords, type RecordDelimiter } from './csv-records.js';
import { FORMATS } from './formats/index.js';
import { formatFromMapping, type ColumnMapping } from './formats/mapping.js';
import type { FormatContext, RowParser } from './formats/types.js';
import type { ImportKind, MovieRecord, SongRecord } from './records.js';
import { FieldError, RowReader } from './row.js';

/**
 * The reading half of an import: CSV records in, validated records and skipped-row issues out, in
 * chunks. It runs in the importing thread, or in a worker of its own (parse-worker.ts) so that
 * parsing one chunk overlaps writing the previous one; everything here is plain data, so the same
 * setup and chunks cross the thread boundary unchanged.
 */
export interface RowSourceSetup {
  readonly file: string;
  readonly displayName: string;
  readonly uploaded: boolean;
  readonly encoding: string;
  readonly delimiter: string;
  /** The line ending readHeader detected (detected again from the file when absent). */
  readonly recordDelimiter?: RecordDelimiter;
  readonly header: readonly string[];
  /** A built-in format by id, or a column mapping (already checked against the header). */
  readonly format: { readonly id: string } | { readonly mapping: ColumnMapping };
}

/** One data row: the record it became, or why it was skipped. */
export type ParsedRow = { readonly record: SongRecord | MovieRecord; readonly line: number } | { readonly issue: ImportIssue };

export interface ParsedChunk {
  /** In file order. */
  readonly rows: ParsedRow[];
  /** File bytes read so far. */
  readonly bytesRead: number;
  /** The format's notes since the previous chunk (e.g. "links.csv not found next to movies.csv"). */
  readonly warnings: string[];
}

export interface TextTallies {
  readonly repairedMojibake: TextIssueTally;
  readonly lostCharacters: TextIssueTally;
}

export interface RowSource {
  chunks(): AsyncGenerator<ParsedChunk>;
  /** What the text cleaner changed; complete once chunks() has finished. */
  tallies(): TextTallies;
  /** Stops reading (the consumer stopped early). */
  close(): Promise<void>;
}

const CHUNK_ROWS = 1000;
const MAX_EXCERPT = 200;

/** Opens the file's format in this thread. Throws (before reading any row) when the format cannot start. */
export async function openRowSource(setup: RowSourceSetup, signal?: AbortSignal): Promise<RowSource> {
  const format =
    'mapping' in setup.format ? formatFromMapping(setup.format.mapping, setup.header) : FORMATS.find((each) => each.id === (setup.format as { id: string }).id);
  if (!format) throw new Error(`Unknown format ${JSON.stringify(setup.format)}.`);
  let warnings: string[] = [];
  const context: FormatContext = {
    filePath: setup.file,
    displayName: setup.displayName,
    uploaded: setup.uploaded,
    signal,
    warn: (message) => warnings.push(message),
  };
  const parser = (await format.createParser(context)) as RowParser<ImportKind>;
  const cleaner = new TextCleaner();
  const columnIndex = new Map(setup.header.map((column, index) => [column.trim().toLowerCase(), index] as const));
  const row = new RowReader(columnIndex, cleaner);
  const fieldCount = setup.header.length;
  let stopped = false;

  async function* chunks(): AsyncGenerator<ParsedChunk> {
    let rows: ParsedRow[] = [];
    let bytesRead = 0;
    const take = (): ParsedChunk => {
      const chunk = { rows, bytesRead, warnings };
      rows = [];
      warnings = [];
      return chunk;
    };
    const skip = (issue: ImportIssue) => rows.push({ issue });
    let isHeader = true;
    const entries = readCsvRecords(setup.file, {
      encoding: setup.encoding,
      delimiter: setup.delimiter,
      ...(setup.recordDelimiter ? { recordDelimiter: setup.recordDelimiter } : {}),
      signal,
      onBytes: (bytes) => (bytesRead = bytes),
    });
    for await (const entry of entries) {
      if (stopped) return;
      if ('skipped' in entry) {
        skip({ line: entry.line, columnName: null, columnNumber: null, reason: `unreadable CSV: ${entry.reason}`, excerpt: null });
      } else if (isHeader) {
        isHeader = false;
        continue;
      } else {
        const problem = checkFieldCount(entry.fields, fieldCount);
        if (problem) {
          skip({ line: entry.line, columnName: null, columnNumber: null, reason: problem, excerpt: excerpt(entry.fields, setup.delimiter) });
        } else {
          row.fields = entry.fields;
          row.line = entry.line;
          try {
            rows.push({ record: parser(row), line: entry.line });
          } catch (error) {
            if (!(error instanceof FieldError)) throw error;
            skip({
              line: entry.line,
              columnName: error.column,
              columnNumber: error.columnNumber,
              reason: error.message,
              excerpt: excerpt(entry.fields, setup.delimiter),
            });
          }
        }
      }
      if (rows.length >= CHUNK_ROWS) yield take();
    }
    if (!stopped && (rows.length > 0 || warnings.length > 0)) yield take();
  }

  return {
    chunks,
    tallies: () => ({ repairedMojibake: cleaner.repairedMojibake, lostCharacters: cleaner.lostCharacters }),
    close: async () => {
      stopped = true;
    },
  };
}

/** Trailing empty fields (spreadsheet padding) are harmless; any other count mismatch is not. */
function checkFieldCount(fields: string[], expected: number): string | null {
  if (fields.length === expected) return null;
  if (fields.length > expected && fields.slice(expected).every((field) => field.trim() === '')) {
    fields.length = expected;
    return null;
  }
  return `expected ${expected} fields, found ${fields.length}`;
}

function excerpt(fields: readonly string[], delimiter: string): string {
  const text = fields.join(delimiter);
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text;
}
