import type { CatalogDatabase } from '../db/open-database.js';
import fs from 'node:fs';
import path from 'node:path';
import {
  createTopKEngine,
  featureVectorRows,
  loadMatrixFromDatabase,
  loadMatrixSnapshot,
  readSnapshotVector,
  rowOfItem,
  writeMatrixSnapshot,
  type TopKEngineOptions,
  type VectorMatrix,
  type VectorTopKEngine,
} from '../engine/index.js';
import { vibeVectorTable, type VibeSlot } from '../db/vibe-vector-tables.js';
import { currentModel, legacyMoodSpace, legacyVibeSpace, vectorOfBlob, type ReadyModel } from '../vibe/index-store.js';
import type { VibeModel } from '../vibe/model.js';
import type { ItemKind } from '../../shared/recommend-schemas.js';
import { recordingGroupsVersion } from '../catalog/recordings.js';
import type { BuiltVibeRows, ExtendedVibeRows } from '../vibe/build-index.js';
import { extendKindSnapshot } from './snapshot-extension.js';
import { loadRecordingGroupsCached, snapshotRecordingGroups } from './recording-groups-snapshot.js';
import { loadColumnsCached, type RowColumns } from './filter-columns.js';
import { closeColumns, settleColumns } from './columns-snapshot.js';

export type { ItemKind };

export interface KindIndex {
  readonly kind: ItemKind;
  readonly engine: VectorTopKEngine;
  readonly columns: RowColumns;
  /** The matrix row of a catalog id, or -1 when the item is not in the index (added after the build). */
  rowOf(itemId: number): number;
  vectorOf(row: number): Float32Array;
}

export interface VibeIndexOptions {
  readonly engine?: TopKEngineOptions;
  /**
   * A folder for vector snapshots (one file per kind): the next start reads them with a few large
   * reads instead of a million SQLite rows. Rewritten whenever the built index changes.
   */
  readonly snapshotDir?: string;
  /**
   * Load a kind's matrix at its first use instead of at once (the app's first answer after a
   * start): a query needs its target kind, and of the other kind only its picks' vectors, which
   * are read from the snapshot alone. At a million songs and a million movies this halves the
   * rows read before the first answer. loadRemainingRows() loads the rest.
   */
  readonly lazyKinds?: boolean;
}

/**
 * The built vibe space held in memory: one engine per kind, loaded in bulk from its slot's tables
 * (1M vectors in about a second), plus the columns filters run on. Rebuilt after a vibe build.
 */
export class VibeIndex {
  private readonly kinds: Partial<Record<ItemKind, KindIndex>> = {};
  private closed = false;
  /** loadRemainingRows ran (it starts the background reads once). */
  private remainingStarted = false;

  private constructor(
    readonly modelId: number,
    /** The slot of the model's vectors and moods (vibeVectorTable); null: a model built before slots (legacyVibeSpace). */
    private readonly slot: VibeSlot | null,
    readonly model: VibeModel,
    private readonly loadKindNow: (kind: ItemKind) => KindIndex,
    /** A vector read from its kind's snapshot alone (null without one). */
    private readonly snapshotVector: (kind: ItemKind, itemId: number) => Float32Array | null,
  ) {}

  /** Seconds load() took (with lazyKinds, only what it loaded at once). */
  loadSeconds = 0;

  /** Null when the vibe space has not been built yet. */
  static load(db: CatalogDatabase, options: VibeIndexOptions = {}): VibeIndex | null {
    const started = performance.now();
    const ready = currentModel(db);
    if (!ready) return null;
    const tag = snapshotTag(db, ready.id);
    const { snapshotDir } = options;
    const index = new VibeIndex(
      ready.id,
      ready.slot,
      ready.model,
      (kind) => loadKind(db, ready, kind, options, tag),
      (kind, itemId) => (snapshotDir ? readSnapshotVector(path.join(snapshotDir, `vibe-${kind}.vectors`), tag, itemId) : null),
    );
    if (!options.lazyKinds) for (const kind of ['song', 'movie'] as const) index.of(kind);
    index.loadSeconds = (performance.now() - started) / 1000;
    return index;
  }

  get songs(): KindIndex {
    return this.of('song');
  }

  get movies(): KindIndex {
    return this.of('movie');
  }

  /** A kind's matrix, engine and filter columns (loaded now if it was not yet). */
  of(kind: ItemKind): KindIndex {
    if (this.closed) throw new Error('The vibe index is closed.');
    return (this.kinds[kind] ??= this.loadKindNow(kind));
  }

