import type { CatalogDatabase } from '../db/open-database.js';
import { EMBEDDING_SPACE } from '../model/image-model.js';
import type { MatchFacts } from '../vibe/explain.js';
import type { ItemKind } from './vibe-index.js';

interface PickFacts {
  readonly kind: ItemKind;
  readonly id: number;
  readonly mood: readonly number[] | null;
}

/**
 * The facts explanations are checked against, read once per request for the picks and the
 * results: raw moods, real poster embeddings and release years.
 */
export function matchFacts(
  db: CatalogDatabase,
  request: { readonly target: ItemKind },
  resultIds: readonly number[],
  picks: readonly PickFacts[],
  resultMoods: ReadonlyMap<number, ArrayLike<number>>,
): { of(itemId: number, viaPick: number | null): MatchFacts } {
  const movieIds = [...picks.filter((pick) => pick.kind === 'movie').map((pick) => pick.id), ...(request.target === 'movie' ? resultIds : [])];
  const songIds = [...picks.filter((pick) => pick.kind === 'song').map((pick) => pick.id), ...(request.target === 'song' ? resultIds : [])];
  const withPoster = moviesWithPosterEmbedding(db, movieIds);
  const years = { song: releaseYears(db, 'songs', songIds), movie: releaseYears(db, 'movies', movieIds) };
  const meanMood = mean(picks.map((pick) => pick.mood).filter((mood): mood is readonly number[] => mood !== null));
  const posterToPoster = request.target === 'movie' && picks.every((pick) => pick.kind === 'movie');
  return {
    of(itemId, viaPick) {
      const relevant = viaPick === null ? picks : [picks[viaPick]!];
      const queryMood = viaPick === null ? meanMood : (picks[viaPick]?.mood ?? null);
      const other = relevant.filter((pick) => pick.kind !== request.target);
      // An era reason needs exactly one song and one film: with several picks there is no single gap to name.
      const partner = other.length === 1 ? other[0]! : null;
      const era = partner
        ? request.target === 'movie'
          ? { songYear: years.song.get(partner.id) ?? null, filmYear: years.movie.get(itemId) ?? null }
          : { songYear: years.song.get(itemId) ?? null, filmYear: years.movie.get(partner.id) ?? null }
        : null;
      const mood = resultMoods.get(itemId);
      return {
        queryMood,
        itemMood: mood ? Array.from(mood) : null,
        queryHasPoster: relevant.some((pick) => pick.kind === 'movie' && withPoster.has(pick.id)),
        itemHasPoster: request.target === 'movie' && withPoster.has(itemId),
        posterToPoster,
        era,
        rankedKind: request.target,
      };
    },
  };
}

/**
 * From the request's movies to their posters (by the movie index) to each poster's vector (by its
 * primary key, never reading the blob). Left to itself the planner walked every poster vector
 * first: at 20K embedded posters that read 100 MB of blobs, 57 ms of every Discover request.
 */
export const MOVIES_WITH_POSTER_EMBEDDING_SQL = `SELECT DISTINCT p.movie_id FROM json_each(@ids) j
    CROSS JOIN posters p ON p.movie_id = j.value
   WHERE EXISTS (SELECT 1 FROM feature_vectors f WHERE f.space = @space AND f.item_kind = 'poster' AND f.item_id = p.id)`;

function moviesWithPosterEmbedding(db: CatalogDatabase, movieIds: readonly number[]): Set<number> {
  if (movieIds.length === 0) return new Set();
  const rows = db
    .prepare(MOVIES_WITH_POSTER_EMBEDDING_SQL)
    .pluck()
    .all({ space: EMBEDDING_SPACE, ids: JSON.stringify(movieIds) }) as number[];
  return new Set(rows);
}

function releaseYears(db: CatalogDatabase, table: 'songs' | 'movies', ids: readonly number[]): Map<number, number> {
  const result = new Map<number, number>();
  if (ids.length === 0) return result;
  const rows = db
    .prepare(`SELECT id, release_year FROM ${table} WHERE release_year IS NOT NULL AND id IN (SELECT value FROM json_each(?))`)
    .raw()
    .all(JSON.stringify(ids)) as [number, number][];
  for (const [id, year] of rows) result.set(id, year);
  return result;
}

function mean(rows: readonly (readonly number[])[]): number[] | null {
  if (rows.length === 0) return null;
  return rows[0]!.map((_, axis) => rows.reduce((sum, row) => sum + row[axis]!, 0) / rows.length);
}
