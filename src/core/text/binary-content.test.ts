import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../../../tests/support/temp.js';
import { BinaryFileError, checkTextFile, sniffBinaryContent } from './binary-content.js';

/** The first bytes of a file of each kind, as its writer would start it, padded with noise. */
const noise = (length: number) => Buffer.from(Array.from({ length }, (_, index) => (index * 37 + 11) % 256));
const withTail = (head: number[] | Buffer) => Buffer.concat([Buffer.from(head), noise(600)]);
const bytes = (text: string) => [...Buffer.from(text, 'latin1')];

function zipWithFirstEntry(name: string): Buffer {
  // A local file header: signature, version, flags, method, time, date, crc, sizes, name length, extra length, name.
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name, 'latin1'), noise(300)]);
}

function windowsProgram(): Buffer {
  const image = Buffer.concat([Buffer.from('MZ'), noise(300)]);
  image.writeUInt32LE(0x80, 0x3c);
  Buffer.from('PE\0\0', 'latin1').copy(image, 0x80);
  return image;
}

const KINDS: readonly [string, Buffer][] = [
  ['a JPEG image', withTail([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...bytes('JFIF')])],
  ['a PNG image', withTail([0x89, ...bytes('PNG\r\n'), 0x1a, 0x0a])],
  ['a GIF image', withTail(bytes('GIF89a'))],
  ['a WebP image', withTail([...bytes('RIFF'), 1, 2, 3, 4, ...bytes('WEBPVP8 ')])],
  ['an Excel workbook (.xlsx)', Buffer.concat([zipWithFirstEntry('[Content_Types].xml'), zipWithFirstEntry('xl/workbook.xml')])],
  ['a Word document (.docx)', Buffer.concat([zipWithFirstEntry('[Content_Types].xml'), zipWithFirstEntry('word/document.xml')])],
  ['a ZIP archive', zipWithFirstEntry('songs.csv')],
  ['a gzip-compressed file', withTail([0x1f, 0x8b, 0x08, 0x00])],
  ['a PDF document', withTail(bytes('%PDF-1.7\n'))],
  ['a program (an ELF executable or library)', withTail([0x7f, ...bytes('ELF'), 2, 1, 1])],
  ['a program (a Mach-O executable)', withTail([0xcf, 0xfa, 0xed, 0xfe])],
  ['a Windows program (.exe or .dll)', windowsProgram()],
  ['an SQLite database', withTail([...bytes('SQLite format 3'), 0])],
  ['an MP3 audio file', withTail([...bytes('ID3'), 4, 0, 0])],
  ['an MP3 audio file', withTail([0xff, 0xfb, 0x90, 0x64])],
  ['a FLAC audio file', withTail(bytes('fLaC'))],
  ['an Ogg audio or video file', withTail(bytes('OggS'))],
];

describe('sniffBinaryContent', () => {
  it.each(KINDS)('names %s from its signature', (looksLike, sample) => {
    expect(sniffBinaryContent(sample)?.looksLike).toBe(looksLike);
  });

  it('refuses NUL bytes and a high share of control characters, whatever the signature', () => {
    expect(sniffBinaryContent(Buffer.from('title,artist\nA\0B,C\n'))?.looksLike).toMatch(/NUL bytes/);
    const controls = Buffer.from(Array.from({ length: 2000 }, (_, index) => (index % 8 === 0 ? 0x01 : 0x41)));
    expect(sniffBinaryContent(controls)?.looksLike).toMatch(/control characters/);
  });

  it('lets text through: ASCII, UTF-8, legacy code pages, UTF-16 with a BOM or when asked for, tabs and CRLF', () => {
    const table = 'title,artist,year\r\nCafé del Mar,José Padilla,1993\r\n"Say ""hi""",\tTab,2000\r\n';
    expect(sniffBinaryContent(Buffer.from(table))).toBeNull();
    expect(sniffBinaryContent(iconv.encode(table, 'windows-1252'))).toBeNull();
    expect(sniffBinaryContent(iconv.encode(table, 'gb18030'))).toBeNull();
    expect(sniffBinaryContent(iconv.encode(table, 'utf-16le', { addBOM: true }))).toBeNull();
    expect(sniffBinaryContent(iconv.encode(table, 'utf-16le'), 'utf-16le')).toBeNull();
    expect(sniffBinaryContent(Buffer.from('MZ,Mozambique\nID3,tag\n'))).toBeNull();
    expect(sniffBinaryContent(Buffer.alloc(0))).toBeNull();
  });

  it('tells UTF-16 text without a byte order mark from binary data and says which encoding to choose', () => {
    expect(sniffBinaryContent(iconv.encode('title,artist\nA,B\n', 'utf-16le'))).toEqual({
      looksLike: 'UTF-16 text without a byte order mark',
      advice: 'import it again with the encoding utf-16le',
    });
    expect(sniffBinaryContent(iconv.encode('title,artist\nA,B\n', 'utf-16be'))?.advice).toMatch(/utf-16be/);
  });
});

describe('checkTextFile', () => {
  it('refuses a JPEG with one sentence naming what it looks like and what to do', async () => {
    const file = tempFile('songs.csv', KINDS[0]![1]);
    const error = await checkTextFile(file, 'songs.csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BinaryFileError);
    expect((error as Error).message).toBe('songs.csv looks like a JPEG image, not a CSV file; export the table as CSV and import that.');
    await expect(checkTextFile(tempFile('ok.csv', 'a,b\n1,2\n'), 'ok.csv')).resolves.toBeUndefined();
  });
});
