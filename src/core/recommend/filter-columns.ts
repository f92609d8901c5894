import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDatabase } from '../db/open-database.js';
import type { ItemKind } from '../../shared/recommend-schemas.js';
import { itemsImportedSince } from '../catalog/import-runs.js';
import { importRunStates, type ImportRunState } from '../catalog/import-run-states.js';
import { knownExplicit } from '../features/explicit-lyrics.js';
import { closeColumns, readColumnsSnapshot, writeColumnsSnapshot, type ColumnsSnapshot } from './columns-snapshot.js';

/** Per-row facts the filters need, aligned with the engine's matrix rows (item id order). */
export interface RowColumns {
  /** Rows (the matrix's). */
  readonly count: number;
  /** Release year, NaN when unknown. */
  readonly year: Float32Array;
  /** Songs: explicit (the source's flag, else what the title says: knownExplicit); movies: adult. */
  readonly flagged: Uint8Array;
  /** Movies: index into `languages` (-1 unknown); songs: all -1. */
  readonly language: Int16Array;
  readonly languages: readonly string[];
  /** Movies: vote count (0 unknown); songs: 0. */
  readonly votes: Float64Array;
}

/**
 * The columns of the matrix's rows (`ids`, ascending) from SQLite; with `only`, just those items'
 * rows are read and filled into `into` (the others keep what they hold), its languages extended.
 */
function loadColumns(
  db: CatalogDatabase,
  kind: ItemKind,
  ids: Int32Array,
  rowOf: (id: number) => number,
  only: readonly number[] | null = null,
  into: RowColumns | null = null,
): RowColumns {
  const count = ids.length;
  const year = into?.year ?? new Float32Array(count).fill(Number.NaN);
  const flagged = into?.flagged ?? new Uint8Array(count);
  const language = into?.language ?? new Int16Array(count).fill(-1);
  const votes = into?.votes ?? new Float64Array(count);
  const languages: string[] = [...(into?.languages ?? [])];
  const languageIndex = new Map(languages.map((name, index) => [name, index]));
  // The fourth column: a movie's language; a song's title when the source has no explicit flag.
  const columns =
    kind === 'song'
      ? `id, release_year, explicit, CASE WHEN explicit IS NULL THEN title END, 0 FROM songs`
      : `id, release_year, adult, lower(original_language), coalesce(vote_count, 0) FROM movies`;
  const statement = db.prepare(`SELECT ${columns} ${only ? 'WHERE id IN (SELECT value FROM json_each(?))' : ''} ORDER BY id`).raw();
  for (const [id, releaseYear, flag, text, voteCount] of (only ? statement.iterate(JSON.stringify(only)) : statement.iterate()) as IterableIterator<
    [number, number | null, number | null, string | null, number]
  >) {
    const row = rowOf(id);
    if (row < 0) continue;
    year[row] = releaseYear ?? Number.NaN;
    votes[row] = voteCount;
    language[row] = -1;
    if (kind === 'song') {
      flagged[row] = (text === null ? flag === 1 : knownExplicit(flag, text) === true) ? 1 : 0;
      continue;
    }
    flagged[row] = flag === 1 ? 1 : 0;
    const lang = text;
    if (lang) {
      let index = languageIndex.get(lang);
      if (index === undefined) {
        index = languages.length;
        languages.push(lang);
        languageIndex.set(lang, index);
      }
      language[row] = index;
    }
  }
  return { count, year, flagged, language, languages, votes };
}

/**
 * The filter columns, from a snapshot next to the vectors when it is current, else brought up to
 * date from it, else from SQLite (then snapshotted). At 1M items reading them from SQLite is most
 * of a start (a second or more per kind); the snapshot is 19 bytes per item, read at once. Its tag
 * is what the columns depend on: the kind's items (the matrix's ids) and every import that can
 * have changed them, undone ones included; an import of songs leaves the movies' columns current.
 * None is written while such an import is running.
 */
export function loadColumnsCached(
  db: CatalogDatabase,
  kind: ItemKind,
  ids: Int32Array,
  rowOf: (id: number) => number,
  snapshotDir: string | undefined,
): RowColumns {
  if (!snapshotDir) return loadColumns(db, kind, ids, rowOf);
  const file = path.join(snapshotDir, `vibe-${kind}.columns`);
  const version = columnsVersion(db, kind, ids);
  const snapshot = readColumnsSnapshot(file);
  if (snapshot?.tag === version.tag) return snapshot.columns;
  const columns =
    (snapshot && !version.importRunning ? columnsUpdatedSince(db, kind, ids, rowOf, snapshot, version) : null) ?? loadColumns(db, kind, ids, rowOf);
  if (snapshot) closeColumns(snapshot.columns);
  if (!version.importRunning) {
    try {
      fs.mkdirSync(snapshotDir, { recursive: true });
      writeColumnsSnapshot(file, columns, ids, version.tag, version.runs);
    } catch {
      // A cache that cannot be written only costs the next start its speed.
    }
  }
  return columns;
}

/** Past this share of rows to read again, reading every row costs about the same. */
const MAX_STALE_SHARE = 0.25;

/**
 * The columns now, from a snapshot of an earlier state: its rows of items no import since added
 * or merged into are kept, the others read from SQLite. Null (read everything) when the imports
 * since cannot tell (itemsImportedSince) or when most rows would be read anyway.
 */
function columnsUpdatedSince(
  db: CatalogDatabase,
  kind: ItemKind,
  ids: Int32Array,
  rowOf: (id: number) => number,
  snapshot: ColumnsSnapshot,
  now: ColumnsVersion,
): RowColumns | null {
  const runs = snapshot.runs;
  const touched = runs && itemsImportedSince(db, kind, runs, now.runs);
  if (!touched) return null;
  const columns: RowColumns = {
    count: ids.length,
    year: new Float32Array(ids.length).fill(Number.NaN),
    flagged: new Uint8Array(ids.length),
    language: new Int16Array(ids.length).fill(-1),
    votes: new Float64Array(ids.length),
    languages: snapshot.columns.languages,
  };
  const stale: number[] = [];
  const old = snapshot.ids;
  const kept = snapshot.columns;
  for (let row = 0, at = 0; row < ids.length; row++) {
    const itemId = ids[row]!;
    while (at < old.length && old[at]! < itemId) at++;
    if (at === old.length || old[at] !== itemId || touched.has(itemId)) {
      stale.push(itemId);
      continue;
    }
    columns.year[row] = kept.year[at]!;
    columns.flagged[row] = kept.flagged[at]!;
    columns.language[row] = kept.language[at]!;
    columns.votes[row] = kept.votes[at]!;
  }
  if (stale.length > MAX_STALE_SHARE * Math.max(1, ids.length)) return null;
  return stale.length === 0 ? columns : loadColumns(db, kind, ids, rowOf, stale, columns);
}

interface ColumnsVersion {
  /** A SHA-256: a million ids do not fit a header. */
  readonly tag: string;
  /** An import that may change the columns is running. */
  readonly importRunning: boolean;
  /** The states of the imports that can change them (a snapshot keeps them, to find what changed since). */
  readonly runs: readonly ImportRunState[];
}

function columnsVersion(db: CatalogDatabase, kind: ItemKind, ids: Int32Array): ColumnsVersion {
  // Imports of the other kind cannot change these columns; posters and tags are counted in, to be safe.
  const { states, running } = importRunStates(db, kind === 'song' ? 'movies' : 'songs');
  const tag = createHash('sha256')
    .update(JSON.stringify({ database: path.resolve(db.name), kind, runs: states }))
    .update(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength))
    .digest('hex');
  return { tag, importRunning: running, runs: states };
}
