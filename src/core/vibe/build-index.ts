import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { storeArtistKeys } from '../catalog/artist-keys.js';
import type { ScopedRecordingGroups } from '../catalog/recordings.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges, type Bridges } from '../features/bridges.js';
import { ERA_DIMS } from '../features/era.js';
import { loadMovieFeatures, loadSongFeatures } from '../features/load-features.js';
import { rebuildSoundtrackLinks, soundtrackLinksCurrent } from '../links/soundtrack-links.js';
import { MOOD_AXES, type ItemFeatures } from '../features/types.js';
import { EMBEDDING_SPACE } from '../model/image-model.js';
import { ProgressMeter, type ProgressListener } from '../progress.js';
import { encodeItem } from './encode.js';
import { itemsImportedSinceBuild, storedVectorValues, type ImportedItems } from './changed-items.js';
import { measureExposure, writeExposure } from './exposure.js';
import { MOOD_CLASH_DIMS } from './mood-clash.js';
import { encodeCatalog, songStatistics, type BuildRecordingGroups } from './encode-catalog.js';
import type { VectorMatrix } from '../engine/index.js';
import { vibeVectorTable, type VibeSlot } from '../db/vibe-vector-tables.js';
import {
  catalogFingerprint,
  clearSlotIfUnused,
  currentModel,
  dropLegacyVectors,
  otherSlot,
  vectorOfBlob,
  vectorRowWriter,
  type ReadyModel,
} from './index-store.js';
import { serialiseModel, type VibeModel } from './model.js';
import { loadRankerParameters } from './ranker.js';
import { loadRankTables, saveRankTables } from './rank-table-store.js';
import { builtWithTables } from './layout.js';

export interface BuildVibeOptions {
  /**
   * 'full' refits the model (mood statistics, poster PCA, ridge map) and re-encodes everything.
   * 'incremental' encodes only items imports added or changed since the last build, with the
   * current model, and falls back to 'full' when there is no model, the poster embeddings changed,
   * or what changed cannot be traced item by item (changed-items.ts).
   */
  readonly mode?: 'full' | 'incremental';
  /** Default: loadBridges(). With other tables every kind is read on this thread. */
  readonly bridges?: Bridges;
  /** better-sqlite3's native addon for the worker thread that reads the movies (Electron's build of it). */
  readonly nativeBinding?: string;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Called after every committed batch: where a paused job waits. */
  readonly checkpoint?: () => void;
  /**
   * Called once a full build is saved and current, with the rows it built: the serving snapshots
   * can then be written from memory instead of reading the rows back (writeVibeSnapshots).
   */
  readonly onBuilt?: (built: BuiltVibeRows) => void;
  /** Called once an incremental build is saved, with the items it encoded: the snapshots are extended with them. */
  readonly onExtended?: (extended: ExtendedVibeRows) => void;
  /**
   * A full build's recording groups of every song as the songs are now, and that state (default:
   * grouped by the build). The build job reads them from the groups' snapshot when it is of the
   * songs' state (recommend/recording-groups-snapshot.ts recordingGroupsNow).
   */
  readonly recordingGroups?: () => BuildRecordingGroups;
}

/** A finished incremental build's new rows in the current model, by item id. */
export interface ExtendedVibeRows {
  readonly modelId: number;
  readonly encoded: Readonly<Record<'song' | 'movie', readonly number[]>>;
  /**
   * Every song of the new songs' artists and their recording groups, as the catalog's songs were
   * (`version`) when the build read them (null without new songs): the snapshot of every song's
   * groups is brought up to date with them.
   */
  readonly scopeGroups: ScopedRecordingGroups | null;
}

/** A finished full build's rows, in engine memory, as saved. */
export interface BuiltVibeRows {
  readonly modelId: number;
  readonly matrices: Readonly<Record<'song' | 'movie', VectorMatrix>>;
  readonly recordings: BuildRecordingGroups;
}

