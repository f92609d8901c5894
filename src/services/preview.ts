import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CsvStructureError, readCsvRecords, readHeader } from '../core/importers/csv-records.js';
import { detectFormat, UnknownFormatError } from '../core/importers/formats/detect.js';
import { FORMATS } from '../core/importers/formats/index.js';
import { LASTFM_FORMAT } from '../core/importers/formats/lastfm/import-lastfm.js';
import { findLastfmFiles, LastfmFilesError, type LastfmFiles } from '../core/importers/formats/lastfm/lastfm-files.js';
import { statReadableFile, UnreadableFileError } from '../core/readable-file.js';
import { BinaryFileError, checkTextFile } from '../core/text/binary-content.js';
import { chooseFileEncoding, isSupportedEncoding, UnknownEncodingError } from '../core/text/detect-encoding.js';
import type { importPreviewSchema } from '../shared/contract';
import { ServiceError } from './dispatch';
import { withholdUnrecognisedContent } from './file-access';

export type ImportPreview = z.infer<typeof importPreviewSchema>;

const PREVIEW_ROWS = 10;
const MAX_CELL = 1000;

/** Checks that `file` is a readable file; the error says what to do. */
function checkReadableFile(file: string, shownAs = file): fs.Stats {
  try {
    return statReadableFile(file, shownAs);
  } catch (error) {
    throw error instanceof UnreadableFileError ? new ServiceError(error.message) : error;
  }
}

/** The most of a file a preview reads for its rows (the encoding is detected on the first 4 MiB, as an import does). */
export const PREVIEW_BYTES = 1 << 20;

interface PreviewOptions {
  readonly displayName?: string;
  readonly encoding?: string;
  /** Stops reading (the client went away). */
  readonly signal?: AbortSignal;
  /** Called with the bytes of the file read for the rows so far (never more than PREVIEW_BYTES). */
  readonly onBytesRead?: (bytes: number) => void;
}

/** Checks an encoding name before a job starts; the error lists the known names. */
export function checkEncodingName(encoding: string): void {
  if (!isSupportedEncoding(encoding)) throw new ServiceError(new UnknownEncodingError(encoding).message);
}

/** The Last.fm HetRec set `file` belongs to (a folder or one of its .dat files), or null. */
function lastfmSet(file: string, shownAs: string): LastfmFiles | null {
  try {
    return findLastfmFiles(file, shownAs);
  } catch (error) {
    throw error instanceof LastfmFilesError ? new ServiceError(error.message) : error;
  }
}

/** Checks that `file` can be imported: a readable file, or a Last.fm HetRec folder (or one of its files). */
export function checkImportable(file: string, shownAs = file): void {
  if (lastfmSet(file, shownAs) === null) checkReadableFile(file, shownAs);
}

/** The preview of a Last.fm set: its artists.dat, and the set's format. */
async function previewLastfm(files: LastfmFiles, displayName: string, encoding: string | undefined): Promise<ImportPreview> {
  const guess = await chooseFileEncoding(files.tags, encoding);
  const records: string[][] = [];
  for await (const entry of readCsvRecords(files.artists, { encoding: 'utf-8', delimiter: '\t' })) {
    if ('skipped' in entry) continue;
    records.push(entry.fields.map((cell) => (cell.length > MAX_CELL ? `${cell.slice(0, MAX_CELL)}…` : cell)));
    if (records.length > PREVIEW_ROWS) break;
  }
  const [header = [], ...rows] = records;
  const fileSize = [files.artists, files.tags, ...files.taggings].reduce((sum, file) => sum + fs.statSync(file).size, 0);
  return {
    fileName: displayName,
    fileSize,
    encoding: {
      encoding: guess.encoding,
      confidence: guess.confidence,
      reason: `tags.dat: ${guess.reason}`,
      suspiciousExamples: [...guess.suspiciousExamples],
    },
    delimiter: '\t',
    header,
    rows,
    format: { id: LASTFM_FORMAT.id, kind: 'songs', label: LASTFM_FORMAT.label },
    formatError: null,
    knownFormats: FORMATS.map((known) => ({ id: known.id, kind: known.kind, label: known.label, requiredColumns: [...known.requiredColumns] })),
  };
}

/**
 * What an import of `file` would see: the encoding (detected, or the override), the delimiter,
 * the header, the first rows, and the detected format or why none matched. Reads a bounded prefix
 * of the file, whatever its size, and refuses files that are not text.
 */
export async function previewFile(file: string, options: PreviewOptions = {}): Promise<ImportPreview> {
  const displayName = options.displayName ?? path.basename(file);
  const lastfm = lastfmSet(file, displayName);
  if (lastfm) return previewLastfm(lastfm, displayName, options.encoding);
  const stat = checkReadableFile(file, displayName);
  const asServiceError = (error: unknown): never => {
    if (error instanceof UnknownEncodingError || error instanceof BinaryFileError) throw new ServiceError(error.message);
    if (error instanceof CsvStructureError) throw new ServiceError(`${displayName}: ${error.message}`);
    throw error;
  };
  // Before any decoding: a JPEG is refused here, not read as windows-1251 and offered for mapping.
  await checkTextFile(file, displayName, options.encoding).catch(asServiceError);
  const guess = await chooseFileEncoding(file, options.encoding).catch(asServiceError);
  const { delimiter, recordDelimiter } = await readHeader(file, guess.encoding).catch(asServiceError);

  const records: string[][] = [];
  const reading = readCsvRecords(file, {
    encoding: guess.encoding,
    delimiter,
    recordDelimiter,
    maxBytes: PREVIEW_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onBytesRead ? { onBytes: options.onBytesRead } : {}),
  });
  try {
    for await (const entry of reading) {
      if ('skipped' in entry) continue;
      records.push(entry.fields.map((cell) => (cell.length > MAX_CELL ? `${cell.slice(0, MAX_CELL)}…` : cell)));
      if (records.length > PREVIEW_ROWS) break;
    }
  } catch (error) {
    asServiceError(error);
  }
  if (options.signal?.aborted) throw new ServiceError(`The preview of ${displayName} was cancelled.`);
  const [header = [], ...rows] = records;

  let format: ImportPreview['format'] = null;
  let formatError: string | null = null;
  if (header.length === 0) {
    formatError = `${displayName} is empty: expected a header row on line 1.`;
  } else {
    try {
      const detected = detectFormat(displayName, header, FORMATS);
      format = { id: detected.id, kind: detected.kind, label: detected.label };
    } catch (error) {
      if (!(error instanceof UnknownFormatError)) throw error;
      formatError = error.message;
    }
  }

  // Only a recognised format or a real table is shown back (src/services/file-access.ts).
  return withholdUnrecognisedContent({
    fileName: displayName,
    fileSize: stat.size,
    encoding: { encoding: guess.encoding, confidence: guess.confidence, reason: guess.reason, suspiciousExamples: [...guess.suspiciousExamples] },
    delimiter,
    header,
    rows,
    format,
    formatError,
    knownFormats: FORMATS.map((known) => ({ id: known.id, kind: known.kind, label: known.label, requiredColumns: [...known.requiredColumns] })),
  });
}
