import fs from 'node:fs';
import path from 'node:path';
import { ImportRuns, type ImportIssue, type RunCounters } from '../catalog/import-runs.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { CancelledError, ProgressMeter, type ProgressListener } from '../progress.js';
import { readPosterMapping, type MappedIds } from './mapping-file.js';
import { clueFromFileName, isPosterImage, type NameClue } from './poster-names.js';

export type NumericIds = 'auto' | 'imdb' | 'tmdb';
export type MatchedBy = 'tmdb_id' | 'imdb_id' | 'poster_path' | 'mapping';

export interface ScanPosterOptions {
  readonly folder: string;
  /** A CSV naming files and their TMDb/IMDb/MovieLens ids; it wins over what file names say. */
  readonly mapFile?: string | undefined;
  /** What a bare number like 114709.jpg means; auto picks whichever matches more files. */
  readonly numericIds?: NumericIds;
  /** Forget posters linked from this folder earlier whose files are gone. */
  readonly removeMissing?: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressListener | undefined;
}

export interface UnmatchedPoster {
  readonly path: string;
  readonly reason: string;
}

export interface ScanPosterReport {
  readonly runId: number;
  readonly status: 'completed' | 'cancelled';
  readonly folder: string;
  readonly imagesSeen: number;
  readonly linked: number;
  readonly newlyLinked: number;
  readonly alreadyLinked: number;
  readonly relinked: number;
  readonly matchedBy: Partial<Record<MatchedBy, number>>;
  readonly numericIdsInterpretation: 'imdb' | 'tmdb' | null;
  readonly ignoredNonImages: number;
  readonly unusable: number;
  readonly missing: number;
  readonly removed: number;
  readonly unmatched: readonly UnmatchedPoster[];
  readonly mappingIssues: number;
  readonly elapsedSeconds: number;
}

export class PosterScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PosterScanError';
  }
}

interface ImageFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

const BATCH = 500;
/** Folders with at least this many files look poster_path file names up in one map (see byPosterFile). */
export const POSTER_PATH_MAP_FROM = 200;

/**
 * Links a folder of poster images to catalog movies: through the mapping CSV when one names the
 * file, else by TMDb's poster_path file name, else by the id in the file name (tt-prefixed IMDb,
 * tmdb-prefixed TMDb, or a bare number read as IMDb or TMDb). Recorded as an import run whose
 * report lists every file that matched nothing. Re-scanning the same folder changes nothing.
 */
