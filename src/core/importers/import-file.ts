import fs from 'node:fs';
import path from 'node:path';
import { ImportJournal } from '../catalog/import-journal.js';
import { ImportRuns, type ImportIssue, type RunCounters } from '../catalog/import-runs.js';
import { MovieWriter } from '../catalog/movie-writer.js';
import { SongWriter } from '../catalog/song-writer.js';
import { Vocabulary } from '../catalog/vocabulary.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { isPlausibleHeader, notATableMessage } from '../files/plausible-table.js';
import { ProgressMeter, type ProgressListener } from '../progress.js';
import { statReadableFile } from '../readable-file.js';
import { checkTextFile } from '../text/binary-content.js';
import type { TextIssueTally } from '../text/clean-text.js';
import { chooseFileEncoding, type EncodingGuess } from '../text/detect-encoding.js';
import { CsvStructureError, readHeader } from './csv-records.js';
import { detectFormat } from './formats/detect.js';
import { FORMATS } from './formats/index.js';
import { importLastfm, LASTFM_FORMAT } from './formats/lastfm/import-lastfm.js';
import { findLastfmFiles, type LastfmFiles } from './formats/lastfm/lastfm-files.js';
import { formatFromMapping, loadColumnMapping, type ColumnMapping } from './formats/mapping.js';
import type { AnyFormat } from './formats/types.js';
import { rebuildSoundtrackLinks } from '../links/soundtrack-links.js';
import type { ImportKind, MovieRecord, SongRecord } from './records.js';
import { openRowSourceInWorker } from './parse-worker-client.js';
import { openRowSource, type ParsedRow, type RowSource, type RowSourceSetup } from './row-source.js';

export interface ImportOptions {
  readonly file: string;
  /** How messages name the file (default: its full path); uploads pass the name they were chosen under. */
  readonly displayName?: string;
  /** The file was uploaded from a browser (its folder is internal; see FormatContext.uploaded). */
  readonly uploaded?: boolean;
  readonly kind?: ImportKind;
  readonly format?: string;
  /** Overrides detection, e.g. "gb18030", "windows-1252". */
  readonly encoding?: string;
  /** A column mapping object, or the path of a JSON file holding one. */
  readonly mapping?: ColumnMapping | string;
  /** Rows per committed batch. By default a batch is committed about once a second (see BATCHING). */
  readonly batchSize?: number;
  /**
   * Where rows are parsed: 'worker' (a thread of its own, overlapping the writes), 'thread' (this
   * one), or by default the worker for files of PARSE_WORKER_MIN_BYTES and more.
   */
  readonly parseIn?: 'worker' | 'thread';
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Called right after each batch commits (outside any transaction): where a paused job waits. */
  readonly checkpoint?: () => void;
}

