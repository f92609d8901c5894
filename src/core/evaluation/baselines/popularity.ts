import type { CatalogDatabase } from '../../db/open-database.js';
import { meanOfKnown, percentileRanker } from '../../features/normalise.js';
import type { Candidates, EvaluationContext, ItemKind, Query, Recommender } from '../types.js';
import { requireContext } from './random.js';

/**
 * Most popular first, whatever the query: the baseline that shows how much of a method's recall
 * comes from popular items being paired more often. Popularity is the catalog's own notion (as in
 * src/core/features/load-features.ts): songs by Spotify popularity percentile, else streams
 * percentile (Most Streamed 2023 has no popularity); movies by the mean of the known percentiles
 * of vote count, TMDB popularity and revenue. Items with no popularity at all score NaN and rank
 * last (tied with each other).
 */
export class PopularityRecommender implements Recommender {
  readonly name = 'popularity';
  readonly description = 'Catalog popularity percentile, independent of the query.';
  private context: EvaluationContext | null = null;
  private readonly byKind = new Map<ItemKind, Float64Array>();

  prepare(context: EvaluationContext): void {
    this.context = context;
    this.byKind.set('song', songPopularity(context.db, context.songs));
    this.byKind.set('movie', moviePopularity(context.db, context.movies));
  }

  scores(_query: Query, targetKind: ItemKind): Float64Array {
    requireContext(this.context, this.name);
    // A copy: callers may modify scores (e.g. to exclude the picks).
    return this.byKind.get(targetKind)!.slice();
  }
}

export function songPopularity(db: CatalogDatabase, candidates: Candidates): Float64Array {
  type Row = [number, number | null, number | null];
  const rows = db.prepare(`SELECT id, popularity, streams FROM songs`).raw().all() as Row[];
  const popularity = percentileRanker(rows.map((row) => row[1]));
  const streams = percentileRanker(rows.map((row) => row[2]));
  const scores = new Float64Array(candidates.ids.length).fill(Number.NaN);
  for (const [id, pop, stream] of rows) {
    const index = candidates.indexOf(id);
    if (index >= 0) scores[index] = popularity(pop) ?? streams(stream) ?? Number.NaN;
  }
  return scores;
}

export function moviePopularity(db: CatalogDatabase, candidates: Candidates): Float64Array {
  type Row = [number, number | null, number | null, number | null];
  const rows = db.prepare(`SELECT id, vote_count, popularity, revenue FROM movies`).raw().all() as Row[];
  const positiveRevenue = (value: number | null) => (value !== null && value > 0 ? value : null);
  const votes = percentileRanker(rows.map((row) => row[1]));
  const popularity = percentileRanker(rows.map((row) => row[2]));
  const revenue = percentileRanker(rows.map((row) => positiveRevenue(row[3])));
  const scores = new Float64Array(candidates.ids.length).fill(Number.NaN);
  for (const [id, vote, pop, rev] of rows) {
    const index = candidates.indexOf(id);
    if (index >= 0) scores[index] = meanOfKnown([votes(vote), popularity(pop), revenue(positiveRevenue(rev))]) ?? Number.NaN;
  }
  return scores;
}
