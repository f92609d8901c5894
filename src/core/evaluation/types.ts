import type { CatalogDatabase } from '../db/open-database.js';
import type { ItemKind } from '../../shared/recommend-schemas.js';

/**
 * The contract between the evaluation runner and what it evaluates: baselines here, and later the
 * vibe index (src/core/recommend/vibe-index.ts) behind the same interface. A recommender scores
 * every candidate of the target kind, so the runner can compute exact ranks of the true partners
 * (Recall@K, MRR, median rank) and not only whether they made a top-k list.
 */

export type { ItemKind };
export type Direction = 'song-to-movie' | 'movie-to-song';

export const DIRECTIONS = ['song-to-movie', 'movie-to-song'] as const satisfies readonly Direction[];

export const queryKindOf = (direction: Direction): ItemKind => (direction === 'song-to-movie' ? 'song' : 'movie');
export const targetKindOf = (direction: Direction): ItemKind => (direction === 'song-to-movie' ? 'movie' : 'song');

/** All catalog items of one kind that can be recommended, in ascending id order. */
export interface Candidates {
  readonly kind: ItemKind;
  readonly ids: Int32Array;
  /** Position of a catalog id in `ids`, or -1. */
  indexOf(id: number): number;
}

export function candidatesFrom(kind: ItemKind, ids: Iterable<number>): Candidates {
  const sorted = Int32Array.from(new Set(ids)).sort();
  const positions = new Map<number, number>();
  sorted.forEach((id, index) => positions.set(id, index));
  return { kind, ids: sorted, indexOf: (id) => positions.get(id) ?? -1 };
}

/** Every song or movie in the catalog. */
export function loadCandidates(db: CatalogDatabase, kind: ItemKind): Candidates {
  const table = kind === 'song' ? 'songs' : 'movies';
  return candidatesFrom(kind, db.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[]);
}

export interface EvaluationContext {
  readonly db: CatalogDatabase;
  readonly songs: Candidates;
  readonly movies: Candidates;
  /** Seed for anything random (the random baseline), so a run can be repeated exactly. */
  readonly seed: number;
}

export const candidatesOf = (context: EvaluationContext, kind: ItemKind): Candidates => (kind === 'song' ? context.songs : context.movies);

/** One query: the items a user picked ("the picks"), all of one kind. */
export interface Query {
  readonly kind: ItemKind;
  readonly ids: readonly number[];
}

export interface Recommender {
  /** Short id for reports ("random", "popularity", "tfidf-genres", …). */
  readonly name: string;
  /** One line on what it does and what it assumes. */
  readonly description: string;
  /** Loads whatever the scorer needs from the catalog; called once per run, before any query. */
  prepare(context: EvaluationContext): void | Promise<void>;
  /**
   * A score for every candidate of `targetKind`, aligned with `context.songs.ids` or
   * `context.movies.ids`; higher is better. NaN means "cannot score" and ranks last.
   */
  scores(query: Query, targetKind: ItemKind): Float32Array | Float64Array;
}
