import type { CatalogDatabase } from '../../db/open-database.js';
import type { PosterColour } from '../../features/types.js';
import { EMBEDDING_DIMS, EMBEDDING_SPACE } from '../../model/image-model.js';

/** A poster the job has to (re)embed. */
export interface PosterToEmbed {
  readonly id: number;
  readonly path: string;
  readonly fileSize: number;
  readonly fileMtimeMs: number;
}

export interface EmbeddingCounts {
  /** Posters in the catalog. */
  readonly posters: number;
  /** Done for this model, file unchanged since. */
  readonly done: number;
  /** Failed earlier on the same file (retried only with retryFailed). */
  readonly failed: number;
  /** Still to embed for this model (new, pending, changed file, other model, or failed with retryFailed). */
  readonly todo: number;
}

export type PosterResult =
  | { readonly poster: PosterToEmbed; readonly ok: true; readonly colour: PosterColour; readonly vector: Float32Array }
  | { readonly poster: PosterToEmbed; readonly ok: false; readonly error: string };

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * Which posters need work for model `sha`: no state yet, still pending, a changed file (size or
 * mtime differ from what was processed), done with another model or without its vector, or
 * failed when retrying failures.
 */
const NEEDS_WORK = `(
  e.poster_id IS NULL
  OR e.status = 'pending'
  OR e.source_size IS NOT p.file_size OR e.source_mtime_ms IS NOT p.file_mtime_ms
  OR (e.status = 'done' AND (e.model_sha256 IS NOT @sha OR NOT EXISTS (
        SELECT 1 FROM feature_vectors f WHERE f.space = '${EMBEDDING_SPACE}' AND f.item_kind = 'poster' AND f.item_id = p.id)))
  OR (e.status = 'failed' AND @retryFailed = 1)
)`;

/** The SQLite side of the poster embedding job: per-poster state and vectors, written in batched transactions. */
export class EmbeddingStore {
  private readonly upsertVector;
  private readonly markDone;
  private readonly markFailed;
  private readonly deleteVector;
  private readonly writeBatchTx;

