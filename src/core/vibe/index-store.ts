import { z } from 'zod';
import { ERA_BIN_COUNT, ERA_DIMS } from '../features/era.js';
import { DREAD_PLACE, ENERGY_CLASH_PLACE } from './mood-clash.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { vibeVectorTable, type VibeKind, type VibeSlot } from '../db/vibe-vector-tables.js';
import { EMBEDDING_SPACE } from '../model/image-model.js';
import { runsChangedSince } from '../catalog/import-runs.js';
import { importRunStates, type ImportRunState } from '../catalog/import-run-states.js';
import { loadRankerParameters, type RankerParameters } from './ranker.js';
import { loadBridges, type Bridges } from '../features/bridges.js';
import { builtWithTables } from './layout.js';
import { deserialiseModel, type VibeModel } from './model.js';

/**
 * Where a model built before vibe vectors had tables of their own (migration 18; its slot is
 * NULL) keeps them: feature_vectors rows under these spaces, served until the next full build.
 */
export const legacyVibeSpace = (modelId: number): string => `vibe/${modelId}`;
export const legacyMoodSpace = (modelId: number): string => `mood/${modelId}`;

/**
 * Removes a pre-slot model's vectors from feature_vectors. When no other pre-slot model is left,
 * the table is rebuilt without any vibe or mood space (dropping the old table frees its pages in
 * a few seconds; deleting 4M rows one by one took 41 s at 1M + 1M), its definition and the
 * statements that refer to it (the posters' trigger) kept; else only the model's rows are deleted.
 */
export function dropLegacyVectors(db: CatalogDatabase, modelId: number): void {
  const otherLegacy = db.prepare(`SELECT 1 FROM vibe_models WHERE slot IS NULL AND id <> ?`).get(modelId) !== undefined;
  if (otherLegacy) {
    db.prepare(`DELETE FROM feature_vectors WHERE space IN (?, ?)`).run(legacyVibeSpace(modelId), legacyMoodSpace(modelId));
    return;
  }
  const vibeOrMood = `((space >= 'vibe/' AND space < 'vibe0') OR (space >= 'mood/' AND space < 'mood0'))`;
  if (db.prepare(`SELECT 1 FROM feature_vectors WHERE ${vibeOrMood} LIMIT 1`).get() === undefined) return;
  const definition = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'feature_vectors'`).pluck().get() as string;
  const dependants = db
    .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index') AND sql IS NOT NULL AND sql LIKE '%feature_vectors%'`)
    .all() as { type: 'trigger' | 'index'; name: string; sql: string }[];
  for (const { type, name } of dependants) db.exec(`DROP ${type.toUpperCase()} "${name}"`);
  db.exec(definition.replace(/^CREATE TABLE\s+"?feature_vectors"?/i, 'CREATE TABLE feature_vectors_kept'));
  db.exec(`
    INSERT INTO feature_vectors_kept SELECT * FROM feature_vectors WHERE NOT ${vibeOrMood};
    DROP TABLE feature_vectors;
    ALTER TABLE feature_vectors_kept RENAME TO feature_vectors;`);
  for (const { sql } of dependants) db.exec(sql);
}

/** The slot a new full build writes into: the one the ready model does not use. */
export const otherSlot = (slot: VibeSlot | null): VibeSlot => (slot === 0 ? 1 : 0);

/** A stored vector (a vector or mood blob) as floats: a copy, so it outlives the row's buffer. */
export const vectorOfBlob = (blob: Buffer): Float32Array => new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

/** The bytes to store for a vector (no copy). */
const blobOfVector = (vector: Float32Array): Buffer => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

/**
 * Rows per INSERT statement when saving many vectors: one statement per 50 rows instead of per
 * row crosses into SQLite a fiftieth as often (with feature_vectors it wrote a million items' rows
 * in 6.4 s instead of 10.1 s).
 */
const ROWS_PER_INSERT = 50;
const COLUMNS = 4;

/**
 * Empties a slot's tables. A DELETE without WHERE on a table without triggers is SQLite's
 * truncate: it frees whole pages instead of removing rows one by one (0.24 s against 4.1 s for a
 * million rows in a bare test; see migration 18).
 */
export function clearSlot(db: CatalogDatabase, slot: VibeSlot): void {
  for (const kind of ['song', 'movie'] as const) db.prepare(`DELETE FROM ${vibeVectorTable(kind, slot)}`).run();
}

