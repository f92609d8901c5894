import path from 'node:path';
import { readCsvRecords, readHeader } from '../../importers/csv-records.js';
import { detectFileEncoding } from '../../text/detect-encoding.js';

/**
 * Reads a ground-truth CSV the way the importers do (encoding detection, delimiter sniffing,
 * csv-parse with relaxed quotes and column counts), so the matching works on any file of the
 * same schema, whatever its encoding, delimiter or line endings.
 */

/** A column the schema needs, with the header spellings accepted for it. */
export interface ColumnSpec {
  readonly name: string;
  /** Accepted header names, compared by columnKey (case, spaces and punctuation ignored). */
  readonly aliases: readonly string[];
  readonly optional?: boolean;
}

export class GroundTruthSchemaError extends Error {
  constructor(file: string, schema: string, header: readonly string[], missing: readonly ColumnSpec[]) {
    super(
      `${file}: line 1: not a ${schema} file: missing ${missing.map((column) => `"${column.name}"`).join(', ')}.\n` +
        `Columns found: ${header.map((column) => JSON.stringify(column)).join(', ')}\n` +
        `Expected columns (any of the spellings): ${missing.map((column) => `${column.name} = ${column.aliases.join(' | ')}`).join('; ')}`,
    );
    this.name = 'GroundTruthSchemaError';
  }
}

/** "IMDb ID", "imdb_id" and "imdbId" are the same column. */
export const columnKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface TableRow {
  readonly fields: readonly string[];
  /** 1-based line where the row starts. */
  readonly line: number;
}

export interface Table<Name extends string> {
  readonly file: string;
  readonly header: readonly string[];
  /** Header index of each schema column; -1 for an optional column the file lacks. */
  readonly columns: Readonly<Record<Name, number>>;
  rows(): AsyncGenerator<TableRow>;
}

/** Opens `file`, checks its header against `specs` and returns the column positions. */
export async function openTable<Name extends string>(
  file: string,
  schema: string,
  specs: readonly (ColumnSpec & { readonly name: Name })[],
): Promise<Table<Name>> {
  const resolved = path.resolve(file);
  const guess = await detectFileEncoding(resolved);
  const { delimiter, header } = await readHeader(resolved, guess.encoding);
  const keys = header.map(columnKey);
  const columns = {} as Record<Name, number>;
  const missing: ColumnSpec[] = [];
  for (const spec of specs) {
    const index = keys.findIndex((key) => spec.aliases.some((alias) => columnKey(alias) === key));
    if (index === -1 && !spec.optional) missing.push(spec);
    columns[spec.name] = index;
  }
  if (missing.length > 0) throw new GroundTruthSchemaError(resolved, schema, header, missing);
  return {
    file: resolved,
    header,
    columns,
    async *rows() {
      let first = true;
      for await (const entry of readCsvRecords(resolved, { encoding: guess.encoding, delimiter })) {
        // A record csv-parse could not read still counts as a row; it has no fields to match.
        if ('skipped' in entry) {
          yield { fields: [], line: entry.line };
          continue;
        }
        if (first) {
          first = false;
          continue;
        }
        yield { fields: entry.fields.map((field) => field.trim()), line: entry.line };
      }
    },
  };
}

/** A field by header index, '' when the index is -1 or the row is short. */
export const field = (row: TableRow, index: number): string => (index < 0 ? '' : (row.fields[index] ?? ''));
