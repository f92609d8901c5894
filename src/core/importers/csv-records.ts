import { Parser, type CsvError, type Options as CsvParseOptions } from 'csv-parse';
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
 * A csv-parse stream that tags each record with the line it starts on, and reports unreadable
 * records with theirs.
 *
 * Lines are taken from the parser's live `info.lines` at the moment it emits a record (the
 * `info: true` option copies its whole counter object, some twenty properties, for every record:
 * about a fifth of parsing). Two corrections make them right: a record starts as many lines
 * before it ends as its fields hold line breaks (counting from the end also skips blank lines
 * before it), and csv-parse counts a CRLF inside a quoted field as two lines, so every such CRLF
 * seen so far is taken off. An unreadable record (an unclosed quote swallows the rest of the file)
 * is reported at the line after the previous record, where it starts; csv-parse's own "at line N"
 * counts differently and is left out of the reason.
 */
class LineTaggingParser extends Parser {
  private crlfInsideFields = 0;
  private lastEndLine = 0;

  constructor(options: CsvParseOptions, onSkip: (skip: CsvSkip) => void) {
    super({ ...options, info: false, raw: false, objname: undefined, columns: false, skip_records_with_error: true });
    this.on('skip', (error: CsvError | undefined) => {
      const reason = (error?.message ?? 'unreadable CSV record').replace(/ (?:at|on) line \d+/g, '');
      onSkip({ skipped: true, line: this.lastEndLine + 1, reason });
    });
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    const fields = record as string[];
    let breaks = 0;
    for (const field of fields) {
      if (field.includes('\n') || field.includes('\r')) {
        const crlf = countOf(field, '\r\n');
        this.crlfInsideFields += crlf;
        breaks += countOf(field, '\n') + countOf(field, '\r') - crlf;
      }
    }
    this.lastEndLine = this.info.lines - this.crlfInsideFields;
    const tagged: CsvRecord = { fields, line: this.lastEndLine - breaks };
    return super.push(tagged);
  }
}

function countOf(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
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
  // csv-parse works on UTF-8 bytes and decodes each field itself (invalid bytes become U+FFFD, as
  // in any decoder), so UTF-8 goes in as read; decoding it to text first, which csv-parse turned
  // back into bytes, cost a tenth of parsing. Other encodings are decoded by iconv-lite.
  const utf8 = options.encoding === 'utf-8';
  const parser = new LineTaggingParser(
    { delimiter: options.delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: utf8 },
    (skip) => skips.push(skip),
  );
  source.on('error', (error) => parser.destroy(error));
  if (utf8) {
    source.pipe(counter).pipe(parser);
  } else {
    const decoder = iconv.decodeStream(options.encoding, { stripBOM: true });
    decoder.on('error', (error) => parser.destroy(error));
    source.pipe(counter).pipe(decoder).pipe(parser);
  }
  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) {
      while (skips.length > 0) yield skips.shift()!;
      if (options.signal?.aborted) return;
      yield record;
    }
    while (skips.length > 0) yield skips.shift()!;
  } finally {
    source.destroy();
  }
}