/**
 * Reads every page of a slot's tables (its rows and its model index) over a read transaction,
 * which blocks no writer, so that emptying it later (clearSlot) finds them in the page cache. SQLite
 * reads each page it frees, and on cold pages emptying a slot of a million songs and a million
 * movies took 6 to 8 s inside the build's last transaction, past another connection's 5 s busy
 * timeout: a write the user made meanwhile failed with "database is locked".
 */
export function readSlotPages(db: CatalogDatabase, slot: VibeSlot): void {
  for (const kind of ['song', 'movie'] as const) {
    const table = vibeVectorTable(kind, slot);
    // count(*) reads the smallest b-tree, the model index; the sum reads every row's page.
    db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    db.prepare(`SELECT sum(length(mood)) FROM ${table}`).pluck().get();
  }
}

/** Empties the slot (clearSlot) when no model uses it; false, and nothing removed, when one does. */
export function clearSlotIfUnused(db: CatalogDatabase, slot: VibeSlot): boolean {
  if (db.prepare(`SELECT 1 FROM vibe_models WHERE slot = ?`).get(slot) !== undefined) return false;
  clearSlot(db, slot);
  return true;
}

/** Saves a model's rows (replacing any of the same item) several to a statement; call flush() before the transaction ends. */
export function vectorRowWriter(
  db: CatalogDatabase,
  modelId: number,
  slot: VibeSlot,
): {
  add(kind: VibeKind, itemId: number, vector: Float32Array, mood: Float32Array): void;
  flush(): void;
} {
  const insert = (kind: VibeKind, rows: number) =>
    db.prepare(
      `INSERT OR REPLACE INTO ${vibeVectorTable(kind, slot)}(item_id, model_id, vector, mood) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ')}`,
    );
  const statements = {
    song: { many: insert('song', ROWS_PER_INSERT), one: insert('song', 1) },
    movie: { many: insert('movie', ROWS_PER_INSERT), one: insert('movie', 1) },
  };
  let pending: (number | Buffer)[] = [];
  let pendingKind: VibeKind = 'song';
  const flush = () => {
    const { one } = statements[pendingKind];
    for (let at = 0; at < pending.length; at += COLUMNS) one.run(pending.slice(at, at + COLUMNS));
    pending = [];
  };
  return {
    add(kind, itemId, vector, mood) {
      if (kind !== pendingKind) {
        flush();
        pendingKind = kind;
      }
      pending.push(itemId, modelId, blobOfVector(vector), blobOfVector(mood));
      if (pending.length === ROWS_PER_INSERT * COLUMNS) {
        statements[kind].many.run(pending);
        pending = [];
      }
    },
    flush,
  };
}

/** What the catalog looked like when a build started; any difference makes the index stale. */
export interface CatalogFingerprint {
  readonly songs: number;
  readonly movies: number;
  readonly lastImportRun: number;
  readonly posterEmbeddings: number;
  /**
   * What the counts of songs and movies follow (catalogDigest): while it is the same, so are they.
   * Absent in fingerprints stored before 2026-12-06.
   */
  readonly digest?: string;
  /**
   * The song and movie import runs' states (importRunStates): which runs' journals hold what
   * changed since. Absent in fingerprints stored before 2026-12-07.
   */
  readonly importRuns?: readonly ImportRunState[];
}

/**
 * Songs and movies are added only by import runs and removed only by undoing them, so the runs'
 * statuses and the largest ids (a rowid's b-tree edge) change whenever their counts can; a poster's
 * embedding is written or removed with its status row, and removed with its poster. Each of these
 * reads a few pages or a small index, where counting a million songs scans an index (0.2 s with
 * the pages cached, 1.3 s right after a start) and counting 20K poster embeddings walks their
 * 100 MB of vectors (0.15 to 0.5 s), on the thread that answers the app.
 */
function catalogDigest(db: CatalogDatabase): string {
  return JSON.stringify(
    db
      .prepare(
        `SELECT (SELECT count(*) FROM import_runs), (SELECT coalesce(max(id), 0) FROM import_runs),
                (SELECT count(*) FROM import_runs WHERE status = 'completed'), (SELECT count(undone_at) FROM import_runs),
                (SELECT coalesce(max(id), 0) FROM songs), (SELECT coalesce(max(id), 0) FROM movies),
                (SELECT count(*) FROM posters), (SELECT coalesce(max(id), 0) FROM posters),
                (SELECT count(*) FROM poster_embeddings WHERE status = 'done'), (SELECT count(*) FROM poster_embeddings)`,
      )
      .raw()
      .get(),
  );
}

/** The last counts this process made per connection, with the digest they were made at. */
const countedAt = new WeakMap<CatalogDatabase, CatalogFingerprint>();