export interface ImportSummary {
  readonly runId: number;
  readonly file: string;
  readonly kind: ImportKind;
  readonly format: { readonly id: string; readonly label: string };
  readonly encoding: EncodingGuess & { readonly overridden: boolean };
  readonly status: 'completed' | 'cancelled';
  readonly counters: RunCounters;
  readonly warnings: readonly string[];
  /** The first skipped rows; all of them are stored with the run ("crossfade report <run>"). */
  readonly issues: readonly ImportIssue[];
  readonly durationMs: number;
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly runId: number | null = null,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/**
 * Default batching: commit about once a second, with at least `minRows` rows and at most `maxBytes`
 * of the file (which bounds the memory the pending rows hold, whatever the file's size). Each commit
 * writes every index page its rows touched to the WAL, and random keys (Spotify and TMDb ids) touch
 * most of an index's pages whatever the batch size, so fewer, larger commits cost much less; one a
 * second still keeps a crash's loss to about a second of work.
 */
const BATCHING = { minRows: 2000, maxBytes: 4 * 2 ** 20, intervalMs: 1000 } as const;
/** Smaller files are parsed in the importing thread: starting a worker would cost more than it saves. */
const PARSE_WORKER_MIN_BYTES = 8 * 2 ** 20;
/** WAL pages between automatic checkpoints during an import (SQLite's default is 1000). */
const IMPORT_WAL_AUTOCHECKPOINT = 10_000;

/**
 * Imports one songs or movies file: detects encoding, delimiter and format, streams rows
 * through the format's parser, and commits them in batches together with the run's counters
 * and skipped-row report, so a crash at any point keeps every committed batch and re-running
 * the same import completes it without duplicates.
 */
export async function importFile(db: CatalogDatabase, options: ImportOptions): Promise<ImportSummary> {
  const startedAt = performance.now();
  const file = path.resolve(options.file);
  const shown = options.displayName ?? file;
  // A Last.fm HetRec folder (or one of its .dat files) is a set of files, not one CSV.
  const lastfm = findLastfmFiles(file, shown);
  if (lastfm) return importLastfmSet(db, lastfm, options, startedAt);
  const stat = statReadableFile(file, shown);

  // Everything up to runs.start only reads: a file refused here leaves no trace in the catalog.
  await checkTextFile(file, shown, options.encoding);
  const guess = await chooseFileEncoding(file, options.encoding);
  const { delimiter, header, recordDelimiter } = await readHeader(file, guess.encoding).catch((error: unknown) => {
    throw error instanceof CsvStructureError ? new ImportError(`${shown}: ${error.message}`) : error;
  });
  if (header.length === 0) throw new ImportError(`${shown}: line 1: expected a header row, but the file is empty.`);

  const mapping = typeof options.mapping === 'string' ? loadColumnMapping(options.mapping) : (options.mapping ?? null);
  // A mapping names columns, so it needs a real header: otherwise any text file (a passwd file
  // mapped by its first line) would be imported row by row and could be read back from the catalog.
  if (mapping && !isPlausibleHeader(header)) throw new ImportError(`${shown}: line 1: ${notATableMessage('the file')}`);
  const format: AnyFormat = mapping
    ? formatFromMapping(mapping, header)
    : detectFormat(shown, header, FORMATS, { kind: options.kind, formatId: options.format });
  if (options.kind && format.kind !== options.kind)
    throw new ImportError(`${shown}: the column mapping imports ${format.kind}, but --kind ${options.kind} was given.`);

  const setup: RowSourceSetup = {
    file,
    displayName: shown,
    uploaded: options.uploaded ?? false,
    encoding: guess.encoding,
    delimiter,
    recordDelimiter,
    header,
    format: mapping ? { mapping } : { id: format.id },
  };
  const parseInWorker = options.parseIn === 'worker' || (options.parseIn !== 'thread' && stat.size >= PARSE_WORKER_MIN_BYTES);
  const source = parseInWorker ? await openRowSourceInWorker(setup, options.signal) : await openRowSource(setup, options.signal);
  let summary: ImportSummary;
  try {
    summary = await writeRows(db, { options, file, shown, stat, guess, format, source, startedAt });
  } finally {
    await source.close();
  }
  return withSoundtrackLinks(db, summary, options.onProgress);
}

/** The import's last phase, after its rows: finding the soundtrack links they may make. */
export const LINKS_PHASE = 'finding soundtrack links';

/**
 * Rebuilds the soundtrack links once the rows are committed (new songs may name films, new films
 * may be named). A failure there never undoes the import: it is reported as a warning instead.
 */
function withSoundtrackLinks(db: CatalogDatabase, summary: ImportSummary, onProgress: ProgressListener | undefined): ImportSummary {
  if (summary.counters.rowsImported === 0) return summary;
  // Seconds at a million songs and films, after the rows' progress reached its end: say what runs.
  new ProgressMeter('rows', onProgress).update(LINKS_PHASE, summary.counters.rowsRead, null, true);
  try {
    rebuildSoundtrackLinks(db);
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...summary, warnings: [...summary.warnings, `The soundtrack links could not be rebuilt (${message}); they are rebuilt after the next import.`] };
  }
}

