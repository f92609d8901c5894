import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CatalogDatabase } from '../db/open-database.js';
import { ProgressMeter, type ProgressListener } from '../progress.js';
import { LocalMatcher, type LocalTags } from './match-local.js';

/** The audio files a scan reads (by extension, case-insensitive). */
const AUDIO_EXTENSIONS = ['.mp3', '.flac', '.m4a', '.ogg', '.oga', '.opus', '.wav'] as const;
const BATCH = 50;

interface ScanMusicOptions {
  readonly folder: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Called after each committed batch (outside any transaction): where a paused job waits. */
  readonly checkpoint?: () => void;
}

export interface ScanMusicReport {
  readonly folder: string;
  readonly status: 'completed' | 'cancelled';
  /** Audio files found. */
  readonly files: number;
  /** Files read this time (new or changed since the last scan). */
  readonly read: number;
  /** Files unchanged since the last scan (not read again). */
  readonly unchanged: number;
  readonly matched: number;
  readonly unmatched: number;
  /** Files that could not be read, with the reason (they are listed, never fatal). */
  readonly unreadable: number;
  readonly problems: readonly { readonly path: string; readonly reason: string }[];
  /** The first problems as sentences (what the job card shows). */
  readonly warnings: readonly string[];
  /** Files of an earlier scan that are gone (forgotten). */
  readonly removed: number;
}

class MusicFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MusicFolderError';
  }
}

/**
 * Scans a music folder: reads the tags of every audio file with music-metadata, matches it to a
 * catalog song (match-local.ts) and stores it (migration 15), a batch at a time, so a cancelled or
 * crashed scan keeps what it committed and the next scan only reads new or changed files (resume).
 * Unchanged files that were unmatched are matched again: the catalog may have grown since.
 * A file that cannot be read is stored with the reason and reported; the scan goes on.
 */