  /**
   * An item's stored vector, or null when it is not in the index (added after the build). A kind
   * not loaded yet answers from its snapshot alone when it has one.
   */
  vectorOfItem(kind: ItemKind, itemId: number): Float32Array | null {
    const loaded = this.kinds[kind];
    if (!loaded) {
      const fromSnapshot = this.snapshotVector(kind, itemId);
      if (fromSnapshot) return fromSnapshot;
    }
    const index = loaded ?? this.of(kind);
    const row = index.rowOf(itemId);
    return row >= 0 ? index.vectorOf(row) : null;
  }

  /** The raw mood axes (valence, energy, danceability, acousticness, pace; 0..1) of some items. */
  moods(db: CatalogDatabase, kind: ItemKind, itemIds: readonly number[]): Map<number, Float32Array> {
    const result = new Map<number, Float32Array>();
    if (itemIds.length === 0) return result;
    const ids = JSON.stringify(itemIds);
    const rows = (
      this.slot === null
        ? db
            .prepare(`SELECT item_id, vector FROM feature_vectors WHERE space = ? AND item_kind = ? AND item_id IN (SELECT value FROM json_each(?))`)
            .raw()
            .all(legacyMoodSpace(this.modelId), kind, ids)
        : db
            .prepare(`SELECT item_id, mood FROM ${vibeVectorTable(kind, this.slot)} WHERE item_id IN (SELECT value FROM json_each(?)) AND +model_id = ?`)
            .raw()
            .all(ids, this.modelId)
    ) as [number, Buffer][];
    for (const [itemId, blob] of rows) result.set(itemId, vectorOfBlob(blob));
    return result;
  }

  /**
   * Reads both kinds' remaining rows (their int8 copies, then their float rows) and the rest of
   * their filter columns in the background. A kind's own first answer starts its rows too, but a
   * kind asked for later would otherwise spend its first seconds reading rows on the answering
   * thread and scanning without the scan threads (a million songs: 20 to 50 ms a request).
   */
  loadRemainingRows(): void {
    if (this.closed || this.remainingStarted) return;
    this.remainingStarted = true;
    // The kinds already asked for first: until their int8 copies are in, their searches read them
    // from the snapshot files (about 0.1 s each), and the other kind's rows, read at the same time
    // into fresh memory, made that last 3 to 5 s instead of about one.
    const loaded = (['song', 'movie'] as const).filter((kind) => this.kinds[kind]);
    for (const kind of loaded) this.kinds[kind]!.engine.loadRemainingRows();
    void Promise.all(loaded.map((kind) => this.kinds[kind]!.engine.whenQuantized())).then(() => {
      if (this.closed) return;
      try {
        for (const kind of ['song', 'movie'] as const) {
          const index = this.of(kind);
          index.engine.loadRemainingRows();
          settleColumns(index.columns);
        }
      } catch {
        // reported by the next request of that kind
      }
    });
  }

  /** Resolves once both kinds are loaded with every float row in memory: the steady state a bench measures. */
  async whenRowsLoaded(): Promise<void> {
    await Promise.all((['song', 'movie'] as const).map((kind) => this.of(kind).engine.whenRowsLoaded()));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(Object.values(this.kinds).map((kind) => kind.engine.close()));
  }
}

/** Identifies the build a snapshot holds: a snapshot with another tag is stale and ignored. */
function snapshotTag(db: CatalogDatabase, modelId: number): string {
  const build = db.prepare(`SELECT id, songs, movies, coalesce(finished_at, created_at) AS at FROM vibe_models WHERE id = ?`).get(modelId);
  return JSON.stringify({ database: path.resolve(db.name), build });
}

/** The tag the current build's snapshots are written with; null before the first build. */
export function vibeSnapshotTag(db: CatalogDatabase): string | null {
  const ready = currentModel(db);
  return ready ? snapshotTag(db, ready.id) : null;
}

/**
 * Writes the current build's vector snapshots unless they are already current. The build job calls
 * it, in its own thread, so that the app's next load (and every start after) reads the snapshots
 * instead of a million SQLite rows on its main thread (and the recording groups, see context.ts).
 * After a full build it writes the rows the build made (`built`); after an incremental one
 * (`extended`, with the tag the snapshots had before it) it extends each kind's snapshot with the
 * new rows (snapshot-extension.ts). Returns false when nothing is built yet.
 */
