import { parse, type CsvError } from 'csv-parse';
import fs from 'node:fs';
import path from 'node:path';
import { CsvStructureError, MAX_RECORD_BYTES, readHeader } from '../../csv-records.js';
import { normaliseImdbId } from '../../fields.js';
import type { FormatContext } from '../types.js';

/**
 * The MovieLens files that sit beside movies.csv and are joined into it on movieId:
 * links.csv (IMDb and TMDb ids), tags.csv (user tags, as keywords) and ratings.csv
 * (count and mean of the ratings). Each is streamed once, so the 25M-row ratings.csv
 * of the big MovieLens releases only costs one small entry per movie in memory.
 */
export interface MovieLensLink {
  readonly imdbId: string | null;
  readonly tmdbId: number | null;
}

export interface MovieLensRatings {
  count: number;
  sum: number;
}

export interface MovieLensSideData {
  /** null when links.csv is not in the folder. */
  readonly links: ReadonlyMap<number, MovieLensLink> | null;
  /** Distinct tags per movie as written (trimmed); empty when tags.csv is absent. */
  readonly tags: ReadonlyMap<number, ReadonlySet<string>>;
  readonly ratings: ReadonlyMap<number, MovieLensRatings>;
}

const MOVIE_ID = /^\d+$/;
const RATING = /^\d+(\.\d+)?$/;

/** Reads links.csv, tags.csv and ratings.csv from `dir` when present, reporting problems through context.warn. */
export async function readMovieLensSideFiles(dir: string, context: FormatContext): Promise<MovieLensSideData> {
  const linksFile = findSibling(dir, 'links.csv');
  let links: Map<number, MovieLensLink> | null = null;
  if (linksFile === null) {
    context.warn(
      `links.csv was not found next to movies.csv (in ${dir}), so these movies have no TMDb or IMDb ids and cannot merge with ` +
        'movies from TMDb sources. Put links.csv beside movies.csv and import movies.csv again.',
    );
  } else {
    const found = new Map<number, MovieLensLink>();
    links = found;
    await readSideFile(linksFile, ['movieid', 'imdbid', 'tmdbid'], context, ([movieId = '', imdbText = '', tmdbText = '']) => {
      if (!MOVIE_ID.test(movieId)) return `movieId ${JSON.stringify(movieId)} is not a whole number`;
      const imdbId = imdbText === '' ? null : normaliseImdbId(imdbText);
      if (imdbText !== '' && imdbId === null) return `imdbId ${JSON.stringify(imdbText)} is not an IMDb id`;
      if (tmdbText !== '' && !MOVIE_ID.test(tmdbText)) return `tmdbId ${JSON.stringify(tmdbText)} is not a whole number`;
      const tmdbId = tmdbText === '' || Number(tmdbText) === 0 ? null : Number(tmdbText);
      found.set(Number(movieId), { imdbId, tmdbId });
      return null;
    });
  }

  const tags = new Map<number, Set<string>>();
  const tagsFile = findSibling(dir, 'tags.csv');
  if (tagsFile !== null) {
    await readSideFile(tagsFile, ['movieid', 'tag'], context, ([movieId = '', tag = '']) => {
      if (!MOVIE_ID.test(movieId)) return `movieId ${JSON.stringify(movieId)} is not a whole number`;
      const text = tag.trim();
      if (text === '') return null;
      const id = Number(movieId);
      let set = tags.get(id);
      if (set === undefined) tags.set(id, (set = new Set()));
      set.add(text);
      return null;
    });
  }

  const ratings = new Map<number, MovieLensRatings>();
  const ratingsFile = findSibling(dir, 'ratings.csv');
  if (ratingsFile !== null) {
    await readSideFile(ratingsFile, ['movieid', 'rating'], context, ([movieId = '', rating = '']) => {
      if (!MOVIE_ID.test(movieId)) return `movieId ${JSON.stringify(movieId)} is not a whole number`;
      const value = Number(rating);
      if (!RATING.test(rating) || value > 5) return `rating ${JSON.stringify(rating)} is not a number from 0 to 5`;
      const id = Number(movieId);
      const entry = ratings.get(id);
      if (entry === undefined) ratings.set(id, { count: 1, sum: value });
      else {
        entry.count++;
        entry.sum += value;
      }
      return null;
    });
  }
  return { links, tags, ratings };
}

