import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadRecordingGroups, recordingGroupsVersion, type RecordingGroupsVersion } from '../catalog/recordings.js';
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

/** The recording groups, from the snapshot in `snapshotDir` when it is current, else computed (then snapshotted). */
export function loadRecordingGroupsCached(db: CatalogDatabase, snapshotDir: string | undefined): Map<number, number> {
  if (!snapshotDir) return loadRecordingGroups(db);
  const version = recordingGroupsVersion(db);
  const cached = readRecordingsSnapshot(recordingsFile(snapshotDir), version.tag);
  if (cached) return cached;
  const groups = loadRecordingGroups(db);
  snapshotRecordingGroups(snapshotDir, groups, version);
  return groups;
}

/**
 * Snapshots recording groups computed from the catalog's songs in the state `version` names (a
 * vibe build computes them to date songs): written when that is still the songs' state, since a
 * snapshot is trusted for as long as its tag matches. None is written while an import is running.
 * True when written.
 */
export function snapshotRecordingGroups(
  snapshotDir: string,
  groups: ReadonlyMap<number, number>,
  version: RecordingGroupsVersion,
  current: RecordingGroupsVersion = version,
): boolean {
  if (version.importRunning || current.importRunning || current.tag !== version.tag) return false;
  try {
    fs.mkdirSync(snapshotDir, { recursive: true });
    writeRecordingsSnapshot(recordingsFile(snapshotDir), groups, version.tag);
    return true;
  } catch {
    // A cache that cannot be written only costs the next start its speed.
    return false;
  }
}

const recordingsFile = (snapshotDir: string): string => path.join(snapshotDir, 'recording-groups');

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