interface WriteContext {
  readonly options: ImportOptions;
  readonly file: string;
  readonly shown: string;
  readonly stat: fs.Stats;
  readonly guess: EncodingGuess;
  readonly format: AnyFormat;
  readonly source: RowSource;
  readonly startedAt: number;
}

/** The writing half of an import: records the run, commits the rows in batches, and sums it up. */
async function writeRows(db: CatalogDatabase, { options, file, shown, stat, guess, format, source, startedAt }: WriteContext): Promise<ImportSummary> {
  const warnings: string[] = [];
  const runs = new ImportRuns(db);
  const sourceId = runs.ensureSource(file, format.kind, format.id);
  const runId = runs.start(sourceId, { encoding: guess.encoding, fileSize: stat.size, fileMtimeMs: Math.round(stat.mtimeMs) });
  if (guess.confidence === 'uncertain') warnings.push(uncertainEncodingWarning(guess));
  if (guess.invalidSequences > 0) warnings.push(`${guess.invalidSequences} invalid UTF-8 byte sequence(s) in the file were replaced by \uFFFD.`);

  const vocabulary = new Vocabulary(db);
  const writer =
    format.kind === 'songs'
      ? new SongWriter(db, vocabulary, new ImportJournal(db, runId, 'song'))
      : new MovieWriter(db, vocabulary, new ImportJournal(db, runId, 'movie'));
  const counters: RunCounters = { rowsRead: 0, rowsImported: 0, rowsSkipped: 0, itemsAdded: 0, itemsMerged: 0, bytesDone: 0 };
  const firstIssues: ImportIssue[] = [];
  let conflicts = 0;
  const meter = new ProgressMeter('rows', options.onProgress, { bytesTotal: stat.size });
  let bytesRead = 0;

  let pendingRecords: Exclude<ParsedRow, { issue: unknown }>[] = [];
  let pendingIssues: ImportIssue[] = [];
  const addIssue = (issue: ImportIssue) => {
    pendingIssues.push(issue);
    counters.rowsSkipped++;
    if (firstIssues.length < 20) firstIssues.push(issue);
  };
  const commitBatch = db.transaction((bytesDone: number) => {
    writer.batch.begin();
    for (const { record, line } of pendingRecords) {
      if (writer instanceof SongWriter) {
        const outcome = writer.write(record as SongRecord, sourceId);
        counters[outcome === 'added' ? 'itemsAdded' : 'itemsMerged']++;
      } else {
        const result = writer.write(record as MovieRecord, sourceId);
        counters[result.outcome === 'added' ? 'itemsAdded' : 'itemsMerged']++;
        if (result.conflict) {
          conflicts++;
          if (conflicts <= 5) warnings.push(`line ${line}: ${result.conflict}.`);
        }
      }
      counters.rowsImported++;
    }
    writer.batch.end();
    counters.bytesDone = bytesDone;
    runs.recordProgress(runId, counters, pendingIssues);
  });
  const flush = (bytesDone: number) => {
    try {
      commitBatch.immediate(bytesDone);
    } catch (error) {
      vocabulary.reset();
      throw error;
    }
    pendingRecords = [];
    pendingIssues = [];
    meter.update('importing', counters.rowsRead, bytesDone);
    options.checkpoint?.();
  };

  let cancelled: boolean;
  const walAutocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${Math.max(walAutocheckpoint, IMPORT_WAL_AUTOCHECKPOINT)}`);
  try {
    let lastFlushAt = performance.now();
    let lastFlushBytes = 0;
    const batchFull = (pending: number): boolean => {
      if (options.batchSize !== undefined) return pending >= options.batchSize;
      if (pending < BATCHING.minRows) return false;
      return bytesRead - lastFlushBytes >= BATCHING.maxBytes || performance.now() - lastFlushAt >= BATCHING.intervalMs;
    };
    reading: for await (const chunk of source.chunks()) {
      warnings.push(...chunk.warnings);
      bytesRead = chunk.bytesRead;
      for (const row of chunk.rows) {
        if (options.signal?.aborted) break reading;
        counters.rowsRead++;
        if ('issue' in row) addIssue(row.issue);
        else pendingRecords.push(row);
        if (batchFull(pendingRecords.length + pendingIssues.length)) {
          flush(bytesRead);
          lastFlushAt = performance.now();
          lastFlushBytes = bytesRead;
        }
      }
      meter.update('importing', counters.rowsRead, bytesRead);
    }
    cancelled = options.signal?.aborted ?? false;
    if (!cancelled) flush(stat.size);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    runs.finish(runId, 'failed', warnings, message);
    throw new ImportError(`${shown}: the import stopped after ${counters.rowsImported} rows: ${message}`, runId);
  } finally {
    db.pragma(`wal_autocheckpoint = ${walAutocheckpoint}`);
  }

  const tallies = source.tallies();
  warnings.push(...textWarnings(tallies.repairedMojibake, 'had mojibake (UTF-8 text decoded with the wrong code page), repaired'));
  warnings.push(...textWarnings(tallies.lostCharacters, 'contain characters that were already lost in the file (shown as \uFFFD)'));
  if (conflicts > 5) warnings.push(`${conflicts} rows in all had ids that belong to different catalog movies.`);
  if (counters.rowsSkipped > 0) warnings.push(`${counters.rowsSkipped} malformed row(s) were skipped; see the report.`);
  const status = cancelled ? 'cancelled' : 'completed';
  runs.finish(runId, status, warnings);
  meter.update(status, counters.rowsRead, cancelled ? bytesRead : stat.size, true);
  return {
    runId,
    file,
    kind: format.kind,
    format: { id: format.id, label: format.label },
    encoding: { ...guess, overridden: options.encoding !== undefined },
    status,
    counters,
    warnings,
    issues: firstIssues,
    durationMs: performance.now() - startedAt,
  };
}

/** Imports Last.fm artist tags; they enrich songs, so the run is recorded as a songs import. */
async function importLastfmSet(db: CatalogDatabase, files: LastfmFiles, options: ImportOptions, startedAt: number): Promise<ImportSummary> {
  const result = await importLastfm(db, {
    files,
    encoding: options.encoding,
    signal: options.signal,
    onProgress: options.onProgress,
    checkpoint: options.checkpoint,
  });
  return {
    runId: result.runId,
    file: files.folder,
    kind: 'songs',
    format: LASTFM_FORMAT,
    encoding: { ...result.encoding, overridden: options.encoding !== undefined },
    status: result.status,
    counters: result.counters,
    warnings: result.warnings,
    issues: result.issues,
    durationMs: performance.now() - startedAt,
  };
}

function uncertainEncodingWarning(guess: EncodingGuess): string {
  const examples = guess.suspiciousExamples.length > 0 ? ` Odd-looking words: ${guess.suspiciousExamples.map((word) => JSON.stringify(word)).join(', ')}.` : '';
  const alternatives = guess.alternatives.map((alternative) => alternative.encoding).join(', ');
  return `The encoding is uncertain: read as ${guess.encoding}. ${guess.reason}${examples} If names look wrong, import again with --encoding (e.g. ${alternatives || 'utf-8'}).`;
}

function textWarnings(tally: TextIssueTally, what: string): string[] {
  if (tally.count === 0) return [];
  const examples = tally.examples.map((example) => `line ${example.line}: ${JSON.stringify(example.before)} -> ${JSON.stringify(example.after)}`);
  return [`${tally.count} value(s) ${what}; e.g. ${examples.join('; ')}.`];
}
