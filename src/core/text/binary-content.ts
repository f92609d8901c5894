import fs from 'node:fs/promises';

/**
 * Recognises files that are not text at all (an image, an archive, a spreadsheet, a program)
 * before anything tries to decode them, so that a JPEG chosen by mistake is refused with a sentence
 * naming what it is instead of being read as windows-1251 and imported as garbage "songs".
 *
 * Hand-written rather than a library: file-type (the well-kept choice) is asynchronous over a
 * tokenizer and ESM-only, is not a direct dependency, and names MIME types, while this check needs
 * a short table of signatures with a sentence for the user each, the ZIP-based Office formats told
 * apart, and the "NUL bytes or control characters" test for binary data no signature names.
 */

/** Bytes looked at: signatures sit in the first few bytes; NUL and control characters in the first 8 KiB (as git does). */
const BINARY_SNIFF_BYTES = 8 * 1024;
/** More than this share of C0 control characters (other than tab, line breaks and form feed) is not a table. */
const MAX_CONTROL_SHARE = 0.05;

interface BinaryVerdict {
  /** What the file looks like, to follow "looks like": "a JPEG image". */
  readonly looksLike: string;
  /** What to do instead, one clause. */
  readonly advice: string;
}

const EXPORT_AS_CSV = 'export the table as CSV and import that';
const EXTRACT_CSV = 'extract the CSV file from it and import that';