export async function scanPosterFolder(db: CatalogDatabase, options: ScanPosterOptions): Promise<ScanPosterReport> {
  const startedAt = performance.now();
  const folder = path.resolve(options.folder);
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new PosterScanError(`${folder} is not a folder. Pass the folder that holds the poster images.`);
  const mapping = options.mapFile ? readPosterMapping(path.resolve(options.mapFile)) : null;

  const runs = new ImportRuns(db);
  const sourceId = runs.ensureSource(folder, 'posters', 'poster-folder');
  const runId = runs.start(sourceId, { encoding: null, fileSize: null, fileMtimeMs: Math.round(stat.mtimeMs) });
  const warnings: string[] = [];
  try {
    const listing = await listFolder(folder, options.signal);
    const images = listing.images;
    const lookup = new MovieLookup(db, images.length);
    const numericIds = options.numericIds ?? 'auto';
    const interpretation = numericIds === 'auto' ? decideNumericIds(images, lookup) : numericIds;

    const meter = new ProgressMeter('files', options.onProgress, { unitsTotal: images.length });
    const counters: RunCounters = { rowsRead: 0, rowsImported: 0, rowsSkipped: 0, itemsAdded: 0, itemsMerged: 0, bytesDone: 0 };
    const matchedBy: Partial<Record<MatchedBy, number>> = {};
    const unmatched: UnmatchedPoster[] = [];
    let relinked = 0;
    let unusable = 0;
    const pendingIssues: ImportIssue[] = (mapping?.issues ?? []).map((issue) => ({
      line: issue.line,
      columnName: null,
      columnNumber: null,
      reason: issue.reason,
      excerpt: issue.excerpt,
    }));

    const existing = db.prepare(`SELECT movie_id AS movieId FROM posters WHERE path = ?`);
    const upsert = db.prepare(`
      INSERT INTO posters(movie_id, path, file_size, file_mtime_ms, matched_by, source_id) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(path) DO UPDATE SET movie_id = excluded.movie_id, file_size = excluded.file_size,
        file_mtime_ms = excluded.file_mtime_ms, matched_by = excluded.matched_by, source_id = excluded.source_id
      WHERE movie_id IS NOT excluded.movie_id OR file_size IS NOT excluded.file_size
        OR file_mtime_ms IS NOT excluded.file_mtime_ms OR matched_by IS NOT excluded.matched_by`);
    let batch: { image: ImageFile; movieId: number; matchedBy: MatchedBy }[] = [];
    const commit = db.transaction(() => {
      for (const entry of batch) {
        const before = existing.get(entry.image.path) as { movieId: number } | undefined;
        upsert.run(entry.movieId, entry.image.path, entry.image.size, Math.round(entry.image.mtimeMs), entry.matchedBy, sourceId);
        if (!before) counters.itemsAdded++;
        else {
          counters.itemsMerged++;
          if (before.movieId !== entry.movieId) relinked++;
        }
        matchedBy[entry.matchedBy] = (matchedBy[entry.matchedBy] ?? 0) + 1;
        counters.rowsImported++;
      }
      runs.recordProgress(runId, counters, pendingIssues.splice(0));
    });
    const flush = () => {
      commit.immediate();
      batch = [];
      meter.update('linking posters', counters.rowsRead, null, true);
    };

    for (const image of images) {
      counters.rowsRead++;
      if (image.size === 0) {
        unusable++;
        counters.rowsSkipped++;
        pendingIssues.push(fileIssue(folder, image.path, 'the file is empty'));
        continue;
      }
      const match = matchImage(image.path, mapping?.byFileName.get(path.basename(image.path).toLowerCase()) ?? null, interpretation, lookup);
      if ('reason' in match) {
        counters.rowsSkipped++;
        unmatched.push({ path: path.relative(folder, image.path), reason: match.reason });
        pendingIssues.push(fileIssue(folder, image.path, match.reason));
      } else {
        batch.push({ image, movieId: match.movieId, matchedBy: match.matchedBy });
      }
      if (counters.rowsRead % BATCH === 0) {
        flush();
        if (options.signal?.aborted) throw new CancelledError();
      }
    }
    flush();

    const seen = new Set(images.map((image) => image.path));
    const gone = (db.prepare(`SELECT id, path FROM posters WHERE source_id = ?`).all(sourceId) as { id: number; path: string }[]).filter(
      (row) => !seen.has(row.path) && !fs.existsSync(row.path),
    );
    let removed = 0;
    if (options.removeMissing && gone.length > 0) {
      const remove = db.prepare(`DELETE FROM posters WHERE id = ?`);
      db.transaction(() => gone.forEach((row) => (removed += remove.run(row.id).changes))).immediate();
    }
    if (listing.ignored > 0) warnings.push(`${listing.ignored} file(s) in the folder are not images and were ignored.`);
    if (interpretation && numericIds === 'auto') warnings.push(`Numeric file names were read as ${interpretation.toUpperCase()} ids.`);
    runs.finish(runId, 'completed', warnings);
    meter.update('done', counters.rowsRead, null, true);
    return {
      runId,
      status: 'completed',
      folder,
      imagesSeen: images.length,
      linked: counters.rowsImported,
      newlyLinked: counters.itemsAdded,
      alreadyLinked: counters.itemsMerged - relinked,
      relinked,
      matchedBy,
      numericIdsInterpretation: interpretation,
      ignoredNonImages: listing.ignored,
      unusable,
      missing: options.removeMissing ? 0 : gone.length,
      removed,
      unmatched,
      mappingIssues: mapping?.issues.length ?? 0,
      elapsedSeconds: (performance.now() - startedAt) / 1000,
    };
  } catch (error) {
    const cancelled = error instanceof CancelledError;
    runs.finish(runId, cancelled ? 'cancelled' : 'failed', warnings, cancelled ? null : (error as Error).message);
    throw error;
  }
}