/**
 * The catalog's counts. They are counted only when the digest differs from `known`'s (a ready
 * model's stored fingerprint) and from this connection's last count: checking whether the vibe
 * space is current no longer scans a million songs after every start.
 */
export function catalogFingerprint(db: CatalogDatabase, known: CatalogFingerprint | null = null): CatalogFingerprint {
  const count = (sql: string): number => Number(db.prepare(sql).pluck().get() ?? 0);
  return db.transaction(() => {
    const digest = catalogDigest(db);
    const lastImportRun = count(`SELECT coalesce(max(id), 0) FROM import_runs WHERE status = 'completed'`);
    // Poster runs change no song or movie: their embeddings are counted instead.
    const importRuns = importRunStates(db, 'posters').states;
    const same = [known, countedAt.get(db)].find((fingerprint) => fingerprint?.digest === digest);
    if (same) return { songs: same.songs, movies: same.movies, posterEmbeddings: same.posterEmbeddings, lastImportRun, digest, importRuns };
    const counted = {
      songs: count(`SELECT count(*) FROM songs`),
      movies: count(`SELECT count(*) FROM movies`),
      posterEmbeddings: count(`SELECT count(*) FROM feature_vectors WHERE space = '${EMBEDDING_SPACE}' AND item_kind = 'poster'`),
      lastImportRun,
      digest,
      importRuns,
    };
    countedAt.set(db, counted);
    return counted;
  })();
}

export interface ReadyModel {
  readonly id: number;
  /** The tables its vectors are in (vibeVectorTable); null: built before they existed (legacyVibeSpace). */
  readonly slot: VibeSlot | null;
  readonly model: VibeModel;
  readonly songs: number;
  readonly movies: number;
  readonly builtAt: string;
  readonly fingerprint: CatalogFingerprint | null;
}

/**
 * Which ready model is newest and how far it has grown (an incremental build adds vectors to the
 * same model): one cheap query, for noticing a build made by a worker, the CLI or another window.
 */
export function readyModelVersion(db: CatalogDatabase): { id: number; songs: number; movies: number; finishedAt: string | null } | null {
  const row = db.prepare(`SELECT id, songs, movies, finished_at AS finishedAt FROM vibe_models WHERE status = 'ready' ORDER BY id DESC LIMIT 1`).get();
  return (row as { id: number; songs: number; movies: number; finishedAt: string | null } | undefined) ?? null;
}

/** The newest ready model, or null when the vibe space was never built. */
export function currentModel(db: CatalogDatabase): ReadyModel | null {
  const row = db
    .prepare(
      `SELECT id, slot, model_json, songs, movies, coalesce(finished_at, created_at) AS built_at, fingerprint FROM vibe_models WHERE status = 'ready' ORDER BY id DESC LIMIT 1`,
    )
    .get() as
    { id: number; slot: VibeSlot | null; model_json: string; songs: number; movies: number; built_at: string; fingerprint: string | null } | undefined;
  if (!row) return null;
  return {
    id: row.id,
    slot: row.slot,
    model: deserialiseModel(row.model_json),
    songs: row.songs,
    movies: row.movies,
    builtAt: row.built_at,
    fingerprint: storedFingerprint(row.fingerprint),
  };
}

const fingerprintSchema = z.looseObject({
  songs: z.number(),
  movies: z.number(),
  lastImportRun: z.number(),
  posterEmbeddings: z.number(),
  digest: z.string().optional(),
  importRuns: z
    .array(z.tuple([z.number(), z.string(), z.string().nullable(), z.string().nullable()]))
    .optional()
    .catch(undefined),
});

/**
 * A build's stored fingerprint, or null when it is not one (a model is then treated as of an
 * unknown catalog: rebuilt whole). Runs' states that cannot be read are left out, as in a
 * fingerprint stored before they were recorded: the next build records them again.
 */
function storedFingerprint(text: string | null): CatalogFingerprint | null {
  if (!text) return null;
  try {
    const { importRuns, ...counts } = fingerprintSchema.parse(JSON.parse(text));
    return importRuns ? { ...counts, importRuns } : counts;
  } catch {
    return null;
  }
}

export interface VibeIndexStatus {
  readonly built: boolean;
  readonly modelId: number | null;
  readonly songs: number;
  readonly movies: number;
  readonly builtAt: string | null;
  /** Whether poster embeddings contributed a visual block. */
  readonly visual: boolean;
  readonly stale: boolean;
  /** Why a rebuild is suggested, as sentences for the UI and the CLI. */
  readonly staleReasons: readonly string[];
}

