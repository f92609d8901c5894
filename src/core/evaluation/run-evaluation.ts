import type { CatalogDatabase } from '../db/open-database.js';
import type { VibeIndex } from '../recommend/vibe-index.js';
import { BLOCKS, HAND_SET_PRIOR, type BlockName, type BlockWeights } from '../vibe/weights.js';
import { PopularityRecommender } from './baselines/popularity.js';
import { PrototypeAudioPosterRecommender } from './baselines/prototype-audio-poster.js';
import { RandomRecommender } from './baselines/random.js';
import { TfidfGenresRecommender } from './baselines/tfidf-genres.js';
import { partnersByQuery, type GroundTruthPair } from './ground-truth/index.js';
import { coverage, latencySummary, meanReciprocalRank, median, mostRecommended, rankOf, recallAtK, topK, type LatencySummary } from './metrics.js';
import { candidatesOf, DIRECTIONS, loadCandidates, queryKindOf, targetKindOf, type Direction, type EvaluationContext, type Recommender } from './types.js';
import { VibeRecommender } from './vibe-recommender.js';

export const RECALL_KS = [10, 50, 100] as const;

export interface DirectionMetrics {
  readonly queries: number;
  readonly recall: Readonly<Record<(typeof RECALL_KS)[number], number>>;
  readonly mrr: number;
  readonly medianRank: number;
  /** Mean of 1 − (rank − 1)/(candidates − 1): 0.5 is chance, 1 puts every partner first. */
  readonly auc: number;
  readonly candidates: number;
  /** Distinct items across all top-10 lists, and their share of the catalog. */
  readonly coverage: { readonly distinct: number; readonly share: number };
  /** Share of top-10 lists that contain the single most recommended item. */
  readonly mostRecommendedShare: number;
  readonly latency: LatencySummary;
}

export interface MethodResult {
  readonly name: string;
  readonly description: string;
  readonly group: 'crossfade' | 'baseline' | 'ablation';
  readonly directions: Readonly<Record<Direction, DirectionMetrics>>;
}

/** A weighting's scores on one half of the pairs: mean AUC and MRR over both directions. */
export interface SplitScores {
  readonly prior: { readonly auc: number; readonly mrr: number };
  readonly defaults: { readonly auc: number; readonly mrr: number };
  readonly chosen: { readonly auc: number; readonly mrr: number };
}

export interface WeightSearchResult {
  readonly trainPairs: number;
  readonly testPairs: number;
  readonly candidatesTried: number;
  readonly minBlockWeight: number;
  /** The hand-set weights the project started with (src/core/vibe/weights.ts HAND_SET_PRIOR). */
  readonly prior: BlockWeights;
  readonly defaults: BlockWeights;
  readonly chosen: BlockWeights;
  /** What the search maximised: the mean over both directions of 1 − (rank − 1)/(candidates − 1) (AUC). */
  readonly objective: 'mean AUC';
  readonly train: SplitScores;
  readonly test: SplitScores;
}

export interface EvaluationResult {
  readonly methods: readonly MethodResult[];
  readonly weightSearch: WeightSearchResult | null;
}

export interface RunOptions {
  readonly seed?: number;
  readonly weightSearch?: boolean;
  readonly onProgress?: (message: string) => void;
}

/** Evaluates Crossfade, its ablations and the baselines on the same pairs, in one run. */
export async function runEvaluation(db: CatalogDatabase, index: VibeIndex, pairs: readonly GroundTruthPair[], options: RunOptions = {}): Promise<EvaluationResult> {
  const context: EvaluationContext = { db, songs: loadCandidates(db, 'song'), movies: loadCandidates(db, 'movie'), seed: options.seed ?? 42 };
  const say = options.onProgress ?? (() => undefined);
  const crossfade = new VibeRecommender(index);
  const methods: { recommender: Recommender; group: MethodResult['group'] }[] = [
    { recommender: crossfade, group: 'crossfade' },
    ...BLOCKS.filter((block) => index.model.weights[block] > 0).map((block) => ({
      recommender: new VibeRecommender(index, { name: `without ${block}`, description: `Crossfade with the ${block} block removed.`, weights: { [block]: 0 } }),
      group: 'ablation' as const,
    })),
    { recommender: new RandomRecommender(), group: 'baseline' },
    { recommender: new PopularityRecommender(), group: 'baseline' },
    { recommender: new TfidfGenresRecommender(), group: 'baseline' },
    { recommender: new PrototypeAudioPosterRecommender(), group: 'baseline' },
  ];
  const results: MethodResult[] = [];
  for (const { recommender, group } of methods) {
    say(`evaluating ${recommender.name}`);
    await recommender.prepare(context);
    const directions = Object.fromEntries(DIRECTIONS.map((direction) => [direction, evaluateDirection(context, recommender, pairs, direction)])) as Record<Direction, DirectionMetrics>;
    results.push({ name: recommender.name, description: recommender.description, group, directions });
  }
  const weightSearch = options.weightSearch === false ? null : searchWeights(context, crossfade, pairs, say);
  return { methods: results, weightSearch };
}

