import { ERA_BIN_COUNT } from '../features/era.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { EMBEDDING_SPACE } from '../model/image-model.js';
import { loadRankerParameters, type RankerParameters } from './ranker.js';
import { deserialiseModel, type VibeModel } from './model.js';

/**
 * Where built vibe indexes live in the catalog. A build writes its vectors under spaces named
 * after its model row, so an unfinished build never mixes with the ready one (see migration 9).
 */
export const vibeSpace = (modelId: number): string => `vibe/${modelId}`;
/** The raw mood axes (5 floats in 0..1) of every item, for the vibe map and the profile radar. */
export const moodSpace = (modelId: number): string => `mood/${modelId}`;

/** A stored vector (feature_vectors.vector) as floats: a copy, so it outlives the row's buffer. */
export const vectorOfBlob = (blob: Buffer): Float32Array => new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

/** The bytes to store for a vector (no copy). */
const blobOfVector = (vector: Float32Array): Buffer => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

/**
 * Rows per INSERT statement when saving many vectors: one statement per 50 rows instead of per row,
 * with each space's rows of a batch together, wrote a million items' two rows in 6.4 s instead of
 * 10.1 s in a bare better-sqlite3 loop with this table and the catalog's pragmas; a full build at
 * 1M + 1M took 70.0 and 75.7 s against 77.1 and 79.4 s, alternating runs on one catalog.
 */
const ROWS_PER_INSERT = 50;
const COLUMNS = 'item_kind, item_id, space, dims, vector, model';

/** Saves feature_vectors rows (replacing any of the same key) several to a statement; call flush() before the transaction ends. */
export function vectorRowWriter(db: CatalogDatabase): {
  add(kind: string, itemId: number, space: string, vector: Float32Array, model: string): void;
  flush(): void;
} {
  const insert = (rows: number) =>
    db.prepare(`INSERT OR REPLACE INTO feature_vectors(${COLUMNS}) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`);
  const many = insert(ROWS_PER_INSERT);
  const one = insert(1);
  let pending: (string | number | Buffer)[] = [];
  return {
    add(kind, itemId, space, vector, model) {
      pending.push(kind, itemId, space, vector.length, blobOfVector(vector), model);
      if (pending.length === ROWS_PER_INSERT * 6) {
        many.run(pending);
        pending = [];
      }
    },
    flush() {
      for (let at = 0; at < pending.length; at += 6) one.run(pending.slice(at, at + 6));
      pending = [];
    },
  };
}

/** What the catalog looked like when a build started; any difference makes the index stale. */
export interface CatalogFingerprint {
  readonly songs: number;
  readonly movies: number;
  readonly lastImportRun: number;
  readonly posterEmbeddings: number;
}

export function catalogFingerprint(db: CatalogDatabase): CatalogFingerprint {
  const count = (sql: string): number => Number(db.prepare(sql).pluck().get() ?? 0);
  return {
    songs: count(`SELECT count(*) FROM songs`),
    movies: count(`SELECT count(*) FROM movies`),
    lastImportRun: count(`SELECT coalesce(max(id), 0) FROM import_runs WHERE status = 'completed'`),
    posterEmbeddings: count(`SELECT count(*) FROM feature_vectors WHERE space = '${EMBEDDING_SPACE}' AND item_kind = 'poster'`),
  };
}

export interface ReadyModel {
  readonly id: number;
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
      `SELECT id, model_json, songs, movies, coalesce(finished_at, created_at) AS built_at, fingerprint FROM vibe_models WHERE status = 'ready' ORDER BY id DESC LIMIT 1`,
    )
    .get() as { id: number; model_json: string; songs: number; movies: number; built_at: string; fingerprint: string | null } | undefined;
  if (!row) return null;
  return {
    id: row.id,
    model: deserialiseModel(row.model_json),
    songs: row.songs,
    movies: row.movies,
    builtAt: row.built_at,
    fingerprint: row.fingerprint ? (JSON.parse(row.fingerprint) as CatalogFingerprint) : null,
  };
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
  const eraReasons =
    model.layout.blocks.era.dims === ERA_BIN_COUNT
      ? []
      : ['Built with coarser release-year bins: rebuild for the finer era fit (and before adding new items, which are encoded with the new bins).'];
  let shipped: RankerParameters;
  try {
    shipped = loadRankerParameters();
  } catch {
    return eraReasons;
  }
  return JSON.stringify(shipped) === JSON.stringify(model.ranker)
    ? eraReasons
    : [...eraReasons, `The learned ranker was updated (${shipped.source.date}) since this build: rebuild to use it.`];
}

export function vibeIndexStatus(db: CatalogDatabase): VibeIndexStatus {
  const ready = currentModel(db);
  const now = catalogFingerprint(db);
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
    if (reasons.length === 0 && now.lastImportRun > then.lastImportRun)
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