  constructor(private readonly db: CatalogDatabase) {
    // INSERT ... SELECT FROM posters: a poster deleted while the job ran is skipped, not a foreign key error.
    this.upsertVector = db.prepare(`
      INSERT INTO feature_vectors(item_kind, item_id, space, dims, vector, model, updated_at)
      SELECT 'poster', id, '${EMBEDDING_SPACE}', ${EMBEDDING_DIMS}, @vector, @sha, ${NOW} FROM posters WHERE id = @id
      ON CONFLICT(space, item_kind, item_id) DO UPDATE SET
        dims = excluded.dims, vector = excluded.vector, model = excluded.model, updated_at = excluded.updated_at`);
    this.markDone = db.prepare(`
      INSERT INTO poster_embeddings(poster_id, status, error, model_sha256, source_size, source_mtime_ms,
                                    brightness, saturation, warmth, contrast, colourfulness, updated_at)
      SELECT id, 'done', NULL, @sha, @size, @mtime, @brightness, @saturation, @warmth, @contrast, @colourfulness, ${NOW}
      FROM posters WHERE id = @id
      ON CONFLICT(poster_id) DO UPDATE SET
        status = 'done', error = NULL, model_sha256 = excluded.model_sha256, source_size = excluded.source_size,
        source_mtime_ms = excluded.source_mtime_ms, brightness = excluded.brightness, saturation = excluded.saturation,
        warmth = excluded.warmth, contrast = excluded.contrast, colourfulness = excluded.colourfulness, updated_at = excluded.updated_at`);
    this.markFailed = db.prepare(`
      INSERT INTO poster_embeddings(poster_id, status, error, model_sha256, source_size, source_mtime_ms, updated_at)
      SELECT id, 'failed', @error, @sha, @size, @mtime, ${NOW} FROM posters WHERE id = @id
      ON CONFLICT(poster_id) DO UPDATE SET
        status = 'failed', error = excluded.error, model_sha256 = excluded.model_sha256, source_size = excluded.source_size,
        source_mtime_ms = excluded.source_mtime_ms, brightness = NULL, saturation = NULL, warmth = NULL, contrast = NULL,
        colourfulness = NULL, updated_at = excluded.updated_at`);
    this.deleteVector = db.prepare(`DELETE FROM feature_vectors WHERE space = '${EMBEDDING_SPACE}' AND item_kind = 'poster' AND item_id = ?`);
    this.writeBatchTx = db.transaction((sha: string, results: readonly PosterResult[]) => {
      for (const result of results) {
        const { poster } = result;
        const base = { id: poster.id, sha, size: poster.fileSize, mtime: poster.fileMtimeMs };
        if (result.ok) {
          const { vector, colour } = result;
          this.upsertVector.run({ ...base, vector: Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength) });
          this.markDone.run({ ...base, ...colour });
        } else {
          this.markFailed.run({ ...base, error: result.error });
          this.deleteVector.run(poster.id);
        }
      }
    });
  }

  counts(sha: string, retryFailed: boolean): EmbeddingCounts {
    const row = this.db
      .prepare(
        `SELECT count(*) AS posters,
                coalesce(sum(CASE WHEN ${NEEDS_WORK} THEN 0 WHEN e.status = 'done' THEN 1 ELSE 0 END), 0) AS done,
                coalesce(sum(CASE WHEN ${NEEDS_WORK} THEN 0 WHEN e.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
                coalesce(sum(CASE WHEN ${NEEDS_WORK} THEN 1 ELSE 0 END), 0) AS todo
         FROM posters p LEFT JOIN poster_embeddings e ON e.poster_id = p.id`,
      )
      .get({ sha, retryFailed: retryFailed ? 1 : 0 }) as EmbeddingCounts;
    return row;
  }

  /**
   * Marks every poster that needs work as pending for this model (one transaction) and returns
   * them in id order, at most `limit`.
   */
  queue(sha: string, retryFailed: boolean, limit: number | null): PosterToEmbed[] {
    const params = { sha, retryFailed: retryFailed ? 1 : 0 };
    return this.db
      .transaction(() => {
        const todo = this.db
          .prepare(
            `SELECT p.id, p.path, p.file_size AS fileSize, p.file_mtime_ms AS fileMtimeMs
           FROM posters p LEFT JOIN poster_embeddings e ON e.poster_id = p.id
           WHERE ${NEEDS_WORK} ORDER BY p.id`,
          )
          .all(params) as PosterToEmbed[];
        const mark = this.db.prepare(`
        INSERT INTO poster_embeddings(poster_id, status, model_sha256, updated_at) VALUES (?, 'pending', ?, ${NOW})
        ON CONFLICT(poster_id) DO UPDATE SET status = 'pending', error = NULL, model_sha256 = excluded.model_sha256, updated_at = excluded.updated_at`);
        for (const poster of todo) mark.run(poster.id, sha);
        return limit === null ? todo : todo.slice(0, limit);
      })
      .immediate();
  }

  /** Stores one batch of results in one transaction. */
  writeBatch(sha: string, results: readonly PosterResult[]): void {
    if (results.length > 0) this.writeBatchTx.immediate(sha, results);
  }
}

/** A poster's stored embedding (for tests, the vibe space and the UI), or null. */
export function readPosterEmbedding(db: CatalogDatabase, posterId: number): { vector: Float32Array; model: string | null } | null {
  const row = db
    .prepare(`SELECT vector, model FROM feature_vectors WHERE space = ? AND item_kind = 'poster' AND item_id = ?`)
    .get(EMBEDDING_SPACE, posterId) as { vector: Buffer; model: string | null } | undefined;
  if (!row) return null;
  const copy = new Uint8Array(row.vector);
  return { vector: new Float32Array(copy.buffer, 0, copy.byteLength / 4), model: row.model };
}