export function evaluateDirection(context: EvaluationContext, recommender: Recommender, pairs: readonly GroundTruthPair[], direction: Direction): DirectionMetrics {
  const targets = candidatesOf(context, targetKindOf(direction));
  const ranks: number[] = [];
  const lists: number[][] = [];
  const latencies: number[] = [];
  for (const [queryId, partners] of partnersByQuery(pairs, direction)) {
    const relevant = partners.map((id) => targets.indexOf(id)).filter((position) => position >= 0);
    if (relevant.length === 0) continue;
    const started = performance.now();
    const scores = recommender.scores({ kind: queryKindOf(direction), ids: [queryId] }, targets.kind);
    const top = topK(scores, 10);
    latencies.push(performance.now() - started);
    ranks.push(rankOf(scores, relevant));
    lists.push(top.map((position) => targets.ids[position]!));
  }
  const covered = coverage(lists, targets.ids.length);
  return {
    queries: ranks.length,
    recall: { 10: recallAtK(ranks, 10), 50: recallAtK(ranks, 50), 100: recallAtK(ranks, 100) },
    mrr: meanReciprocalRank(ranks),
    medianRank: median(ranks),
    auc: ranks.reduce((sum, rank) => sum + 1 - (rank - 1) / Math.max(1, targets.ids.length - 1), 0) / Math.max(1, ranks.length),
    candidates: targets.ids.length,
    coverage: { distinct: covered.distinct, share: covered.share },
    mostRecommendedShare: mostRecommended(lists).share,
    latency: latencySummary(latencies),
  };
}

/**
 * Chooses block weights on one half of the pairs and reports them on the other. Pairs are split
 * by movie (a hash of its id), so no film's soundtrack is in both halves. Candidates are a grid
 * over the weight simplex in steps of 0.1 (1,001 weightings); the per-block cosines of every query
 * are computed once, so each weighting costs one weighted sum per query.
 *
 * The objective is the mean AUC (one minus the normalised rank of the true partner), not MRR: with
 * true partners ranked in the thousands, MRR is decided by the handful of lucky top-10 hits and
 * chases noise, while AUC uses every query's whole rank.
 */
/**
 * Every block keeps at least this weight: the product promises matches by mood and look as well as
 * genre, and a soundtrack ground truth (songs chosen by period, licensing, genre) cannot justify
 * switching a signal off for everyone; the sliders still go to zero.
 */
export const MIN_BLOCK_WEIGHT = 0.05;

export function searchWeights(context: EvaluationContext, crossfade: VibeRecommender, pairs: readonly GroundTruthPair[], say: (message: string) => void = () => undefined): WeightSearchResult {
  const train = pairs.filter((pair) => splitOf(pair.movieId) === 'train');
  const test = pairs.filter((pair) => splitOf(pair.movieId) === 'test');
  const trainQueries = prepareQueries(context, crossfade, train);
  const testQueries = prepareQueries(context, crossfade, test);
  const spread = 1 - MIN_BLOCK_WEIGHT * BLOCKS.length;
  const grid = simplexGrid(10).map((weights) => Object.fromEntries(BLOCKS.map((block) => [block, MIN_BLOCK_WEIGHT + spread * weights[block]])) as Record<BlockName, number>);
  say(`weight search: ${grid.length} weightings on ${train.length} training pairs`);
  const defaults = crossfade.weights;
  let best = { weights: defaults, auc: splitScore(trainQueries, defaults).auc };
  for (const weights of grid) {
    const { auc } = splitScore(trainQueries, weights);
    if (auc > best.auc + 1e-9) best = { weights, auc };
  }
  const scores = (queries: readonly PreparedQuery[]): SplitScores => ({
    prior: splitScore(queries, HAND_SET_PRIOR),
    defaults: splitScore(queries, defaults),
    chosen: splitScore(queries, best.weights),
  });
  return {
    trainPairs: train.length,
    testPairs: test.length,
    candidatesTried: grid.length,
    minBlockWeight: MIN_BLOCK_WEIGHT,
    prior: HAND_SET_PRIOR,
    defaults,
    chosen: best.weights,
    objective: 'mean AUC',
    train: scores(trainQueries),
    test: scores(testQueries),
  };
}

/**
 * One query reduced to what the weight search needs. Scores are linear in the weights, so a
 * candidate that is at most equal to some true partner on every block can never rank above the
 * best partner, and one that beats every partner on every block always does; only the remaining
 * "mixed" candidates are scored per weighting (typically a small share of the catalog).
 */
interface PreparedQuery {
  readonly direction: Direction;
  /** Cosines of the true partners, BLOCKS.length per partner. */
  readonly partners: Float64Array;
  /** Candidates above every partner on every block. */
  readonly alwaysAbove: number;
  /** Cosines of the mixed candidates, BLOCKS.length per candidate. */
  readonly mixed: Float64Array;
  /** All candidates of the target kind. */
  readonly candidates: number;
}

