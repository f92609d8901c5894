import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../../../tests/support/temp.js';
import {
  CsvStructureError,
  detectRecordDelimiter,
  MAX_RECORD_BYTES,
  readCsvRecords,
  readHeader,
  type CsvReadOptions,
  type CsvRecord,
  type CsvSkip,
} from './csv-records.js';

type Entry = CsvRecord | CsvSkip;

async function readAll(file: string, options: Partial<CsvReadOptions> = {}): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const entry of readCsvRecords(file, { encoding: 'utf-8', delimiter: ',', ...options })) entries.push(entry);
  return entries;
}
const skips = (entries: readonly Entry[]) => entries.filter((entry): entry is CsvSkip => 'skipped' in entry);
const records = (entries: readonly Entry[]) => entries.filter((entry): entry is CsvRecord => !('skipped' in entry));

/** A header and 48 rows (lines 2..49); `broken` replaces rows by line number. */
function table(broken: Record<number, string>, lineEnd = '\n'): string {
  const lines = ['id,title,artist,year'];
  for (let line = 2; line <= 49; line++) lines.push(broken[line] ?? `${line},Song ${line},Artist ${line},${1950 + line}`);
  return lines.join(lineEnd) + lineEnd;
}

describe('an unclosed quote (issue #14 item 10)', () => {
  it('costs its own row only: a 48-row file with an unclosed quote on line 5 yields the other 47 rows', async () => {
    for (const lineEnd of ['\n', '\r\n']) {
      const entries = await readAll(tempFile('songs.csv', table({ 5: '5,"Never closed,Artist 5,1955' }, lineEnd)));
      expect(skips(entries)).toEqual([{ skipped: true, line: 5, reason: 'unclosed quote starting at line 5' }]);
      const rows = records(entries).slice(1);
      expect(rows).toHaveLength(47);
      expect(rows.map((row) => row.line)).toEqual([2, 3, 4, ...Array.from({ length: 44 }, (_, index) => index + 6)]);
      expect(rows.at(-1)).toEqual({ fields: ['49', 'Song 49', 'Artist 49', '1999'], line: 49 });
    }
  });

  it('recovers when the runaway quote ends at a later quoted field instead of the end of the file', async () => {
    const quoted = (line: number) => `${line},"Song ${line}","Artist ${line}",${1950 + line}`;
    const broken: Record<number, string> = { 5: '5,"Never closed,Artist 5,1955' };
    for (let line = 6; line <= 49; line++) broken[line] = quoted(line);
    const entries = await readAll(tempFile('songs.csv', table(broken)));
    expect(skips(entries)).toEqual([{ skipped: true, line: 5, reason: 'unclosed quote starting at line 5' }]);
    expect(records(entries).slice(1)).toHaveLength(47);
    expect(records(entries).find((row) => row.line === 6)?.fields).toEqual(['6', 'Song 6', 'Artist 6', '1956']);
  });

  it('does not let a deeply quoted row merge silently with the next line (the field count even matches)', async () => {
    const text = [
      'title,artist,year',
      'Space Oddity,David Bowie,1969',
      '"""Heroes"" (live),David Bowie,1977',
      '"Low",David Bowie,1977',
      'Lodger,David Bowie,1979',
      '',
    ].join('\n');
    const entries = await readAll(tempFile('bowie.csv', text));
    expect(skips(entries)).toEqual([{ skipped: true, line: 3, reason: 'unclosed quote starting at line 3' }]);
    expect(records(entries).map((row) => [row.line, ...row.fields])).toEqual([
      [1, 'title', 'artist', 'year'],
      [2, 'Space Oddity', 'David Bowie', '1969'],
      [4, 'Low', 'David Bowie', '1977'],
      [5, 'Lodger', 'David Bowie', '1979'],
    ]);
  });

  it('stops a runaway quote after MAX_RECORD_LINES lines of a file larger than one read chunk, and reads on', async () => {
    const rows = Array.from({ length: 120_000 }, (_, index) => `${index + 2},Song ${index + 2},Artist,2000`);
    rows[8] = '10,"Never closed,Artist,2000';
    const entries = await readAll(tempFile('big.csv', ['id,title,artist,year', ...rows].join('\n') + '\n'));
    expect(skips(entries)).toEqual([{ skipped: true, line: 10, reason: 'unclosed quote starting at line 10' }]);
    expect(records(entries)).toHaveLength(120_000);
  });

  it('keeps well-formed multi-line cells, "" escapes and blank lines exactly as they are', async () => {
    const text = 'title,notes\r\n"A","line one\r\nline ""two"""\r\n\r\n"B","x\ny\nz"\r\nC,plain\r\n';
    const entries = await readAll(tempFile('cells.csv', text));
    expect(entries).toEqual([
      { fields: ['title', 'notes'], line: 1 },
      { fields: ['A', 'line one\r\nline "two"'], line: 2 },
      { fields: ['B', 'x\ny\nz'], line: 5 },
      { fields: ['C', 'plain'], line: 8 },
    ]);
  });

  it('refuses a header whose quote never closes, instead of taking a data row for the header', async () => {
    await expect(readAll(tempFile('header.csv', '"title,artist\nA,B\nC,D\n'))).rejects.toThrow(
      /line 1: the header cannot be read \(unclosed quote starting at line 1\)/,
    );
  });
});