/** A model built by an older ranker or with other era bins keeps working; these say why a rebuild is worth it. */
function modelReasons(model: VibeModel): string[] {
  if (!model.ranker)
    return [
      'Built by the previous ranker (before era, language guesses and Last.fm tags): rebuild for matches learned from real soundtracks and the "Could be on its soundtrack" intent.',
    ];
  // Served as built (its layout says how its era block is binned); new items need the new bins.
  const eraDims = model.layout.blocks.era.dims;
  const reasons =
    eraDims === ERA_DIMS
      ? []
      : eraDims === ERA_BIN_COUNT
        ? ['Built before songs of unknown date had an era fit: rebuild so that for such songs, films of the decades that use songs most rank first too.']
        : ['Built with coarser release-year bins: rebuild for the finer era fit (and before adding new items, which are encoded with the new bins).'];
  if (model.ridge && model.ridge.guessLength === undefined)
    reasons.push('Built before guessed poster looks were weighed against real ones (films without a poster crowded out those with one): rebuild for it.');
  // Served as built: a model with the valence clash alone holds back no calm song from an intense
  // film, and one without the dread no pop song from a horror film.
  const clashDims = model.layout.blocks.clash.dims;
  if (clashDims > 0 && clashDims <= ENERGY_CLASH_PLACE)
    reasons.push('Built before a calm song and an intense film (or a pounding song and a quiet film) were held apart: rebuild for it.');
  if (clashDims > 0 && clashDims <= DREAD_PLACE)
    reasons.push('Built before horror films asked for songs that can carry dread (a pop song got slasher films): rebuild for it.');
  // Its queries are served without kin (profile.ts reachKindredConcepts).
  if (!model.layout.conceptKin)
    reasons.push('Built before songs and films could meet through kindred concepts (a pop song, a feel-good film): rebuild for it.');
  let bridges: Bridges | null = null;
  try {
    bridges = loadBridges();
  } catch {
    // Unreadable tables are reported by the build that needs them.
  }
  // A model from before kin has its own reason above.
  if (bridges && model.layout.conceptKin && !builtWithTables(model.layout, bridges))
    reasons.push('The vibe tables (concepts, genres, keywords, languages or kin in resources/vibe) changed since this build: rebuild to use them.');
  let shipped: RankerParameters;
  try {
    shipped = loadRankerParameters();
  } catch {
    return reasons;
  }
  return JSON.stringify(shipped) === JSON.stringify(model.ranker)
    ? reasons
    : [...reasons, `The learned ranker was updated (${shipped.source.date}) since this build: rebuild to use it.`];
}

export function vibeIndexStatus(db: CatalogDatabase): VibeIndexStatus {
  const ready = currentModel(db);
  const now = catalogFingerprint(db, ready?.fingerprint);
  if (!ready) {
    const empty = now.songs + now.movies === 0;
    return {
      built: false,
      modelId: null,
      songs: 0,
      movies: 0,
      builtAt: null,
      visual: false,
      stale: !empty,
      staleReasons: empty ? ['The catalog is empty: import songs or movies first.'] : ['The vibe space has not been built yet.'],
    };
  }
  const reasons: string[] = [];
  const then = ready.fingerprint;
  if (then) {
    const added = (what: string, before: number, after: number) =>
      after !== before && reasons.push(`${what}: ${before.toLocaleString('en')} when built, ${after.toLocaleString('en')} now.`);
    added('Songs', then.songs, now.songs);
    added('Movies', then.movies, now.movies);
    added('Embedded posters', then.posterEmbeddings, now.posterEmbeddings);
    const runs = then.importRuns ? runsChangedSince(then.importRuns, now.importRuns ?? []) : null;
    // A run recorded by the build that is gone now was undone and then removed.
    if (then.importRuns && (runs === null || runs.some(([, , , undoneAt]) => undoneAt !== null)))
      reasons.push('An import was undone since the last build: the items it added are gone, those it changed are back as they were.');
    else if (reasons.length === 0 && (runs ? runs.length > 0 : now.lastImportRun > then.lastImportRun))
      reasons.push('Files were imported since the last build (existing items may have changed).');
  }
  reasons.push(...modelReasons(ready.model));
  return {
    built: true,
    modelId: ready.id,
    songs: ready.songs,
    movies: ready.movies,
    builtAt: ready.builtAt,
    visual: ready.model.pca !== null,
    stale: reasons.length > 0,
    staleReasons: reasons,
  };
}