export async function scanMusicFolder(db: CatalogDatabase, options: ScanMusicOptions): Promise<ScanMusicReport> {
  const folder = path.resolve(options.folder);
  if (!isDirectory(folder)) throw new MusicFolderError(`${folder} is not a folder. Choose the folder that holds your music files.`);
  const { parseFile } = await import('music-metadata');
  db.prepare(`INSERT INTO music_folders(path) VALUES (?) ON CONFLICT(path) DO NOTHING`).run(folder);
  const folderId = db.prepare(`SELECT id FROM music_folders WHERE path = ?`).pluck().get(folder) as number;

  const meter = new ProgressMeter('files', options.onProgress);
  meter.update('Looking for audio files', 0, null, true);
  const files = audioFilesIn(folder);
  const known = new Map(
    (
      db
        .prepare(
          `SELECT path, file_size AS size, file_mtime_ms AS mtime, song_id AS songId, error, title, artist, duration_ms AS durationMs, isrc FROM local_tracks WHERE folder_id = ?`,
        )
        .all(folderId) as KnownTrack[]
    ).map((row) => [row.path, row]),
  );
  const matcher = new LocalMatcher(db);
  const upsert = db.prepare(`
    INSERT INTO local_tracks(folder_id, path, file_size, file_mtime_ms, title, artist, album, duration_ms, isrc, song_id, matched_by, error, scanned_at)
    VALUES (@folderId, @path, @size, @mtime, @title, @artist, @album, @durationMs, @isrc, @songId, @matchedBy, @error, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT(path) DO UPDATE SET folder_id = excluded.folder_id, file_size = excluded.file_size, file_mtime_ms = excluded.file_mtime_ms,
      title = excluded.title, artist = excluded.artist, album = excluded.album, duration_ms = excluded.duration_ms, isrc = excluded.isrc,
      song_id = excluded.song_id, matched_by = excluded.matched_by, error = excluded.error, scanned_at = excluded.scanned_at`);
  const rematch = db.prepare(`UPDATE local_tracks SET song_id = ?, matched_by = ? WHERE path = ?`);

  const counts = { read: 0, unchanged: 0, matched: 0, unmatched: 0, unreadable: 0 };
  const problems: { path: string; reason: string }[] = [];
  type Row = Parameters<typeof upsert.run>[0];
  let pending: Row[] = [];
  const commit = db.transaction((rows: Row[]) => {
    for (const row of rows) upsert.run(row);
  });
  const flush = () => {
    if (pending.length > 0) commit.immediate(pending);
    pending = [];
    options.checkpoint?.();
  };

  let done = 0;
  let cancelled = false;
  for (const file of files) {
    if (options.signal?.aborted) {
      cancelled = true;
      break;
    }
    done++;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue; // Gone since the listing.
    }
    const mtime = Math.round(stat.mtimeMs);
    const before = known.get(file);
    if (before && before.size === stat.size && before.mtime === mtime) {
      counts.unchanged++;
      if (before.error !== null) {
        counts.unreadable++;
        problems.push({ path: file, reason: before.error });
      } else if (before.songId === null) {
        const match = matcher.match(before);
        if (match) rematch.run(match.songId, match.by, file);
        counts[match ? 'matched' : 'unmatched']++;
      } else counts.matched++;
    } else {
      counts.read++;
      const row = {
        folderId,
        path: file,
        size: stat.size,
        mtime,
        title: null,
        artist: null,
        album: null,
        durationMs: null,
        isrc: null,
        songId: null,
        matchedBy: null,
        error: null,
      } as Record<string, unknown>;
      try {
        const metadata = await parseFile(file, { duration: true, skipCovers: true });
        // Some parsers accept any bytes; a file with neither audio nor tags is not a song.
        if (!metadata.format.duration && !metadata.common.title && !metadata.common.artist) throw new Error('no audio frames or tags found');
        const tags: LocalTags & { album: string | null } = {
          title: clean(metadata.common.title),
          artist: clean(metadata.common.artist ?? metadata.common.artists?.join(', ')),
          album: clean(metadata.common.album),
          durationMs: metadata.format.duration !== undefined && Number.isFinite(metadata.format.duration) ? Math.round(metadata.format.duration * 1000) : null,
          isrc: clean(metadata.common.isrc?.[0]),
        };
        const match = matcher.match(tags);
        Object.assign(row, tags, match ? { songId: match.songId, matchedBy: match.by } : {});
        counts[match ? 'matched' : 'unmatched']++;
      } catch (error) {
        const reason = `not readable as audio (${error instanceof Error ? error.message : String(error)})`;
        row.error = reason;
        counts.unreadable++;
        problems.push({ path: file, reason });
      }
      pending.push(row as Row);
    }
    if (pending.length >= BATCH) flush();
    meter.update('Reading tags', done);
    if (done % BATCH === 0) await yieldToEventLoop();
  }
  flush();

  let removed = 0;
  if (!cancelled) {
    const seen = new Set(files);
    const gone = [...known.keys()].filter((file) => !seen.has(file));
    db.transaction(() => {
      const remove = db.prepare(`DELETE FROM local_tracks WHERE path = ?`);
      for (const file of gone) remove.run(file);
      db.prepare(`UPDATE music_folders SET scanned_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(folderId);
    }).immediate();
    removed = gone.length;
  }
  meter.update(cancelled ? 'Cancelled' : 'Done', done, null, true);
  const warnings = problems.slice(0, 3).map((problem) => `${problem.path}: ${problem.reason}.`);
  if (problems.length > 3) warnings.push(`${problems.length - 3} more files could not be read.`);
  return { folder, status: cancelled ? 'cancelled' : 'completed', files: files.length, ...counts, problems: problems.slice(0, 50), warnings, removed };
}

interface KnownTrack extends LocalTags {
  readonly path: string;
  readonly size: number;
  readonly mtime: number;
  readonly songId: number | null;
  readonly error: string | null;
}

function clean(value: string | undefined | null): string | null {
  const text = value?.trim();
  return text ? text : null;
}

/** Every audio file under `folder`, sorted; symlinked folders are not followed (no loops). */
function audioFilesIn(folder: string): string[] {
  const result: string[] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // An unreadable subfolder is skipped, not fatal.
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && (AUDIO_EXTENSIONS as readonly string[]).includes(path.extname(entry.name).toLowerCase())) result.push(full);
    }
  };
  visit(folder);
  return result.sort();
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Catalog songs with a file on this computer: song id -> the file's absolute path (the first, by path). */
export function localFilesBySong(db: CatalogDatabase, songIds?: readonly number[]): Map<number, string> {
  const rows = (
    songIds === undefined
      ? db.prepare(`SELECT song_id AS songId, min(path) AS path FROM local_tracks WHERE song_id IS NOT NULL GROUP BY song_id`).all()
      : db
          .prepare(`SELECT song_id AS songId, min(path) AS path FROM local_tracks WHERE song_id IN (SELECT value FROM json_each(?)) GROUP BY song_id`)
          .all(JSON.stringify(songIds))
  ) as { songId: number; path: string }[];
  return new Map(rows.map((row) => [row.songId, row.path]));
}

/**
 * The local files of a playlist's songs, for M3U8 / XSPF exports (src/core/export/local-playlists.ts),
 * or undefined when none of them is on this computer (the export then keeps its Spotify links).
 */
export function localPlaylistFiles(
  db: CatalogDatabase,
  songIds: readonly number[],
): { pathOf: (songId: number) => string | null; musicFolders: string[] } | undefined {
  const files = localFilesBySong(db, songIds);
  if (files.size === 0) return undefined;
  const musicFolders = db.prepare(`SELECT path FROM music_folders ORDER BY length(path) DESC`).pluck().all() as string[];
  return { pathOf: (songId) => files.get(songId) ?? null, musicFolders };
}

/** The scanned folders with their counts, and how many catalog songs have a local file. */
export function musicFolderStatus(db: CatalogDatabase): {
  folders: { path: string; scannedAt: string | null; files: number; matched: number; unreadable: number }[];
  localSongs: number;
} {
  const folders = db
    .prepare(
      `SELECT f.path, f.scanned_at AS scannedAt, count(t.id) AS files, count(t.song_id) AS matched, count(t.error) AS unreadable
       FROM music_folders f LEFT JOIN local_tracks t ON t.folder_id = f.id GROUP BY f.id ORDER BY f.path`,
    )
    .all() as { path: string; scannedAt: string | null; files: number; matched: number; unreadable: number }[];
  const localSongs = db.prepare(`SELECT count(DISTINCT song_id) FROM local_tracks WHERE song_id IS NOT NULL`).pluck().get() as number;
  return { folders, localSongs };
}

/** Forgets a scanned folder and its files' rows. */
export function removeMusicFolder(db: CatalogDatabase, folder: string): boolean {
  return db.prepare(`DELETE FROM music_folders WHERE path = ?`).run(path.resolve(folder)).changes > 0;
}
