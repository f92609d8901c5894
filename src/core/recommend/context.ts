import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadRecordingGroups } from '../catalog/recordings.js';
import { loadSoundtrackLinks } from '../links/soundtrack-links.js';
import { SoundtrackLinkIndex } from './links.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-file.js';
import type { RecommendContext } from './recommend.js';

/**
 * What recommendations need from the catalog beyond the vectors: explicit soundtrack links and
 * recording groups (one recording under several ids). With a snapshot folder the recording groups
 * are read from a snapshot while the catalog's songs are as they were when it was written: grouping
 * a million songs normalises every title and artist (seconds), most of a start otherwise.
 */
export function loadRecommendContext(db: CatalogDatabase, options: { readonly snapshotDir?: string } = {}): RecommendContext {
  return { links: new SoundtrackLinkIndex(loadSoundtrackLinks(db)), recordings: loadRecordingGroupsCached(db, options.snapshotDir) };
}

const RECORDINGS_MAGIC = 'crossfade-recordings-1';
const RECORDINGS_HEADER = 1024;

/**
 * Songs change only through imports (added, merged, undone; catalog/song-writer.ts and
 * undo-import.ts are the only writers): the tag is every import run's state plus the songs'
 * highest id, both read in constant time (a count of a million songs read 150 ms of cold pages
 * at start). None is written while an import is running.
 */
function recordingsTag(db: CatalogDatabase): { tag: string; importRunning: boolean } {
  const [runs, running, maxId] = db
    .prepare(
      `SELECT (SELECT json_group_array(json_array(id, status, finished_at, undone_at)) FROM import_runs),
              (SELECT count(*) FROM import_runs WHERE status = 'running'),
              (SELECT coalesce(max(id), 0) FROM songs)`,
    )
    .raw()
    .get() as [string, number, number];
  return { tag: JSON.stringify({ database: path.resolve(db.name), runs: JSON.parse(runs) as unknown, maxId }), importRunning: running > 0 };
}

/** The recording groups, from the snapshot in `snapshotDir` when it is current, else computed (then snapshotted). */
export function loadRecordingGroupsCached(db: CatalogDatabase, snapshotDir: string | undefined): Map<number, number> {
  if (!snapshotDir) return loadRecordingGroups(db);
  const file = path.join(snapshotDir, 'recording-groups');
  const { tag, importRunning } = recordingsTag(db);
  const cached = readRecordingsSnapshot(file, tag);
  if (cached) return cached;
  const groups = loadRecordingGroups(db);
  if (!importRunning) {
    try {
      fs.mkdirSync(snapshotDir, { recursive: true });
      writeRecordingsSnapshot(file, groups, tag);
    } catch {
      // A cache that cannot be written only costs the next start its speed.
    }
  }
  return groups;
}

/** Header (JSON, padded with spaces), then (song id, canonical id) pairs as int32. */
function writeRecordingsSnapshot(file: string, groups: ReadonlyMap<number, number>, tag: string): void {
  const pairs = new Int32Array(groups.size * 2);
  let at = 0;
  for (const [id, canonical] of groups) {
    pairs[at++] = id;
    pairs[at++] = canonical;
  }
  writeSnapshotFile(file, RECORDINGS_HEADER, { magic: RECORDINGS_MAGIC, tag, pairs: groups.size }, [pairs]);
}

function readRecordingsSnapshot(file: string, tag: string): Map<number, number> | null {
  const snapshot = readSnapshotFile(file, RECORDINGS_HEADER);
  if (!snapshot) return null;
  const { meta, bytes } = snapshot;
  if (meta.magic !== RECORDINGS_MAGIC || meta.tag !== tag || typeof meta.pairs !== 'number') return null;
  if (bytes.length !== RECORDINGS_HEADER + meta.pairs * 8) return null;
  const pairs = new Int32Array(meta.pairs * 2);
  bytes.subarray(RECORDINGS_HEADER).copy(new Uint8Array(pairs.buffer));
  const groups = new Map<number, number>();
  for (let at = 0; at < pairs.length; at += 2) groups.set(pairs[at]!, pairs[at + 1]!);
  return groups;
}
