import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadRecordingGroups, recordingGroupsVersion, songScope, type RecordingGroupsVersion, type ScopedRecordingGroups } from '../catalog/recordings.js';
import { itemsImportedSince } from '../catalog/import-runs.js';
import { parseImportRunStates } from '../catalog/import-run-states.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-file.js';

/**
 * The recording groups' snapshot (see context.ts): read while the catalog's songs are as they
 * were when it was written, else brought up to date from what imports changed since, else
 * computed whole (seconds at a million songs).
 */

/**
 * Bumped when the grouping rules change (3: songs without a duration join their recording; 4:
 * "Various Artists" is no main artist; 5: streams count as popularity for the best-known version),
 * so older snapshots are grouped again.
 */
const RECORDINGS_MAGIC = 'crossfade-recordings-5';
const RECORDINGS_HEADER = 1024;

/**
 * The recording groups, from the snapshot in `snapshotDir` when it is current or can be brought up
 * to date, else computed (then snapshotted). `known`: the groups of some artists' songs the caller
 * has read already (an incremental build's), used when they hold every song to group again.
 */
export function loadRecordingGroupsCached(
  db: CatalogDatabase,
  snapshotDir: string | undefined,
  known: ScopedRecordingGroups | null = null,
): Map<number, number> {
  if (!snapshotDir) return loadRecordingGroups(db);
  const { groups, version, fromSnapshot } = recordingGroupsNow(db, snapshotDir, known);
  if (!fromSnapshot) snapshotRecordingGroups(snapshotDir, groups, version);
  return groups;
}

/**
 * The recording groups of the catalog's songs as they are now, with the state (`version`) they
 * are of: the snapshot's when it is of this state (`fromSnapshot`), else brought up to date or
 * computed, without writing anything. A full vibe build dates songs with them: grouping a million
 * songs takes 9 s of its longest thread, and a rebuild after posters were embedded or the ranker
 * changed finds the groups its previous build snapshotted (the build job then snapshots them as
 * it always did).
 */
export function recordingGroupsNow(
  db: CatalogDatabase,
  snapshotDir: string,
  known: ScopedRecordingGroups | null = null,
): { readonly groups: Map<number, number>; readonly version: RecordingGroupsVersion; readonly fromSnapshot: boolean } {
  const version = recordingGroupsVersion(db);
  const snapshot = readRecordingsSnapshot(recordingsFile(snapshotDir));
  if (snapshot?.version.tag === version.tag) return { groups: snapshot.groups, version, fromSnapshot: true };
  const groups = (snapshot && !version.importRunning ? groupsUpdatedSince(db, snapshot, version, known) : null) ?? loadRecordingGroups(db);
  return { groups, version, fromSnapshot: false };
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
    writeRecordingsSnapshot(recordingsFile(snapshotDir), groups, version);
    return true;
  } catch {
    // A cache that cannot be written only costs the next start its speed.
    return false;
  }
}

/**
 * The groups as they are now, from a snapshot of an earlier state: songs change only through
 * imports, and a recording's versions share their main artist, so only the groups of the artists
 * of songs the imports since added or merged into can differ. Those are grouped again (the
 * snapshot's groups of those songs too, in case a merge changed a song's artist); the rest are
 * kept. Null (group everything) when an import since was undone (its journal is gone with it),
 * ran without a journal, or is still running, or when runs are missing.
 */
function groupsUpdatedSince(
  db: CatalogDatabase,
  snapshot: RecordingsSnapshot,
  now: RecordingGroupsVersion,
  known: ScopedRecordingGroups | null,
): Map<number, number> | null {
  const touched = itemsImportedSince(db, 'song', snapshot.version.runs, now.runs);
  if (!touched) return null;
  const groups = new Map(snapshot.groups);
  if (touched.size === 0) return groups;
  // The whole snapshot groups of touched songs: a merge may have moved a song to another artist.
  const canonicals = new Set([...touched].map((id) => snapshot.groups.get(id)).filter((id) => id !== undefined));
  for (const [id, canonical] of snapshot.groups) if (canonicals.has(canonical)) touched.add(id);
  // Finding an artist's songs normalises every song's artists, and grouping them reads them all again (seconds at a
  // million): groups read already will do when they hold every touched song and the songs have not changed since.
  const reuse = known !== null && known.version.tag === now.tag && [...touched].every((id) => known.scope.songIds.has(id));
  const scope = reuse ? known.scope : songScope(db, touched);
  for (const [id, canonical] of snapshot.groups) if (scope.songIds.has(id) || canonicals.has(canonical)) groups.delete(id);
  for (const [id, canonical] of reuse ? known.groups : loadRecordingGroups(db, scope)) groups.set(id, canonical);
  return groups;
}

const recordingsFile = (snapshotDir: string): string => path.join(snapshotDir, 'recording-groups');

interface RecordingsSnapshot {
  readonly groups: Map<number, number>;
  readonly version: Pick<RecordingGroupsVersion, 'tag' | 'runs'>;
}

/** Header (JSON, padded with spaces), then (song id, canonical id) pairs as int32, then the import runs' states (JSON). */
function writeRecordingsSnapshot(file: string, groups: ReadonlyMap<number, number>, version: RecordingGroupsVersion): void {
  const pairs = new Int32Array(groups.size * 2);
  let at = 0;
  for (const [id, canonical] of groups) {
    pairs[at++] = id;
    pairs[at++] = canonical;
  }
  const runs = Buffer.from(JSON.stringify(version.runs));
  const meta = { magic: RECORDINGS_MAGIC, tag: version.tag, pairs: groups.size, runsBytes: runs.byteLength };
  writeSnapshotFile(file, RECORDINGS_HEADER, meta, [pairs, runs]);
}

function readRecordingsSnapshot(file: string): RecordingsSnapshot | null {
  const snapshot = readSnapshotFile(file, RECORDINGS_HEADER);
  if (!snapshot) return null;
  const { meta, bytes } = snapshot;
  const { magic, tag, pairs: count, runsBytes } = meta;
  if (magic !== RECORDINGS_MAGIC || typeof tag !== 'string' || typeof count !== 'number' || typeof runsBytes !== 'number') return null;
  if (bytes.length !== RECORDINGS_HEADER + count * 8 + runsBytes) return null;
  const pairs = new Int32Array(count * 2);
  bytes.subarray(RECORDINGS_HEADER, RECORDINGS_HEADER + count * 8).copy(new Uint8Array(pairs.buffer));
  const runs = parseImportRunStates(bytes.subarray(RECORDINGS_HEADER + count * 8).toString('utf8'));
  if (!runs) return null;
  const groups = new Map<number, number>();
  for (let at = 0; at < pairs.length; at += 2) groups.set(pairs[at]!, pairs[at + 1]!);
  return { groups, version: { tag, runs } };
}
