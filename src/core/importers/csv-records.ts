import { Parser, type CsvError, type Options as CsvParseOptions } from 'csv-parse';
import { parse as parseLine } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import fs from 'node:fs';

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
function sniffDelimiter(headerLine: string): string {
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

/** The first bytes of the file, decoded (BOM removed), and whether the file goes on after them. */
async function readTextPrefix(file: string, encoding: string, maxBytes: number): Promise<{ readonly text: string; readonly truncated: boolean }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    const truncated = bytesRead === maxBytes && (await handle.stat()).size > maxBytes;
    return { text: iconv.decode(buffer.subarray(0, bytesRead), encoding, { stripBOM: true }), truncated };
  } finally {
    await handle.close();
  }
}

/**
 * The header row of a delimited file, the delimiter it uses and its line ending (an empty header
 * for an empty file). Throws CsvStructureError when the first line is longer than MAX_RECORD_BYTES:
 * a file of one endless line is not a table, and saying so at once beats parsing all of it.
 */
export async function readHeader(
  file: string,
  encoding: string,
): Promise<{ readonly delimiter: string; readonly header: string[]; readonly recordDelimiter: RecordDelimiter }> {
  const { text, truncated } = await readTextPrefix(file, encoding, MAX_RECORD_BYTES);
  const end = text.search(/\r?\n/);
  const headerLine = end === -1 ? text : text.slice(0, end);
  const delimiter = sniffDelimiter(headerLine);
  const recordDelimiter = detectRecordDelimiter(text, delimiter);
  if (recordDelimiter === null && truncated) throw lineTooLong(1);
  const header = (parseLine(headerLine, { delimiter, relax_quotes: true, relax_column_count: true })[0] as string[] | undefined) ?? [];
  return { delimiter, header, recordDelimiter: recordDelimiter ?? '\n' };
}

/** The line ending between records. */
export type RecordDelimiter = '\r\n' | '\n' | '\r';

/**
 * The longest record (and so field) read: 1 MiB. The longest real rows (TMDb's overviews and
 * keyword lists) are a few KiB; anything longer is a file that is not a table or a quote that
 * never closes, and must end in a clear error instead of a parser holding the whole file.
 */
export const MAX_RECORD_BYTES = 1 << 20;
/** A quoted record running over more lines than this is an unclosed quote, not a multi-line cell. */
const MAX_RECORD_LINES = 1000;
/** More damaged records than this (each re-read from the line after it) and the file is not read further. */
const MAX_DAMAGED_RECORDS = 1000;

/** The file cannot be read as a table at all (its first line is endless, its header never closes a quote, …). */
export class CsvStructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvStructureError';
  }
}