describe('record size and line endings (issue #14 item 9)', () => {
  it('detects the line ending once, outside quotes, as csv-parse would', () => {
    expect(detectRecordDelimiter('a,b\r\n1,2', ',')).toBe('\r\n');
    expect(detectRecordDelimiter('a,b\n1,2', ',')).toBe('\n');
    expect(detectRecordDelimiter('a,b\r1,2', ',')).toBe('\r');
    expect(detectRecordDelimiter('"multi\r\nline",b\n1,2', ',')).toBe('\n');
    expect(detectRecordDelimiter('a;"x"";\r\n";b\r\n', ';')).toBe('\r\n');
    expect(detectRecordDelimiter('a,b,c', ',')).toBeNull();
  });

  it('ends a multi-megabyte file without a line break after reading a bounded prefix, with a clear error', async () => {
    const file = tempFile('one-line.csv', 'a,'.repeat(3 * MAX_RECORD_BYTES));
    await expect(readHeader(file, 'utf-8')).rejects.toThrow(new CsvStructureError('line 1 is longer than 1 MiB: is this really a CSV file?'));
    let bytesRead = 0;
    await expect(readAll(file, { onBytes: (bytes) => (bytesRead = bytes) })).rejects.toThrow('line 1 is longer than 1 MiB: is this really a CSV file?');
    // The parser stops at the record cap: it never reads the whole 6 MiB file (the stream reads one chunk ahead).
    expect(bytesRead).toBeLessThanOrEqual(4 * MAX_RECORD_BYTES);
    expect(bytesRead).toBeLessThan(fs.statSync(file).size);
  });

  it('reads only maxBytes of a file when asked (a preview), leaving out the record cut off there', async () => {
    const rows = Array.from({ length: 100_000 }, (_, index) => `${index},Song ${index},Artist ${index}`);
    const file = tempFile('long.csv', ['id,title,artist', ...rows].join('\n') + '\n');
    let bytesRead = 0;
    const entries = await readAll(file, { maxBytes: 64 * 1024, onBytes: (bytes) => (bytesRead = bytes) });
    expect(bytesRead).toBe(64 * 1024);
    const last = records(entries).at(-1)!;
    expect(last.fields).toEqual([String(last.line - 2), `Song ${last.line - 2}`, `Artist ${last.line - 2}`]);
    await expect(readAll(tempFile('wide.csv', 'x'.repeat(200_000)), { maxBytes: 64 * 1024 })).rejects.toThrow(
      'line 1 is longer than 64 KiB: is this really a CSV file?',
    );
  });

  it('skips a data line longer than the record cap, says so, and reads on', async () => {
    const text = `title,artist\nA,B\n${'x'.repeat(MAX_RECORD_BYTES + 10)},C\nD,E\n`;
    const entries = await readAll(tempFile('huge-row.csv', text));
    expect(skips(entries)).toEqual([{ skipped: true, line: 3, reason: expect.stringMatching(/^line 3 is longer than 1 MiB/) }]);
    expect(records(entries).map((row) => row.fields)).toEqual([
      ['title', 'artist'],
      ['A', 'B'],
      ['D', 'E'],
    ]);
    expect(records(entries).at(-1)!.line).toBe(4);
  });
});
