import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { isPlausibleHeader } from '../files/plausible-table.js';
import { detectEncoding } from '../text/detect-encoding.js';
import { normaliseImdbId } from './poster-names.js';

/** The ids one mapping row gives for a poster file; any may be missing. */
export interface MappedIds {
  readonly line: number;
  readonly tmdbId: number | null;
  readonly imdbId: string | null;
  readonly movielensId: number | null;
}

export interface MappingIssue {
  readonly line: number;
  readonly reason: string;
  readonly excerpt: string;
}

export interface PosterMapping {
  /** Keyed by the file's name in lower case (a mapping names files, not folders). */
  readonly byFileName: ReadonlyMap<string, MappedIds>;
  readonly issues: readonly MappingIssue[];
}

export class MappingFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingFileError';
  }
}

const MAPPING_EXPECTED =
  'Expected a CSV whose first line names a file column (poster_file, file or path) and an id column (tmdb_id, imdb_id or movieId), separated by commas.';

const FILE_COLUMNS = ['posterfile', 'file', 'filename', 'path', 'image', 'images', 'poster', 'posterpath'];
const TMDB_COLUMNS = ['tmdbid', 'tmdb'];
const IMDB_COLUMNS = ['imdbid', 'imdb', 'imdbnumeric', 'tconst'];
const MOVIELENS_COLUMNS = ['movieid', 'movielensmovieid', 'movielensid'];

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function columnIndex(header: readonly string[], candidates: readonly string[]): number {
  const squashed = header.map(squash);
  for (const candidate of candidates) {
    const index = squashed.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}

function positiveInteger(text: string | undefined): number | null {
  const trimmed = text?.trim() ?? '';
  if (!/^[0-9]{1,12}(\.0+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value > 0 ? value : null;
}

function fileNameOf(cell: string): string {
  const parts = cell.trim().split(/[\\/]/);
  return (parts[parts.length - 1] ?? '').toLowerCase();
}

/**
 * Reads a CSV that maps poster files to movies: a file column (poster_file, file, path, …) and
 * at least one id column (tmdb_id, imdb_id with or without "tt", or MovieLens movieId). Rows that
 * say nothing usable are reported with their line, never guessed.
 */
export function readPosterMapping(file: string): PosterMapping {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new MappingFileError(`Cannot read the mapping file ${file}: ${(error as Error).message}`);
  }
  const encoding = detectEncoding(bytes).encoding;
  const text = iconv.decode(bytes, encoding, { stripBOM: true });
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = (parse as (input: string, options: object) => unknown)(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
      bom: true,
    }) as typeof rows;
  } catch (error) {
    // csv-parse's messages quote the offending field: name the line only (never echo the file).
    const line = (error as { lines?: unknown }).lines;
    throw new MappingFileError(`The mapping file ${file} is not a readable CSV${typeof line === 'number' ? ` (line ${line})` : ''}. ${MAPPING_EXPECTED}`);
  }
  const header = rows[0]?.record ?? [];
  const fileColumn = columnIndex(header, FILE_COLUMNS);
  const ids = { tmdb: columnIndex(header, TMDB_COLUMNS), imdb: columnIndex(header, IMDB_COLUMNS), movielens: columnIndex(header, MOVIELENS_COLUMNS) };
  if (fileColumn < 0 || (ids.tmdb < 0 && ids.imdb < 0 && ids.movielens < 0)) {
    // The header is quoted back only when it is a header of column names; the first line of any
    // other file (a key, a shadow file) is content and is never echoed (issue 14, item 6).
    const found = isPlausibleHeader(header) ? ` Its columns are: ${header.join(', ')}.` : ` Line 1 is not a header of column names.`;
    throw new MappingFileError(`The mapping file ${file} does not have the expected columns. ${MAPPING_EXPECTED}${found}`);
  }
  const byFileName = new Map<string, MappedIds>();
  const issues: MappingIssue[] = [];
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    const excerpt = record.join(',').slice(0, 200);
    const name = fileNameOf(record[fileColumn] ?? '');
    if (name === '') {
      issues.push({ line, reason: `mapping row has no file name in column "${header[fileColumn]}"`, excerpt });
      continue;
    }
    const mapped: MappedIds = {
      line,
      tmdbId: ids.tmdb >= 0 ? positiveInteger(record[ids.tmdb]) : null,
      imdbId: ids.imdb >= 0 ? normaliseImdbId(record[ids.imdb] ?? '') : null,
      movielensId: ids.movielens >= 0 ? positiveInteger(record[ids.movielens]) : null,
    };
    if (mapped.tmdbId === null && mapped.imdbId === null && mapped.movielensId === null) {
      issues.push({ line, reason: `mapping row for ${name} has no valid TMDb, IMDb or MovieLens id`, excerpt });
      continue;
    }
    const earlier = byFileName.get(name);
    if (earlier) {
      issues.push({ line, reason: `${name} is mapped again (first on line ${earlier.line}); the first row wins`, excerpt });
      continue;
    }
    byFileName.set(name, mapped);
  }
  return { byFileName, issues };
}