function prepareQueries(context: EvaluationContext, crossfade: VibeRecommender, pairs: readonly GroundTruthPair[]): PreparedQuery[] {
  const prepared: PreparedQuery[] = [];
  const width = BLOCKS.length;
  for (const direction of DIRECTIONS) {
    const targets = candidatesOf(context, targetKindOf(direction));
    for (const [queryId, partnerIds] of partnersByQuery(pairs, direction)) {
      const relevant = new Set(partnerIds.map((id) => targets.indexOf(id)).filter((position) => position >= 0));
      if (relevant.size === 0) continue;
      const cosines = crossfade.blockCosines({ kind: queryKindOf(direction), ids: [queryId] }, targets.kind);
      const at = (position: number, block: number) => {
        const value = cosines[BLOCKS[block]!][position]!;
        return Number.isNaN(value) ? -Infinity : value;
      };
      const partners = Float64Array.from([...relevant].flatMap((position) => BLOCKS.map((_, block) => at(position, block))));
      let alwaysAbove = 0;
      const mixed: number[] = [];
      for (let position = 0; position < targets.ids.length; position++) {
        if (relevant.has(position)) continue;
        let dominatedBySome = false;
        let abovePartners = 0;
        for (let partner = 0; partner < relevant.size; partner++) {
          let allAtMost = true;
          let allAbove = true;
          for (let block = 0; block < width; block++) {
            const c = at(position, block);
            const r = partners[partner * width + block]!;
            if (c > r) allAtMost = false;
            if (c <= r) allAbove = false;
          }
          if (allAtMost) dominatedBySome = true;
          if (allAbove) abovePartners++;
        }
        if (dominatedBySome) continue;
        if (abovePartners === relevant.size) alwaysAbove++;
        else for (let block = 0; block < width; block++) mixed.push(at(position, block));
      }
      prepared.push({ direction, partners, alwaysAbove, mixed: Float64Array.from(mixed), candidates: targets.ids.length });
    }
  }
  return prepared;
}

/** The rank of the best true partner under one weighting (ties count half, as rankOf's default). */
function rankUnder(query: PreparedQuery, weights: readonly number[]): number {
  const width = weights.length;
  let best = -Infinity;
  for (let offset = 0; offset < query.partners.length; offset += width) {
    let score = 0;
    for (let block = 0; block < width; block++) score += weights[block]! * query.partners[offset + block]!;
    if (score > best) best = score;
  }
  let above = query.alwaysAbove;
  let tied = 0;
  const mixed = query.mixed;
  for (let offset = 0; offset < mixed.length; offset += width) {
    let score = 0;
    for (let block = 0; block < width; block++) score += weights[block]! * mixed[offset + block]!;
    if (score > best) above++;
    else if (score === best) tied++;
  }
  return above + tied / 2 + 1;
}

/** Mean AUC and MRR, each the mean over the two directions (so the larger direction does not dominate). */
function splitScore(queries: readonly PreparedQuery[], weights: BlockWeights): { auc: number; mrr: number } {
  const vector = BLOCKS.map((block) => weights[block]);
  const perDirection = DIRECTIONS.map((direction) => {
    const ranked = queries.filter((query) => query.direction === direction).map((query) => ({ rank: rankUnder(query, vector), candidates: query.candidates }));
    if (ranked.length === 0) return null;
    const auc = ranked.reduce((sum, { rank, candidates }) => sum + 1 - (rank - 1) / Math.max(1, candidates - 1), 0) / ranked.length;
    return { auc, mrr: meanReciprocalRank(ranked.map(({ rank }) => rank)) };
  }).filter((value): value is { auc: number; mrr: number } => value !== null);
  const mean = (pick: (value: { auc: number; mrr: number }) => number) => (perDirection.length === 0 ? 0 : perDirection.reduce((sum, value) => sum + pick(value), 0) / perDirection.length);
  return { auc: mean((value) => value.auc), mrr: mean((value) => value.mrr) };
}

/** Every weighting with weights in multiples of 1/steps summing to 1 (at least one block > 0). */
export function simplexGrid(steps: number): BlockWeights[] {
  const result: BlockWeights[] = [];
  const walk = (index: number, left: number, chosen: number[]) => {
    if (index === BLOCKS.length - 1) {
      const values = [...chosen, left].map((units) => units / steps);
      result.push(Object.fromEntries(BLOCKS.map((block, position) => [block, values[position]!])) as Record<BlockName, number>);
      return;
    }
    for (let units = 0; units <= left; units++) walk(index + 1, left - units, [...chosen, units]);
  };
  walk(0, steps, []);
  return result;
}

/** Deterministic half split by movie id (Knuth's multiplicative hash). */
export function splitOf(movieId: number): 'train' | 'test' {
  return ((Math.imul(movieId, 2654435761) >>> 0) & 1) === 0 ? 'train' : 'test';
}