export interface BuildVibeSummary {
  readonly status: 'completed' | 'cancelled';
  readonly mode: 'full' | 'incremental';
  readonly modelId: number | null;
  readonly songs: number;
  readonly movies: number;
  /** Items encoded by this run (all of them for a full build). */
  readonly encoded: number;
  readonly moviesWithPosterEmbedding: number;
  readonly visual: boolean;
  readonly dims: number;
  readonly elapsedSeconds: number;
}

const DEFAULT_BATCH = 2000;

/** A batch of items to save, by position in the batch. */
interface BatchRows {
  readonly itemId: (index: number) => number;
  readonly vector: (index: number) => Float32Array;
  readonly mood: (index: number) => Float32Array;
}

/** Builds (or extends) the vibe index: one vector per song and movie in the current model's space. */
export async function buildVibeIndex(db: CatalogDatabase, options: BuildVibeOptions = {}): Promise<BuildVibeSummary> {
  const started = performance.now();
  const bridges = options.bridges ?? loadBridges();
  removeAbandonedBuilds(db);
  const fingerprint = catalogFingerprint(db);
  const previous = currentModel(db);
  // What imports wrote since the ready model's build; null when only a full build can tell.
  // Comparing a million items with the journal takes seconds (a large file imported again).
  const extending = options.mode === 'incremental' ? previous : null;
  if (extending) new ProgressMeter('items', options.onProgress).update('Finding what the imports changed', 0, null, true);
  const imported = extending ? itemsImportedSinceBuild(db, extending.fingerprint?.importRuns, fingerprint.importRuns ?? []) : null;
  // A model built before vibe vectors had tables of their own (slot NULL) is replaced by a full build.
  const incremental =
    options.mode === 'incremental' &&
    previous !== null &&
    imported !== null &&
    previous.slot !== null &&
    previous.fingerprint?.posterEmbeddings === fingerprint.posterEmbeddings &&
    builtWithTables(previous.model.layout, bridges) &&
    previous.model.layout.conceptKin !== undefined &&
    // New films without a poster are stored with the measured guessed-look length.
    (previous.model.ridge === null || previous.model.ridge.guessLength !== undefined) &&
    previous.model.layout.blocks.era.dims === ERA_DIMS &&
    previous.model.layout.blocks.clash.dims === MOOD_CLASH_DIMS &&
    JSON.stringify(previous.model.ranker) === JSON.stringify(loadRankerParameters()) &&
    !outgrown(previous, fingerprint, imported);
  const aborted = () => options.signal?.aborted === true;

  let songs = 0;
  let movies = 0;
  let posterEmbeddings = new Map<number, Float32Array>();
  // An incremental build encodes the items without a vector and those imports changed since the
  // build, and reads the features of a kind only when it has some: after importing songs, reading a
  // million movies' features (most of its time) would change nothing.
  const unencoded = incremental
    ? {
        song: new Set([...unencodedIds(db, previous.id, previous.slot!, 'song'), ...imported!.song]),
        movie: new Set([...unencodedIds(db, previous.id, previous.slot!, 'movie'), ...imported!.movie]),
      }
    : null;
  // Progress against what this build encodes: every item, or an incremental build's new and changed ones.
  const itemsToEncode = unencoded ? unencoded.song.size + unencoded.movie.size : fingerprint.songs + fingerprint.movies;
  const meter = new ProgressMeter('items', options.onProgress, { unitsTotal: itemsToEncode });
  /** Saves a batch of `count` items' rows (vector and mood) with `writer`. */
  const save = (writer: ReturnType<typeof vectorRowWriter>, kind: 'song' | 'movie', count: number, rows: BatchRows) => {
    for (let index = 0; index < count; index++) writer.add(kind, rows.itemId(index), rows.vector(index), rows.mood(index));
    writer.flush();
  };
  const batchSize = options.batchSize ?? DEFAULT_BATCH;

  let model: VibeModel;
  let modelId: number;
  let encoded: number;
  let built: Omit<BuiltVibeRows, 'modelId'> | null = null;
  let encodedIds: ExtendedVibeRows['encoded'] | null = null;
  let scopeGroups: ScopedRecordingGroups | null = null;
  // Every import finds the soundtrack links again; a build, full or incremental, finds them for
  // catalogs imported before they existed or by older rules, and after an undone import (which
  // only removes the links of the items it removed): the app builds in the background after each.
  if (!soundtrackLinksCurrent(db)) {
    meter.update('Finding soundtrack links', 0, null, true);
    rebuildSoundtrackLinks(db);
  }
  if (incremental) {
    model = previous.model;
    modelId = previous.id;
    const writer = vectorRowWriter(db, modelId, previous.slot!);
    const toEncode: ItemFeatures[] = [];
    // New items are ranked (popularity, loudness, votes …) against the catalog the model was built on, as it ranked its own.
    const ranks = { stored: loadRankTables(db, modelId) };
    if (unencoded!.song.size > 0) {
      meter.update('Reading song features', 0, null, true);
      // The new songs' statistics read only their artists' songs (catalog/recordings.ts, SongScope).
      const only = unencoded!.song;
      const { version, groups, scope, groupScope, tags, eras, artistStatistics } = songStatistics(db, {
        only,
        onStep: (step) => meter.update(step, 0, null, true),
      });
      scopeGroups = { scope: groupScope!, groups, version };
      // The next build finds these songs' artists through the index (all of the catalog's songs after a full build).
      storeArtistKeys(db, scope!.unstoredKeys, scope!.artistKeyOf);
      // One by one: spreading 130K+ items as arguments overflows the call stack (a large import after a small catalog).
      for (const item of loadSongFeatures(db, { bridges, extras: { tags, eras }, only, scope, artistStatistics, ranks })) toEncode.push(item);
    }
    if (unencoded!.movie.size > 0) {
      meter.update('Reading movie features', 0, null, true);
      for (const item of loadMovieFeatures(db, { bridges, only: unencoded!.movie, ranks })) toEncode.push(item);
    }
    // Only new movies need the poster embeddings (0.5 s to read at 20,000 posters).
    if (unencoded!.movie.size > 0) posterEmbeddings = meanPosterEmbeddings(db);
    encoded = toEncode.length;
    encodedIds = {
      song: toEncode.filter((item) => item.kind === 'song').map((item) => item.itemId),
      movie: toEncode.filter((item) => item.kind === 'movie').map((item) => item.itemId),
    };
    // Items encoded again keep the exposure the full build measured (new ones have none yet).
    const variety = model.layout.blocks.variety;
    const keptVariety =
      variety.dims > 0
        ? {
            song: storedVectorValues(db, { id: modelId, slot: previous.slot! }, 'song', [...imported!.song], variety.offset),
            movie: storedVectorValues(db, { id: modelId, slot: previous.slot! }, 'movie', [...imported!.movie], variety.offset),
          }
        : null;
    const encodeKept = (item: ItemFeatures): Float32Array => {
      const vector = encodeItem(item, model, item.kind === 'movie' ? (posterEmbeddings.get(item.itemId) ?? null) : null);
      const kept = keptVariety?.[item.kind].get(item.itemId);
      if (kept !== undefined) vector[variety.offset] = kept;
      return vector;
    };
    const writeBatch = db.transaction((batch: readonly ItemFeatures[]) => {
      for (const kind of ['song', 'movie'] as const) {
        const items = batch
          .filter((item) => item.kind === kind)
          .map((item) => ({
            itemId: item.itemId,
            vector: encodeKept(item),
            mood: Float32Array.from(MOOD_AXES, (axis) => item.mood[axis]),
          }));
        save(writer, kind, items.length, {
          itemId: (index) => items[index]!.itemId,
          vector: (index) => items[index]!.vector,
          mood: (index) => items[index]!.mood,
        });
      }
    });
    for (let start = 0; start < toEncode.length; start += batchSize) {
      writeBatch.immediate(toEncode.slice(start, start + batchSize));
      meter.update('Encoding vibe vectors', Math.min(start + batchSize, toEncode.length));
      options.checkpoint?.();
      await yieldToEventLoop();
      // An incremental run keeps what it committed: those vectors are valid for the current model.
      if (aborted()) return cancelled();
    }
  } else {
    posterEmbeddings = meanPosterEmbeddings(db);
    await yieldToEventLoop();
    if (aborted()) return cancelled();
    // The movies are read in a worker thread over its own connection when it can load the same
    // bridge tables (the default ones) and the catalog is a file.
    const databasePath = db.memory ? null : db.name;
    const catalog = await encodeCatalog(db, {
      bridges,
      posterEmbeddings,
      previous: previous?.model ?? null,
      meter,
      expected: { song: fingerprint.songs, movie: fingerprint.movies },
      recordingGroups: options.recordingGroups,
      // The ready model's slot is emptied when this build is done (retireModel): the worker reads its pages first.
      moviesInWorker:
        options.bridges === undefined && databasePath
          ? { databasePath, slotToEmpty: previous?.slot ?? null, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) }
          : null,
    });
    songs = catalog.song.matrix.count;
    movies = catalog.movie.matrix.count;
    built = { matrices: { song: catalog.song.matrix, movie: catalog.movie.matrix }, recordings: catalog.recordings };
    encoded = songs + movies;
    await yieldToEventLoop();
    if (aborted()) return cancelled();
    // The mean stored vector of each kind (before any exposure is in it): what queries subtract to reduce hubs.
    model = { ...catalog.model, centroids: { song: meanRow(catalog.song.matrix), movie: meanRow(catalog.movie.matrix) } };
    meter.update('Measuring which items would top every list', encoded, null, true);
    const exposure = await measureExposure(db, model, { song: catalog.song.matrix, movie: catalog.movie.matrix }, options.signal);
    if (aborted()) return cancelled();
    if (exposure) for (const kind of ['song', 'movie'] as const) writeExposure(catalog[kind].matrix, model, exposure[kind]);

    // The slot is chosen when the model row is written: the ready model may have changed meanwhile.
    const { id, slot } = db
      .transaction(() => {
        const readySlot = db.prepare(`SELECT slot FROM vibe_models WHERE status = 'ready' ORDER BY id DESC LIMIT 1`).pluck().get() as
          VibeSlot | null | undefined;
        const chosen = otherSlot(readySlot ?? null);
        clearSlotIfUnused(db, chosen);
        const inserted = db
          .prepare(`INSERT INTO vibe_models(model_json, status, fingerprint, slot) VALUES (?, 'building', ?, ?)`)
          .run(serialiseModel(model), JSON.stringify(fingerprint), chosen);
        const id = Number(inserted.lastInsertRowid);
        saveRankTables(db, id, catalog.rankTables);
        return { id, slot: chosen };
      })
      .immediate();
    modelId = id;
    const writer = vectorRowWriter(db, modelId, slot);
    let saved = 0;
    for (const kind of ['song', 'movie'] as const) {
      const { matrix, moods } = catalog[kind];
      const axes = MOOD_AXES.length;
      const writeRange = db.transaction((from: number, to: number) =>
        save(writer, kind, to - from, {
          itemId: (index) => matrix.itemIds[from + index]!,
          vector: (index) => matrix.data.subarray((from + index) * matrix.dims, (from + index + 1) * matrix.dims),
          mood: (index) => Float32Array.from(moods.subarray((from + index) * axes, (from + index + 1) * axes)),
        }),
      );
      for (let start = 0; start < matrix.count; start += batchSize) {
        const end = Math.min(start + batchSize, matrix.count);
        writeRange.immediate(start, end);
        saved += end - start;
        meter.update('Saving vibe vectors', saved);
        options.checkpoint?.();
        await yieldToEventLoop();
        if (aborted()) {
          db.transaction(() => retireModel(db, modelId)).immediate();
          return cancelled();
        }
      }
    }
  }
  // Replacing a model built before slots rebuilds feature_vectors without its rows: a few seconds at 1M + 1M.
  if (previous?.slot === null) meter.update('Removing the previous vibe space', encoded, null, true);
  db.transaction(() => {
    db.prepare(
      `UPDATE vibe_models SET status = 'ready', songs = ?, movies = ?, fingerprint = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    ).run(songCount(), movieCount(), JSON.stringify(fingerprint), modelId);
    for (const old of db.prepare(`SELECT id FROM vibe_models WHERE id <> ?`).pluck().all(modelId) as number[]) retireModel(db, old);
  }).immediate();
  if (built) options.onBuilt?.({ modelId, ...built });
  if (encodedIds) options.onExtended?.({ modelId, encoded: encodedIds, scopeGroups });
  meter.update('Done', encoded, null, true);
  return summary('completed', modelId, encoded, model);

  function summary(status: BuildVibeSummary['status'], id: number | null, encoded: number, fitted: VibeModel | null): BuildVibeSummary {
    return {
      status,
      mode: incremental ? 'incremental' : 'full',
      modelId: id,
      songs: songCount(),
      movies: movieCount(),
      encoded,
      // An incremental build without new movies reads no embeddings: the visual block still holds every film's.
      moviesWithPosterEmbedding: posterEmbeddings.size > 0 || !incremental ? posterEmbeddings.size : moviesWithPosterEmbedding(db),
      visual: fitted?.pca != null,
      dims: fitted?.layout.dims ?? 0,
      elapsedSeconds: (performance.now() - started) / 1000,
    };
  }
  // An incremental build reads only the features of the items it encodes; every catalog row is one item.
  function songCount(): number {
    return unencoded ? fingerprint.songs : songs;
  }
  function movieCount(): number {
    return unencoded ? fingerprint.movies : movies;
  }
  function cancelled(): BuildVibeSummary {
    return summary('cancelled', previous?.id ?? null, 0, null);
  }
}

/** The mean row of a matrix (summed in row order). */
function meanRow(matrix: VectorMatrix): Float32Array {
  const sum = new Float64Array(matrix.dims);
  for (let row = 0; row < matrix.count; row++) {
    const at = row * matrix.dims;
    for (let index = 0; index < matrix.dims; index++) sum[index]! += matrix.data[at + index]!;
  }
  return Float32Array.from(sum, (value) => (matrix.count > 0 ? value / matrix.count : 0));
}

/**
 * Whether a kind now holds more items the model was not fitted on than items it was: an incremental
 * build standardises new items' moods by statistics measured on the old ones, which after 140,000
 * songs imported onto 100 (or songs imported into a catalog built with films only) would describe a
 * small, unrepresentative part of them. The same holds when imports since merged new values into
 * most of a kind's items (a file imported again after an update). Then the build is a full one.
 * Models built before the statistics kept their count go by the items the model held at its last build.
 */
function outgrown(previous: ReadyModel, now: { readonly songs: number; readonly movies: number }, imported: ImportedItems | null): boolean {
  return (['song', 'movie'] as const).some((kind) => {
    const fitted = previous.model.moodStats[kind].count ?? (kind === 'song' ? previous.songs : previous.movies);
    const items = kind === 'song' ? now.songs : now.movies;
    return items - fitted > fitted || (imported?.[kind].size ?? 0) > items / 2;
  });
}

/**
 * Ids of the catalog's songs or movies without a vector in the model's slot (added since its build).
 * Two ordered id lists merged: the item table's rowids and the model's item ids, read from the
 * slot's model_id index (a few bytes an item). Probing the vector table once per catalog item
 * instead read pages all over a 4 GB file at 1M + 1M (46 s cold).
 */
function unencodedIds(db: CatalogDatabase, modelId: number, slot: VibeSlot, kind: 'song' | 'movie'): Set<number> {
  const table = kind === 'song' ? 'songs' : 'movies';
  // A model's vectors are written for catalog items only and removed with them (undo-import.ts), so
  // as many vectors as items means none is missing: a kind that gained nothing costs two counts.
  const vectors = db
    .prepare(`SELECT count(*) FROM ${vibeVectorTable(kind, slot)} WHERE model_id = ?`)
    .pluck()
    .get(modelId) as number;
  const items = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  if (vectors === items) return new Set();
  // Usually every missing item was imported after the build, with ids past the model's last one:
  // then they are the items past it (reading both id lists took 0.7 s at a million songs).
  const last = db
    .prepare(`SELECT max(item_id) FROM ${vibeVectorTable(kind, slot)} WHERE model_id = ?`)
    .pluck()
    .get(modelId) as number | null;
  const after = db
    .prepare(`SELECT id FROM ${table} WHERE id > ? ORDER BY id`)
    .pluck()
    .all(last ?? Number.MIN_SAFE_INTEGER) as number[];
  if (after.length === items - vectors) return new Set(after);
  const encoded = db
    .prepare(`SELECT item_id FROM ${vibeVectorTable(kind, slot)} WHERE model_id = ? ORDER BY item_id`)
    .pluck()
    .all(modelId) as number[];
  const catalog = db.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[];
  const missing = new Set<number>();
  let next = 0;
  for (const id of catalog) {
    while (next < encoded.length && encoded[next]! < id) next++;
    if (next < encoded.length && encoded[next] === id) next++;
    else missing.add(id);
  }
  return missing;
}

/** The mean MobileNetV2 embedding of each movie's posters. */
export function meanPosterEmbeddings(db: CatalogDatabase): Map<number, Float32Array> {
  const sums = new Map<number, { sum: Float32Array; count: number }>();
  const rows = db
    .prepare(
      `SELECT p.movie_id, f.vector FROM feature_vectors f JOIN posters p ON p.id = f.item_id WHERE f.space = ? AND f.item_kind = 'poster' ORDER BY p.movie_id`,
    )
    .raw()
    .iterate(EMBEDDING_SPACE) as IterableIterator<[number, Buffer]>;
  for (const [movieId, blob] of rows) {
    const vector = vectorOfBlob(blob);
    const entry = sums.get(movieId);
    if (!entry) sums.set(movieId, { sum: vector, count: 1 });
    else {
      for (let index = 0; index < vector.length; index++) entry.sum[index]! += vector[index]!;
      entry.count++;
    }
  }
  const means = new Map<number, Float32Array>();
  for (const [movieId, { sum, count }] of sums) {
    if (count > 1) for (let index = 0; index < sum.length; index++) sum[index]! /= count;
    means.set(movieId, sum);
  }
  return means;
}

/** How many movies have a poster embedding (meanPosterEmbeddings(db).size, without reading them). */
function moviesWithPosterEmbedding(db: CatalogDatabase): number {
  return db
    .prepare(`SELECT count(DISTINCT p.movie_id) FROM feature_vectors f JOIN posters p ON p.id = f.item_id WHERE f.space = ? AND f.item_kind = 'poster'`)
    .pluck()
    .get(EMBEDDING_SPACE) as number;
}

/** Builds that never finished (a crash or kill mid-build) leave a 'building' row and vectors. */
function removeAbandonedBuilds(db: CatalogDatabase): void {
  const abandoned = db.prepare(`SELECT id FROM vibe_models WHERE status = 'building'`).pluck().all() as number[];
  if (abandoned.length > 0) db.transaction(() => abandoned.forEach((id) => retireModel(db, id))).immediate();
}

/**
 * Removes a model and its vectors: its slot is emptied whole (fast) when no other model uses it,
 * else only its own rows go (two builds of two processes at once, which share a slot); a model
 * built before slots loses its feature_vectors rows (dropLegacyVectors).
 */
function retireModel(db: CatalogDatabase, modelId: number): void {
  const row = db.prepare(`SELECT slot FROM vibe_models WHERE id = ?`).get(modelId) as { slot: VibeSlot | null } | undefined;
  if (!row) return;
  db.prepare(`DELETE FROM vibe_models WHERE id = ?`).run(modelId);
  const { slot } = row;
  if (slot === null) {
    dropLegacyVectors(db, modelId);
    return;
  }
  if (!clearSlotIfUnused(db, slot))
    for (const kind of ['song', 'movie'] as const) db.prepare(`DELETE FROM ${vibeVectorTable(kind, slot)} WHERE model_id = ?`).run(modelId);
}
