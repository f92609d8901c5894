import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvRecords, type CsvRecord, type CsvSkip } from './csv-records.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-csv-records-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function read(text: string): Promise<(CsvRecord | CsvSkip)[]> {
  const file = path.join(dir, `file-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  const entries: (CsvRecord | CsvSkip)[] = [];
  for await (const entry of readCsvRecords(file, { encoding: 'utf-8', delimiter: ',' })) entries.push(entry);
  return entries;
}

const startLines = (entries: readonly (CsvRecord | CsvSkip)[]) => entries.map((entry) => entry.line);

describe('readCsvRecords line numbers', () => {
  // Lines: 1 header, 2, 3 blank, 4-5 one record, 6-7 blank, 8-10 one record, 11, 12, 13.
  const lines = ['a,b', '1,2', '', '"multi', 'line",3', '', '', '4,"x', 'y', 'z"', '5,6', '7,"bad"quote",8', '9,10', ''];

  it('gives the line each record starts on, across blank lines and quoted line breaks (LF)', async () => {
    const entries = await read(lines.join('\n'));
    expect(startLines(entries)).toEqual([1, 2, 4, 8, 11, 12, 13]);
    expect((entries[3] as CsvRecord).fields).toEqual(['4', 'x\ny\nz']);
  });

  it('counts a CRLF inside a quoted field as one line (csv-parse alone counts two)', async () => {
    const entries = await read(lines.join('\r\n'));
    expect(startLines(entries)).toEqual([1, 2, 4, 8, 11, 12, 13]);
    expect((entries[2] as CsvRecord).fields).toEqual(['multi\r\nline', '3']);
  });

  // Issue #14 item 10: this used to end with the skip at line 5, losing line 6; now reading goes on after it.
  it('reports an unclosed quote at the line its record starts on, and reads on from the line after it', async () => {
    const entries = await read('a,b\r\n1,"x\r\ny"\r\n2,3\r\n4,"never closed\r\n5,6\r\n');
    expect(entries.at(-2)).toEqual({ skipped: true, line: 5, reason: 'unclosed quote starting at line 5' });
    expect(entries.at(-1)).toEqual({ fields: ['5', '6'], line: 6 });
    expect(startLines(entries)).toEqual([1, 2, 4, 5, 6]);
  });
});

describe('readCsvRecords text', () => {
  it('reads UTF-8 bytes as a decoder would: BOM dropped, invalid bytes as U+FFFD, characters split across read chunks whole', async () => {
    const file = path.join(dir, 'utf8.csv');
    const head = Buffer.from('\uFEFFtitle,artist\n');
    // The file is read in 1 MiB chunks: the "é" (two bytes) of the second row starts on the first chunk's last byte.
    const straddling = Buffer.concat([Buffer.from('x'.repeat((1 << 20) - 1 - head.length)), Buffer.from('é😀,a\n')]);
    const rest = Buffer.concat([Buffer.from([0x42, 0xff, 0x43, 0x2c, 0xc3, 0x0a]), Buffer.from('Nézet-Séguin,"日本"\n')]);
    fs.writeFileSync(file, Buffer.concat([head, straddling, rest]));
    const entries: (CsvRecord | CsvSkip)[] = [];
    for await (const entry of readCsvRecords(file, { encoding: 'utf-8', delimiter: ',' })) entries.push(entry);
    const fields = entries.map((entry) => ('fields' in entry ? entry.fields : entry));
    expect(fields[0]).toEqual(['title', 'artist']);
    expect((fields[1] as string[])[0]!.slice(-5)).toBe('xxé😀');
    expect((fields[1] as string[])[1]).toBe('a');
    expect(fields.slice(2)).toEqual([
      ['B\uFFFDC', '\uFFFD'],
      ['Nézet-Séguin', '日本'],
    ]);
  });
});