const MIB = 1 << 20;
const sizeText = (bytes: number) => (bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${Math.round(bytes / 1024)} KiB`);
function lineTooLong(line: number, maxBytes = MAX_RECORD_BYTES): CsvStructureError {
  return new CsvStructureError(`line ${line} is longer than ${sizeText(maxBytes)}: is this really a CSV file?`);
}

/**
 * The line ending of a delimited text: the first line break outside a quoted field, read the way
 * csv-parse discovers it (CRLF, else LF, else CR), or null when the text has none. Detected once and
 * handed to csv-parse, which otherwise tries every position of an endless first line as a possible
 * line ending.
 */
export function detectRecordDelimiter(text: string, delimiter: string): RecordDelimiter | null {
  let quoted = false;
  let fieldStart = true;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') index++;
        else quoted = false;
      }
      continue;
    }
    if (char === '\r') return text[index + 1] === '\n' ? '\r\n' : '\r';
    if (char === '\n') return '\n';
    if (char === '"' && fieldStart) quoted = true;
    fieldStart = char === delimiter;
  }
  return null;
}

export interface CsvReadOptions {
  readonly encoding: string;
  readonly delimiter: string;
  /** The line ending (readHeader detects it); by default detected from the first bytes read. */
  readonly recordDelimiter?: RecordDelimiter;
  /** Read only this many bytes of the file (a preview): a record cut off there is left out. */
  readonly maxBytes?: number;
  /** The longest record accepted; default MAX_RECORD_BYTES. */
  readonly maxRecordBytes?: number;
  readonly signal?: AbortSignal;
  /** Called with the number of file bytes consumed so far. */
  readonly onBytes?: (bytes: number) => void;
}

/**
 * Streams a delimited file as records with their line numbers, decoding with iconv-lite and
 * parsing with csv-parse. A record that cannot be read comes out as a CsvSkip and reading goes on
 * at the line after it (see RecordReader), so one unclosed quote costs one row, not the rest of the
 * file. Throws CsvStructureError when the header itself cannot be read.
 */
export async function* readCsvRecords(file: string, options: CsvReadOptions): AsyncGenerator<CsvRecord | CsvSkip> {
  let bytes = 0;
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20, ...(options.maxBytes !== undefined ? { end: options.maxBytes - 1 } : {}) });
  // csv-parse works on UTF-8 bytes and decodes each field itself (invalid bytes become U+FFFD, as
  // in any decoder), so UTF-8 goes in as read; decoding it to text first, which csv-parse turned
  // back into bytes, cost a tenth of parsing. Other encodings are decoded by iconv-lite.
  const utf8 = options.encoding === 'utf-8';
  const counted = (async function* () {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      options.onBytes?.(bytes);
      yield chunk;
    }
  })();
  const decoded = utf8 ? counted : decodeToUtf8(counted, options.encoding);
  let reader: RecordReader | null = null;
  try {
    for await (const chunk of decoded) {
      reader ??= new RecordReader({
        delimiter: options.delimiter,
        recordDelimiter: options.recordDelimiter ?? detectRecordDelimiter(firstLineText(chunk), options.delimiter) ?? '\n',
        maxRecordBytes: options.maxRecordBytes ?? MAX_RECORD_BYTES,
        bom: utf8,
      });
      reader.feed(chunk);
      for (const entry of reader.take()) {
        if (options.signal?.aborted) return;
        yield entry;
      }
      if (options.signal?.aborted) return;
    }
    if (!reader) return;
    const cutOff = options.maxBytes !== undefined && bytes >= options.maxBytes && fs.statSync(file).size > options.maxBytes;
    if (cutOff) {
      // The last record may be cut off: leave it out; but a prefix without one whole record is one endless line.
      if (!reader.tookRecord) throw lineTooLong(1, options.maxBytes);
      return;
    }
    reader.end();
    for (const entry of reader.take()) yield entry;
  } finally {
    source.destroy();
  }
}

/** The start of the parser's input as text for detectRecordDelimiter: only ASCII matters there, so latin1 will do. */
function firstLineText(chunk: Buffer): string {
  const start = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
  return chunk.toString('latin1', start, Math.min(chunk.length, start + MAX_RECORD_BYTES));
}

/** Decodes a legacy encoding to UTF-8 bytes for csv-parse. */
async function* decodeToUtf8(chunks: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<Buffer> {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.end();
  if (rest) yield Buffer.from(rest, 'utf8');
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

/** Thrown out of csv-parse's push to abandon a record that turned out to be a runaway quote. */
class RunawayRecord {
  constructor(readonly startLine: number) {}
}

/** csv-parse's stream parser with each record handed to `onRecord` as parsing reaches it. */
class RecordParser extends Parser {
  constructor(
    options: CsvParseOptions,
    private readonly onRecord: (fields: string[]) => void,
  ) {
    super({ ...options, info: false, raw: false, objname: undefined, columns: false });
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    this.onRecord(record as string[]);
    return true;
  }
}

interface RecordReaderSettings {
  readonly delimiter: string;
  readonly recordDelimiter: RecordDelimiter;
  readonly maxRecordBytes: number;
  /** Skip a UTF-8 byte order mark at the start. */
  readonly bom: boolean;
}

/**
 * Turns the file's bytes (UTF-8) into records tagged with the line each starts on, and recovers
 * from records that cannot be right.
 *
 * csv-parse is driven through its Transform hooks, synchronously, so that a record can be
 * abandoned the moment it turns out to be damaged and parsing restarted at the line after the one
 * it started on. The bytes from the start of the record being read are kept for that (at most
 * MAX_RECORD_BYTES and a read chunk). A record is damaged when
 * - csv-parse reaches the end of the file inside quotes, or the record grows past maxRecordBytes
 *   or MAX_RECORD_LINES inside quotes: a quote that never closes ("unclosed quote starting at line N");
 * - a quoted field holds a line break and then either the record has the wrong number of fields
 *   or the field ends in a stray quote (a quote followed by neither a delimiter nor a line end,
 *   which relax_quotes accepts): a quote left open that swallowed the lines after it;
 * - the record grows past maxRecordBytes outside quotes ("line N is longer than 1 MiB").
 * Well-formed files never meet any of these, so they read exactly as csv-parse reads them.
 *
 * Line numbers: a record starts as many lines before it ends as its fields hold line breaks
 * (counting from the end also skips blank lines before it), and csv-parse counts a CRLF inside a
 * quoted field as two lines, so every such CRLF seen so far is taken off.
 */
class RecordReader {
  private parser!: RecordParser;
  /** File line of the parser's line 0: the parser was (re)started after that line. */
  private lineOffset = 0;
  private crlfInsideFields = 0;
  /** The parser's input from `pendingStart` on: the record being read (and blank lines before it). */
  private pending: Buffer = EMPTY;
  private pendingStart = 0;
  /** Parser-input offset just after the last record taken. */
  private recordEnd = 0;
  /** File line the last record taken ends on. */
  private lastEndLine = 0;
  /** The header's field count, once read. */
  private expectedFields: number | null = null;
  /** After a damaged record whose line did not end within the kept bytes: drop input up to the next line break. */
  private discarding = false;
  private dropLeadingLf = false;
  private damaged = 0;
  /** Bumped by every restart: a flush that restarted the parser has to flush the new one. */
  private generation = 0;
  private readonly delimiterByte: number;
  private readonly recordDelimiterBytes: Buffer;
  private out: (CsvRecord | CsvSkip)[] = [];
  tookRecord = false;

  constructor(private readonly settings: RecordReaderSettings) {
    this.delimiterByte = Buffer.from(settings.delimiter)[0]!;
    this.recordDelimiterBytes = Buffer.from(settings.recordDelimiter);
    this.restart(0, settings.bom);
  }

  /** The records and skips found since the last call. */
  take(): (CsvRecord | CsvSkip)[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  feed(input: Buffer): void {
    let chunk = input;
    if (this.dropLeadingLf) {
      this.dropLeadingLf = false;
      if (chunk[0] === LF) chunk = chunk.subarray(1);
    }
    if (this.discarding) {
      chunk = this.afterLineBreak(chunk);
      if (chunk.length === 0) return;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const generation = this.generation;
    this.run((done) => this.parser._transform(chunk, 'utf8', done));
    if (generation !== this.generation) return; // restarted: the new parser was fed what followed
    this.pending = this.unread();
    this.pendingStart = this.recordEnd;
    this.checkRecordInProgress();
  }

  end(): void {
    for (;;) {
      const generation = this.generation;
      this.run((done) => this.parser._flush(done));
      if (generation === this.generation) return;
    }
  }

  private restart(afterLine: number, bom = false): void {
    this.generation++;
    this.lineOffset = afterLine;
    this.crlfInsideFields = 0;
    this.pending = EMPTY;
    this.pendingStart = 0;
    this.recordEnd = 0;
    this.lastEndLine = afterLine;
    this.parser = new RecordParser(
      {
        delimiter: this.settings.delimiter,
        record_delimiter: this.settings.recordDelimiter,
        max_record_size: this.settings.maxRecordBytes,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        bom,
      },
      (fields) => this.onRecord(fields),
    );
  }

  private run(step: (done: (error?: Error | null) => void) => void): void {
    let failure: unknown = null;
    try {
      step((error) => {
        if (error) failure = error;
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== null) this.onFailure(failure);
  }

  private onRecord(fields: string[]): void {
    let breaks = 0;
    let crlf = 0;
    for (const field of fields) {
      if (field.includes('\n') || field.includes('\r')) {
        const pairs = countOf(field, '\r\n');
        crlf += pairs;
        breaks += countOf(field, '\n') + countOf(field, '\r') - pairs;
      }
    }
    const endLine = this.lineOffset + this.parser.info.lines - this.crlfInsideFields - crlf;
    const startLine = endLine - breaks;
    if (breaks > 0 && this.isRunaway(fields, breaks)) throw new RunawayRecord(startLine);
    this.crlfInsideFields += crlf;
    this.recordEnd = this.parser.info.bytes;
    this.lastEndLine = endLine;
    this.expectedFields ??= fields.length;
    this.tookRecord = true;
    this.out.push({ fields, line: startLine });
  }

  private isRunaway(fields: readonly string[], breaks: number): boolean {
    if (breaks >= MAX_RECORD_LINES) return true;
    if (this.expectedFields !== null && !fieldCountFits(fields, this.expectedFields)) return true;
    const raw = this.unread().subarray(0, this.parser.info.bytes - this.recordEnd);
    return this.scanQuotes(raw).strayQuoteAfterLineBreak;
  }

  /** The input from the end of the last record taken on: the record being read (and blank lines before it). */
  private unread(): Buffer {
    return this.pending.subarray(this.recordEnd - this.pendingStart);
  }

  /** A record still being read that has run over MAX_RECORD_LINES lines inside quotes is a runaway too. */
  private checkRecordInProgress(): void {
    const unread = this.unread();
    if (unread.length < 64 * 1024) return;
    let lines = 0;
    for (let at = unread.indexOf(LF); at !== -1 && lines < MAX_RECORD_LINES; at = unread.indexOf(LF, at + 1)) lines++;
    if (lines < MAX_RECORD_LINES || !this.scanQuotes(unread).openAtEnd) return;
    this.recoverAfter(this.currentStartLine(), `unclosed quote starting at line ${this.currentStartLine()}`);
  }

  private onFailure(failure: unknown): void {
    if (failure instanceof RunawayRecord) return this.recoverAfter(failure.startLine, `unclosed quote starting at line ${failure.startLine}`);
    if (failure instanceof CsvStructureError) throw failure;
    const code = (failure as Partial<CsvError>).code;
    const line = this.currentStartLine();
    if (code === 'CSV_QUOTE_NOT_CLOSED') return this.recoverAfter(line, `unclosed quote starting at line ${line}`);
    if (code === 'CSV_MAX_RECORD_SIZE') {
      if (this.scanQuotes(this.unread()).openAtEnd) return this.recoverAfter(line, `unclosed quote starting at line ${line}`);
      if (!this.tookRecord) throw lineTooLong(line, this.settings.maxRecordBytes);
      return this.recoverAfter(line, `line ${line} is longer than ${sizeText(this.settings.maxRecordBytes)}, more than one row may hold`);
    }
    if (!(failure instanceof Error) || code === undefined) throw failure;
    this.recoverAfter(line, (failure.message || 'unreadable CSV record').replace(/ (?:at|on) line \d+/g, ''));
  }

  /** Reports the record starting at `line` as skipped and reads on from the line after it. */
  private recoverAfter(line: number, reason: string): void {
    if (!this.tookRecord) throw new CsvStructureError(`line ${line}: the header cannot be read (${reason}); fix the first line of the file.`);
    if (++this.damaged > MAX_DAMAGED_RECORDS)
      throw new CsvStructureError(`more than ${MAX_DAMAGED_RECORDS} rows are damaged (the last: ${reason}): is this a CSV file with " as its quote character?`);
    this.out.push({ skipped: true, line, reason });
    const unread = this.unread();
    const next = this.offsetOfLine(unread, line + 1);
    const rest = next === -1 ? EMPTY : unread.subarray(next);
    this.restart(line);
    if (next === -1) {
      this.discarding = true;
      return;
    }
    if (rest.length > 0) this.feed(rest);
  }

  /** The line the record being read starts on: after the last record, past blank lines. */
  private currentStartLine(): number {
    const rd = this.recordDelimiterBytes;
    const unread = this.unread();
    let line = this.lastEndLine + 1;
    for (let at = 0; at + rd.length <= unread.length && unread.subarray(at, at + rd.length).equals(rd); at += rd.length) line++;
    return line;
  }

  /** Offset in `unread` (which starts on line lastEndLine + 1) where `line` starts, or -1 when it has not been read yet. */
  private offsetOfLine(unread: Buffer, line: number): number {
    let at = 0;
    for (let current = this.lastEndLine + 1; current < line; current++) {
      const end = nextLineBreak(unread, at);
      if (end === -1) return -1;
      at = end + (unread[end] === CR && unread[end + 1] === LF ? 2 : 1);
      if (unread[end] === CR && end + 1 === unread.length) this.dropLeadingLf = true;
    }
    return at;
  }

  private afterLineBreak(chunk: Buffer): Buffer {
    const end = nextLineBreak(chunk, 0);
    if (end === -1) return EMPTY;
    this.discarding = false;
    if (chunk[end] === CR && end + 1 === chunk.length) this.dropLeadingLf = true;
    return chunk.subarray(end + (chunk[end] === CR && chunk[end + 1] === LF ? 2 : 1));
  }

  /**
   * Follows csv-parse's quoting over a record's bytes (relax_quotes): a quote opens a field only at
   * its start, "" inside quotes is a quote, and a quote followed by neither the delimiter nor a line
   * end closes the field anyway (a stray quote). Says whether quotes are open at the end and whether
   * a quoted field ran over a line break and then ended in a stray quote.
   */
  private scanQuotes(raw: Buffer): { openAtEnd: boolean; strayQuoteAfterLineBreak: boolean } {
    const rd = this.recordDelimiterBytes;
    const isRecordDelimiterAt = (at: number) => raw[at] === rd[0] && (rd.length === 1 || raw[at + 1] === rd[1]);
    let quoted = false;
    let fieldStart = true;
    let breakInQuotes = false;
    let stray = false;
    for (let at = 0; at < raw.length; at++) {
      const byte = raw[at]!;
      if (quoted) {
        if (byte === CR || byte === LF) breakInQuotes = true;
        else if (byte === QUOTE) {
          const next = at + 1;
          if (raw[next] === QUOTE) at++;
          else {
            if (next < raw.length && raw[next] !== this.delimiterByte && !isRecordDelimiterAt(next) && breakInQuotes) stray = true;
            quoted = false;
            fieldStart = false;
          }
        }
      } else if (byte === this.delimiterByte) {
        fieldStart = true;
      } else if (isRecordDelimiterAt(at)) {
        fieldStart = true;
        at += rd.length - 1;
      } else if (byte === QUOTE && fieldStart) {
        quoted = true;
        breakInQuotes = false;
        fieldStart = false;
      } else {
        fieldStart = false;
      }
    }
    return { openAtEnd: quoted, strayQuoteAfterLineBreak: stray };
  }
}

/** The record has the header's field count; trailing empty fields (spreadsheet padding) do not count. */
function fieldCountFits(fields: readonly string[], expected: number): boolean {
  if (fields.length === expected) return true;
  return fields.length > expected && fields.slice(expected).every((field) => field.trim() === '');
}

function nextLineBreak(bytes: Buffer, from: number): number {
  const lf = bytes.indexOf(LF, from);
  const cr = bytes.indexOf(CR, from);
  return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
}

function countOf(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}