export function writeVibeSnapshots(
  db: CatalogDatabase,
  snapshotDir: string,
  built: BuiltVibeRows | null = null,
  extended: (ExtendedVibeRows & { readonly tagBefore: string | null }) | null = null,
): boolean {
  const ready = currentModel(db);
  if (!ready) return false;
  // The rows the build just made, when they are the current model's: the same bytes as reading them back.
  const fromBuild = built?.modelId === ready.id ? built : null;
  const tag = snapshotTag(db, ready.id);
  // An incremental build's rows extend the snapshots it found current (models without slots are left to a full write).
  const { slot } = ready;
  const from = extended?.modelId === ready.id ? extended.tagBefore : null;
  for (const kind of ['song', 'movie'] as const) {
    const file = path.join(snapshotDir, `vibe-${kind}.vectors`);
    const extendedIds =
      extended && from !== null && slot !== null
        ? extendQuietly(() => extendKindSnapshot(db, { id: ready.id, slot }, kind, file, { from, to: tag }, extended.encoded[kind]))
        : null;
    const ids =
      extendedIds ??
      (fromBuild ? snapshotBuiltMatrix(snapshotDir, kind, fromBuild.matrices[kind], tag) : loadMatrix(db, ready, kind, snapshotDir, tag, false)).itemIds;
    // Only to bring the columns' snapshot up to date: its file is not kept open.
    closeColumns(loadColumnsCached(db, kind, ids, rowOfIn(ids), snapshotDir));
  }
  // The first query after a start folds song versions: its groups are snapshotted here too.
  const { groups, version } = fromBuild?.recordings ?? {};
  if (!(groups && version && snapshotRecordingGroups(snapshotDir, groups, version, recordingGroupsVersion(db))))
    loadRecordingGroupsCached(db, snapshotDir, extended?.scopeGroups ?? null);
  return true;
}

/** An extension that fails (a damaged snapshot, a full disk) falls back to writing the snapshot whole. */
function extendQuietly(extend: () => Int32Array | null): Int32Array | null {
  try {
    return extend();
  } catch {
    return null;
  }
}

/** Which model's rows, and where they are. */
type StoredModel = Pick<ReadyModel, 'id' | 'slot'>;

function loadKind(db: CatalogDatabase, stored: StoredModel, kind: ItemKind, options: VibeIndexOptions, tag: string): KindIndex {
  const matrix = loadMatrix(db, stored, kind, options.snapshotDir, tag, true);
  // A just-opened catalog answers its first query on this thread while the scan threads start.
  const engine = createTopKEngine(matrix, { answerWhileThreadsStart: true, ...options.engine });
  const ids = matrix.itemIds;
  const rowOf = rowOfIn(ids);
  return {
    kind,
    engine,
    columns: loadColumnsCached(db, kind, ids, rowOf, options.snapshotDir),
    rowOf,
    vectorOf: (row) => engine.vectorOf(row),
  };
}

/** The row of an id in the matrix's item ids (ascending), or -1. */
function rowOfIn(ids: Int32Array): (itemId: number) => number {
  return (itemId) => rowOfItem(ids, itemId);
}

/** Writes a kind's snapshot from the rows a build just made (a new model: no snapshot can be current). */
function snapshotBuiltMatrix(snapshotDir: string, kind: ItemKind, matrix: VectorMatrix, tag: string): VectorMatrix {
  writeSnapshotQuietly(path.join(snapshotDir, `vibe-${kind}.vectors`), matrix, tag);
  return matrix;
}

/** `lazyRows`: for an engine, which reads the rows as it needs them and then in the background (see engine/snapshot-rows.ts). */
function loadMatrix(db: CatalogDatabase, stored: StoredModel, kind: ItemKind, snapshotDir: string | undefined, tag: string, lazyRows: boolean): VectorMatrix {
  const file = snapshotDir ? path.join(snapshotDir, `vibe-${kind}.vectors`) : null;
  const cached = file ? loadMatrixSnapshot(file, tag, { lazyRows }) : null;
  if (cached) return cached;
  const rows =
    stored.slot === null
      ? featureVectorRows(legacyVibeSpace(stored.id), kind)
      : { table: vibeVectorTable(kind, stored.slot), where: 'model_id = ?', params: [stored.id] };
  const matrix = loadMatrixFromDatabase(db, rows);
  if (file) writeSnapshotQuietly(file, matrix, tag);
  return matrix;
}

function writeSnapshotQuietly(file: string, matrix: VectorMatrix, tag: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeMatrixSnapshot(file, matrix, tag);
  } catch {
    // A cache that cannot be written only costs the next start its speed.
  }
}