interface Signature {
  readonly looksLike: string;
  readonly advice?: string;
  /** Byte values at `offset`; null matches any byte. */
  readonly bytes: readonly (number | null)[];
  readonly offset?: number;
  /** A further check when the signature alone could occur in text. */
  readonly confirm?: (sample: Uint8Array) => boolean;
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { looksLike: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { looksLike: 'a PNG image', bytes: [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a] },
  { looksLike: 'a GIF image', bytes: ascii('GIF87a') },
  { looksLike: 'a GIF image', bytes: ascii('GIF89a') },
  { looksLike: 'a WebP image', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')] },
  { looksLike: 'a WAV audio file', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WAVE')] },
  { looksLike: 'an AVI video', bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('AVI ')] },
  { looksLike: 'a TIFF image', bytes: [...ascii('II*'), 0x00] },
  { looksLike: 'a TIFF image', bytes: [...ascii('MM'), 0x00, 0x2a] },
  { looksLike: 'an MP4 or QuickTime video (or HEIC image)', bytes: ascii('ftyp'), offset: 4 },
  { looksLike: 'a PDF document', bytes: ascii('%PDF-') },
  { looksLike: 'a gzip-compressed file', advice: EXTRACT_CSV, bytes: [0x1f, 0x8b] },
  {
    looksLike: 'a bzip2-compressed file',
    advice: EXTRACT_CSV,
    bytes: ascii('BZh'),
    confirm: (sample) => sample[3]! >= 0x31 && sample[3]! <= 0x39 && matchesAt(sample, 4, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]),
  },
  { looksLike: 'an xz-compressed file', advice: EXTRACT_CSV, bytes: [0xfd, ...ascii('7zXZ'), 0x00] },
  { looksLike: 'a Zstandard-compressed file', advice: EXTRACT_CSV, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { looksLike: 'a 7-Zip archive', advice: EXTRACT_CSV, bytes: [...ascii('7z'), 0xbc, 0xaf, 0x27, 0x1c] },
  { looksLike: 'a RAR archive', advice: EXTRACT_CSV, bytes: [...ascii('Rar!'), 0x1a, 0x07] },
  { looksLike: 'an Excel 97-2003 workbook or another old Office document', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { looksLike: 'a Parquet file', bytes: ascii('PAR1') },
  { looksLike: 'an SQLite database', bytes: [...ascii('SQLite format 3'), 0x00] },
  { looksLike: 'a program (an ELF executable or library)', advice: 'choose the CSV file', bytes: [0x7f, ...ascii('ELF')] },
  { looksLike: 'a program (a Mach-O executable)', advice: 'choose the CSV file', bytes: [0xfe, 0xed, 0xfa, 0xce] },
  { looksLike: 'a program (a Mach-O executable)', advice: 'choose the CSV file', bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { looksLike: 'a program (a Mach-O executable)', advice: 'choose the CSV file', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { looksLike: 'a program (a Mach-O executable)', advice: 'choose the CSV file', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { looksLike: 'a program (a Mach-O universal binary or Java class file)', advice: 'choose the CSV file', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { looksLike: 'a Windows program (.exe or .dll)', advice: 'choose the CSV file', bytes: ascii('MZ'), confirm: hasPeHeader },
  { looksLike: 'a WebAssembly module', advice: 'choose the CSV file', bytes: [0x00, ...ascii('asm')] },
  // ID3v2: "ID3", a major version 2..4, a zero revision byte; text never has that NUL.
  { looksLike: 'an MP3 audio file', bytes: ascii('ID3'), confirm: (sample) => sample[3]! >= 2 && sample[3]! <= 4 && sample[4] === 0 },
  // An MPEG audio frame without tags starts with the frame sync: 0xFF, then 0xFB, 0xF3 or 0xF2.
  { looksLike: 'an MP3 audio file', bytes: [0xff, 0xfb] },
  { looksLike: 'an MP3 audio file', bytes: [0xff, 0xf3] },
  { looksLike: 'an MP3 audio file', bytes: [0xff, 0xf2] },
  { looksLike: 'a FLAC audio file', bytes: ascii('fLaC') },
  { looksLike: 'an Ogg audio or video file', bytes: ascii('OggS') },
  { looksLike: 'a Matroska or WebM video', bytes: [0x1a, 0x45, 0xdf, 0xa3] },
];

/** What a ZIP archive holds, from the names of its first entries (they sit in the first local headers). */
const ZIP_CONTENTS: readonly { readonly marker: string; readonly looksLike: string }[] = [
  { marker: 'xl/', looksLike: 'an Excel workbook (.xlsx)' },
  { marker: 'word/', looksLike: 'a Word document (.docx)' },
  { marker: 'ppt/', looksLike: 'a PowerPoint presentation (.pptx)' },
  { marker: 'application/vnd.oasis.opendocument.spreadsheet', looksLike: 'an OpenDocument spreadsheet (.ods)' },
  { marker: 'application/vnd.oasis.opendocument.text', looksLike: 'an OpenDocument text document (.odt)' },
];

/**
 * Why `sample` (the first bytes of a file) is not a text table, or null when it may be one.
 * `encoding` is the encoding the user asked for, if any: UTF-16 and UTF-32 text is full of NUL bytes.
 */
export function sniffBinaryContent(sample: Uint8Array, encoding?: string): BinaryVerdict | null {
  const head = sample.subarray(0, BINARY_SNIFF_BYTES);
  for (const signature of SIGNATURES) {
    if (matchesAt(head, signature.offset ?? 0, signature.bytes) && (signature.confirm?.(head) ?? true))
      return { looksLike: signature.looksLike, advice: signature.advice ?? EXPORT_AS_CSV };
  }
  if (matchesAt(head, 0, [0x50, 0x4b, null, null]) && (head[2] === 3 || head[2] === 5 || head[2] === 7))
    return { looksLike: zipContents(head), advice: zipAdvice(head) };

  const wideText = /^(utf-?(16|32)|ucs-?2)/i.test(encoding ?? '') || matchesAt(head, 0, [0xff, 0xfe]) || matchesAt(head, 0, [0xfe, 0xff]);
  if (wideText) return null;
  const wide = utf16WithoutBom(head);
  if (wide) return { looksLike: `UTF-16 text without a byte order mark`, advice: `import it again with the encoding ${wide}` };
  if (head.includes(0x00)) return { looksLike: 'binary data (it holds NUL bytes)', advice: EXPORT_AS_CSV };
  let controls = 0;
  for (const byte of head) if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) controls++;
  if (head.length > 0 && controls / head.length > MAX_CONTROL_SHARE)
    return { looksLike: 'binary data (it is full of control characters)', advice: EXPORT_AS_CSV };
  return null;
}

/** The sentence for a refused file: "<name> looks like a JPEG image, not a CSV file; export the table as CSV and import that." */
function binaryContentMessage(shownAs: string, verdict: BinaryVerdict): string {
  return `${shownAs} looks like ${verdict.looksLike}, not a CSV file; ${verdict.advice}.`;
}

/** A file that is not text: refused before any decoding; the message names what it looks like. */
export class BinaryFileError extends Error {
  constructor(
    readonly shownAs: string,
    readonly verdict: BinaryVerdict,
  ) {
    super(binaryContentMessage(shownAs, verdict));
    this.name = 'BinaryFileError';
  }
}

/** Reads the first bytes of `file` and throws BinaryFileError when they are not text. */
export async function checkTextFile(file: string, shownAs: string, encoding?: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    const verdict = sniffBinaryContent(buffer.subarray(0, bytesRead), encoding);
    if (verdict) throw new BinaryFileError(shownAs, verdict);
  } finally {
    await handle.close();
  }
}

function matchesAt(sample: Uint8Array, offset: number, bytes: readonly (number | null)[]): boolean {
  if (sample.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => byte === null || sample[offset + index] === byte);
}

/** "MZ" starts a DOS header whose e_lfanew (offset 0x3C) points at "PE\0\0". */
function hasPeHeader(sample: Uint8Array): boolean {
  if (sample.length < 0x40) return false;
  const peOffset = sample[0x3c]! | (sample[0x3d]! << 8) | (sample[0x3e]! << 16) | (sample[0x3f]! << 24);
  return peOffset >= 0x40 && matchesAt(sample, peOffset, [0x50, 0x45, 0x00, 0x00]);
}

function zipContents(sample: Uint8Array): string {
  const names = Buffer.from(sample).toString('latin1');
  return ZIP_CONTENTS.find((entry) => names.includes(entry.marker))?.looksLike ?? 'a ZIP archive';
}

function zipAdvice(sample: Uint8Array): string {
  return zipContents(sample) === 'a ZIP archive' ? EXTRACT_CSV : EXPORT_AS_CSV;
}

/** ASCII text written as UTF-16 without a BOM has a NUL in every other byte: "utf-16le" or "utf-16be" then. */
function utf16WithoutBom(sample: Uint8Array): string | null {
  const pairs = Math.floor(Math.min(sample.length, 1024) / 2);
  if (pairs < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let index = 0; index < pairs * 2; index += 2) {
    if (sample[index] === 0) evenNul++;
    if (sample[index + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.9 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.9 && oddNul === 0) return 'utf-16be';
  return null;
}