/** The file called `name` in `dir`, matched without regard to case ("Links.csv"), or null. */
function findSibling(dir: string, name: string): string | null {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const entry = entries.find((candidate) => candidate.isFile() && candidate.name.toLowerCase() === name);
  return entry === undefined ? null : path.join(dir, entry.name);
}

/**
 * Streams a UTF-8 side file (BOM and CRLF tolerated, delimiter sniffed from the header) and
 * hands `onRecord` the values of `columns` (lower-case names), trimmed, with the 1-based data
 * row number. onRecord returns a problem description to count the row as unreadable.
 * Unreadable rows are ignored and summed up in one warning; a header without the needed
 * columns ignores the whole file, with a warning. Records arrive through 'data' events, which
 * is several times faster than async iteration on the 25M-row ratings.csv of MovieLens 25M.
 */
async function readSideFile(
  file: string,
  columns: readonly string[],
  context: FormatContext,
  onRecord: (values: string[], row: number) => string | null,
): Promise<void> {
  const name = path.basename(file);
  // The line ending is detected once and records are capped (as for the main file, csv-records.ts):
  // an endless first line is refused at once instead of parsed to its end.
  let layout: Awaited<ReturnType<typeof readHeader>>;
  try {
    layout = await readHeader(file, 'utf-8');
  } catch (error) {
    if (!(error instanceof CsvStructureError)) throw error;
    context.warn(`${name} was ignored: ${error.message}`);
    return;
  }
  const { delimiter, recordDelimiter } = layout;
  const examples: string[] = [];
  let problemCount = 0;
  const note = (where: string, problem: string) => {
    problemCount++;
    if (examples.length < 3) examples.push(`${where}: ${problem}`);
  };
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const parser = parse({
    delimiter,
    record_delimiter: recordDelimiter,
    max_record_size: MAX_RECORD_BYTES,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      const line = (error as { lines?: number } | undefined)?.lines;
      // Thrown, this stops the parser: skipped, csv-parse would report every further byte of the record.
      if (error?.code === 'CSV_MAX_RECORD_SIZE') throw new RecordTooLong(line ?? 0);
      note(line === undefined ? 'a record' : `line ${line}`, error?.message ?? 'unreadable CSV record');
      return undefined;
    },
  });
  let indices: number[] | null = null;
  let row = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let stopped = false;
      const stop = () => {
        stopped = true;
        source.unpipe(parser);
        resolve();
      };
      source.on('error', reject);
      parser.on('error', reject);
      parser.on('end', resolve);
      parser.on('data', (record: string[]) => {
        if (stopped) return;
        if (context.signal?.aborted) return stop();
        if (indices === null) {
          const header = record.map((column) => column.trim().toLowerCase());
          const found = columns.map((column) => header.indexOf(column));
          const missing = columns.filter((_column, index) => found[index] === -1);
          if (missing.length > 0) {
            context.warn(`${name} was ignored: its header lacks the column(s) ${missing.map((column) => JSON.stringify(column)).join(', ')}.`);
            return stop();
          }
          indices = found;
          return;
        }
        row++;
        const values = indices.map((index) => (record[index] ?? '').trim());
        const problem = onRecord(values, row);
        if (problem !== null) note(`data row ${row}`, problem);
      });
      source.pipe(parser);
    });
  } catch (error) {
    if (error instanceof RecordTooLong)
      return context.warn(`${name}: reading stopped at line ${error.line}, which is longer than 1 MiB; the rows before it were used.`);
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`${context.uploaded ? name : file} could not be read (${reason}).`, { cause: error });
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (problemCount > 0) context.warn(`${name}: ${problemCount} unreadable row(s) were ignored; e.g. ${examples.join('; ')}.`);
}

/** Stops reading a side file at a record longer than MAX_RECORD_BYTES. */
class RecordTooLong extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is longer than 1 MiB`);
    this.name = 'RecordTooLong';
  }
}