function fileIssue(folder: string, file: string, reason: string): ImportIssue {
  return { line: 0, columnName: null, columnNumber: null, reason: `${path.relative(folder, file)}: ${reason}`, excerpt: file };
}

async function listFolder(folder: string, signal: AbortSignal | undefined): Promise<{ images: ImageFile[]; ignored: number }> {
  const entries = await fs.promises.readdir(folder, { recursive: true, withFileTypes: true });
  const images: ImageFile[] = [];
  let ignored = 0;
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    if (!isPosterImage(entry.name)) {
      ignored++;
      continue;
    }
    if (signal?.aborted) throw new CancelledError();
    const file = path.join(entry.parentPath, entry.name);
    const stat = await fs.promises.stat(file);
    images.push({ path: file, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  // A stable order makes reports and "first row wins" decisions repeatable.
  images.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { images, ignored };
}

/** Finds movies by each id the catalog knows, with prepared statements reused across files. */
class MovieLookup {
  private readonly tmdb;
  private readonly imdb;
  private readonly movielens;
  private readonly posterPath;
  /** Lower-cased poster_path -> the lowest movie id with it, for folders with many files. */
  private posterPaths: Map<string, number> | null = null;

  constructor(
    private readonly db: CatalogDatabase,
    private readonly files: number,
  ) {
    this.tmdb = db.prepare(`SELECT id FROM movies WHERE tmdb_id = ?`).pluck();
    this.imdb = db.prepare(`SELECT id FROM movies WHERE imdb_id = ?`).pluck();
    this.movielens = db.prepare(`SELECT id FROM movies WHERE movielens_id = ?`).pluck();
    // poster_path is stored as TMDb writes it ("/abc.jpg"); compare its file name case-insensitively.
    this.posterPath = db.prepare(`SELECT id FROM movies WHERE lower(poster_path) IN (?, ?) LIMIT 1`).pluck();
  }

  byTmdb(id: number): number | null {
    return (this.tmdb.get(id) as number | undefined) ?? null;
  }
  byImdb(id: string): number | null {
    return (this.imdb.get(id) as number | undefined) ?? null;
  }
  byMovielens(id: number): number | null {
    return (this.movielens.get(id) as number | undefined) ?? null;
  }
  byPosterFile(fileName: string): number | null {
    // lower(poster_path) cannot use the poster_path index: each query scans every movie, which a
    // folder of 20K posters against 1M movies turns into hours. Past a few hundred files, one scan
    // into a map answers them all (the same movie: the lowest id, as the scan's LIMIT 1 finds).
    if (this.files < POSTER_PATH_MAP_FROM) return (this.posterPath.get(`/${fileName}`, fileName) as number | undefined) ?? null;
    this.posterPaths ??= this.loadPosterPaths();
    const slashed = this.posterPaths.get(`/${fileName}`);
    const bare = this.posterPaths.get(fileName);
    if (slashed === undefined) return bare ?? null;
    return bare === undefined ? slashed : Math.min(slashed, bare);
  }

  private loadPosterPaths(): Map<string, number> {
    const map = new Map<string, number>();
    const rows = this.db.prepare(`SELECT lower(poster_path), id FROM movies WHERE poster_path IS NOT NULL ORDER BY id`).raw().iterate() as IterableIterator<
      [string, number]
    >;
    for (const [posterPath, id] of rows) if (!map.has(posterPath)) map.set(posterPath, id);
    return map;
  }
}

/**
 * Reads numeric names as IMDb or TMDb ids when one reading matches most of this folder's numeric
 * files and clearly more than the other; otherwise (both small id spaces overlap) it declines to
 * guess, because a wrong guess links posters to the wrong films.
 */
function decideNumericIds(images: readonly ImageFile[], lookup: MovieLookup): 'imdb' | 'tmdb' | null {
  let imdb = 0;
  let tmdb = 0;
  let numeric = 0;
  for (const image of images) {
    const clue = clueFromFileName(image.path);
    if (clue.kind !== 'numeric') continue;
    numeric++;
    if (lookup.byImdb(`tt${String(clue.value).padStart(7, '0')}`) !== null) imdb++;
    if (lookup.byTmdb(clue.value) !== null) tmdb++;
  }
  const convincing = (winner: number, other: number) => winner >= numeric / 2 && winner >= 2 * other;
  if (numeric > 0 && convincing(imdb, tmdb)) return 'imdb';
  if (numeric > 0 && convincing(tmdb, imdb)) return 'tmdb';
  return null;
}

type Match = { readonly movieId: number; readonly matchedBy: MatchedBy } | { readonly reason: string };

function matchImage(file: string, mapped: MappedIds | null, numeric: 'imdb' | 'tmdb' | null, lookup: MovieLookup): Match {
  if (mapped) {
    const movieId =
      (mapped.tmdbId !== null ? lookup.byTmdb(mapped.tmdbId) : null) ??
      (mapped.imdbId !== null ? lookup.byImdb(mapped.imdbId) : null) ??
      (mapped.movielensId !== null ? lookup.byMovielens(mapped.movielensId) : null);
    if (movieId !== null) return { movieId, matchedBy: 'mapping' };
    return { reason: `the mapping (line ${mapped.line}) names ${describeMapped(mapped)}, which is not in the catalog` };
  }
  const byPosterPath = lookup.byPosterFile(path.basename(file).toLowerCase());
  if (byPosterPath !== null) return { movieId: byPosterPath, matchedBy: 'poster_path' };
  return matchByName(clueFromFileName(file), numeric, lookup);
}

function matchByName(clue: NameClue, numeric: 'imdb' | 'tmdb' | null, lookup: MovieLookup): Match {
  switch (clue.kind) {
    case 'imdb': {
      const movieId = lookup.byImdb(clue.imdbId);
      return movieId !== null ? { movieId, matchedBy: 'imdb_id' } : { reason: `no movie with IMDb id ${clue.imdbId} in the catalog` };
    }
    case 'tmdb': {
      const movieId = lookup.byTmdb(clue.tmdbId);
      return movieId !== null ? { movieId, matchedBy: 'tmdb_id' } : { reason: `no movie with TMDb id ${clue.tmdbId} in the catalog` };
    }
    case 'numeric': {
      if (numeric === null)
        return { reason: `${clue.digits} could be an IMDb or a TMDb id and neither matches most of the folder: pass --numeric-ids imdb or tmdb` };
      if (numeric === 'tmdb') {
        const movieId = lookup.byTmdb(clue.value);
        return movieId !== null ? { movieId, matchedBy: 'tmdb_id' } : { reason: `no movie with TMDb id ${clue.value} in the catalog` };
      }
      const imdbId = `tt${String(clue.value).padStart(7, '0')}`;
      const movieId = lookup.byImdb(imdbId);
      return movieId !== null ? { movieId, matchedBy: 'imdb_id' } : { reason: `no movie with IMDb id ${imdbId} in the catalog` };
    }
    case 'none':
      return { reason: 'the file name is not a TMDb poster_path, an IMDb id (tt…) or a TMDb id, and no mapping names it' };
  }
}

function describeMapped(mapped: MappedIds): string {
  const parts: string[] = [];
  if (mapped.tmdbId !== null) parts.push(`TMDb ${mapped.tmdbId}`);
  if (mapped.imdbId !== null) parts.push(`IMDb ${mapped.imdbId}`);
  if (mapped.movielensId !== null) parts.push(`MovieLens ${mapped.movielensId}`);
  return parts.join(' / ');
}
