import { parse, type CsvError } from 'csv-parse';
import { parse as parseLine } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import { Transform } from 'node:stream';

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line where the record starts in the file. */
  readonly line: number;
}

export interface CsvSkip {
  readonly skipped: true;
  readonly line: number;
  readonly reason: string;
}

export interface CsvReadOptions {
  readonly encoding: string;
  readonly delimiter: string;
  readonly signal?: AbortSignal;
  /** Called with the number of file bytes consumed so far. */
  readonly onBytes?: (bytes: number) => void;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Picks the delimiter from the header line: the candidate that occurs most often outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of headerLine) {
      if (char === '"') quoted = !quoted;
      else if (char === candidate && !quoted) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** The first line of the file, decoded (BOM removed), to detect the delimiter and the header. */
export async function readFirstLine(file: string, encoding: string, maxBytes = 1 << 20): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    const text = iconv.decode(buffer.subarray(0, bytesRead), encoding, { stripBOM: true });
    const end = text.search(/\r?\n/);
    return end === -1 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

/** The header row of a delimited file and the delimiter it uses (an empty header for an empty file). */
export async function readHeader(file: string, encoding: string): Promise<{ readonly delimiter: string; readonly header: string[] }> {
  const headerLine = await readFirstLine(file, encoding);
  const delimiter = sniffDelimiter(headerLine);
  const header = (parseLine(headerLine, { delimiter, relax_quotes: true, relax_column_count: true })[0] as string[] | undefined) ?? [];
  return { delimiter, header };
}

/**
 * Streams a delimited file as records with their line numbers, decoding with iconv-lite and
 * parsing with csv-parse. Records that csv-parse cannot read (e.g. an unclosed quote) come
 * out as CsvSkip entries instead of stopping the import.
 */
export async function* readCsvRecords(file: string, options: CsvReadOptions): AsyncGenerator<CsvRecord | CsvSkip> {
  const skips: CsvSkip[] = [];
  let bytes = 0;
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      options.onBytes?.(bytes);
      callback(null, chunk);
    },
  });
  const parser = parse({
    delimiter: options.delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      const line = typeof (error as { lines?: unknown } | undefined)?.lines === 'number' ? (error as unknown as { lines: number }).lines : 0;
      skips.push({ skipped: true, line, reason: error?.message ?? 'unreadable CSV record' });
    },
  });
  const decoder = iconv.decodeStream(options.encoding, { stripBOM: true });
  source.on('error', (error) => parser.destroy(error));
  decoder.on('error', (error) => parser.destroy(error));
  source.pipe(counter).pipe(decoder).pipe(parser);
  let previousEndLine = 0;
  try {
    for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (skips.length > 0) yield skips.shift()!;
      if (options.signal?.aborted) return;
      const startLine = Math.max(previousEndLine + 1, 1);
      previousEndLine = entry.info.lines;
      yield { fields: entry.record, line: startLine };
    }
    while (skips.length > 0) yield skips.shift()!;
  } finally {
    source.destroy();
  }
}
