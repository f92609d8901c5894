import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { readCsvRecords, readFirstLine, sniffDelimiter } from '../core/importers/csv-records.js';
import { detectFormat, UnknownFormatError } from '../core/importers/formats/detect.js';
import { FORMATS } from '../core/importers/formats/index.js';
import { statReadableFile } from '../core/readable-file.js';
import { chooseFileEncoding } from '../core/text/detect-encoding.js';
import type { importPreviewSchema } from '../shared/contract';

export type ImportPreview = z.infer<typeof importPreviewSchema>;

const PREVIEW_ROWS = 10;
const MAX_CELL = 1000;

/** Checks that `file` is a readable file; the error says what to do. */
export function checkReadableFile(file: string, shownAs = file): fs.Stats {
  return statReadableFile(file, shownAs);
}

/**
 * What an import of `file` would see: the encoding (detected, or the override), the delimiter,
 * the header, the first rows, and the detected format or why none matched.
 */
export async function previewFile(file: string, options: { displayName?: string; encoding?: string } = {}): Promise<ImportPreview> {
  const displayName = options.displayName ?? path.basename(file);
  const stat = checkReadableFile(file, displayName);
  const guess = await chooseFileEncoding(file, options.encoding);
  const delimiter = sniffDelimiter(await readFirstLine(file, guess.encoding));

  const records: string[][] = [];
  for await (const entry of readCsvRecords(file, { encoding: guess.encoding, delimiter })) {
    if ('skipped' in entry) continue;
    records.push(entry.fields.map((cell) => (cell.length > MAX_CELL ? `${cell.slice(0, MAX_CELL)}…` : cell)));
    if (records.length > PREVIEW_ROWS) break;
  }
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

  return {
    fileName: displayName,
    fileSize: stat.size,
    encoding: { encoding: guess.encoding, confidence: guess.confidence, reason: guess.reason, suspiciousExamples: [...guess.suspiciousExamples] },
    delimiter,
    header,
    rows,
    format,
    formatError,
    knownFormats: FORMATS.map((known) => ({ id: known.id, kind: known.kind, label: known.label, requiredColumns: [...known.requiredColumns] })),
  };
}
