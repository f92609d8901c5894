import type { CatalogDatabase } from '../db/open-database.js';
import type { VibeIndex } from '../recommend/vibe-index.js';
import { notForFamilies } from '../recommend/filters.js';
import type { RankerParameters } from '../vibe/ranker.js';
import type { BlockWeights } from '../vibe/weights.js';
import { PopularityRecommender } from './baselines/popularity.js';
import { PrototypeAudioPosterRecommender } from './baselines/prototype-audio-poster.js';
import { RandomRecommender } from './baselines/random.js';
import { TfidfGenresRecommender } from './baselines/tfidf-genres.js';
import { partnersByQuery, type GroundTruthPair } from './ground-truth/index.js';
import type { GroundTruthSource } from './ground-truth/types.js';
import {
  FEATURE_GROUPS,
  fitRanker,
  OUTER_FOLDS,
  outerFoldOf,
  PairFeatureSource,
  rankerParameters,
  scoreCandidates,
  trainingSamples,
  type FeatureGroup,
  type QueryFeatures,
  type RankerFit,
} from './learn-ranker.js';
import { coverage, latencySummary, meanReciprocalRank, median, mostRecommended, rankOf, recallAtK, topK, type LatencySummary } from './metrics.js';
import {
  candidatesOf,
  DIRECTIONS,
  loadCandidates,
  queryKindOf,
  targetKindOf,
  type Direction,
  type EvaluationContext,
  type ItemKind,
  type Recommender,
} from './types.js';
import { ServedRecommender, VibeRecommender } from './vibe-recommender.js';
import { loadRecordingGroups } from '../catalog/recordings.js';
import { movieFirstPage, songFirstPage, type FirstPage } from './shown-page.js';
import { runVibePanel, type PanelReport } from './vibe-panel/run-panel.js';
import { loadFacts } from './vibe-panel/facts.js';
import { moodClashTest, type MoodClashTest } from './mood-clashes.js';
import { countUnexplained, type UnexplainedCount } from './unexplained.js';
import { pairedBootstrap, type MethodEstimates } from './bootstrap.js';
import { mixSeed } from '../random.js';

export const RECALL_KS = [10, 50, 100] as const;

/** Pairs grouped for reporting: each ground-truth source, and the independent ones together (the headline). */
export const SUBSETS = ['independent', 'imdb-soundtrack', 'oscar-song', 'soundtrack-album'] as const;
type Subset = (typeof SUBSETS)[number];
/** Sources that do not come from the catalog's own album names (soundtrack-album pairs measure the explicit links). */
const INDEPENDENT_SOURCES: readonly GroundTruthSource[] = ['imdb-soundtrack', 'oscar-song'];

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
  /** That item (null when no list holds any) and how many lists hold it. */
  readonly mostRecommended: { readonly itemId: number | null; readonly lists: number };
  /** Share of first-page results whose mood clearly clashes with their pick's (mood-clashes.ts); null when not measured. */
  readonly moodClashShare: number | null;
  readonly latency: LatencySummary;
}

interface DirectionResult extends DirectionMetrics {
  /** The same metrics on the pairs of each source, and on the independent sources together. */
  readonly bySource: Readonly<Partial<Record<Subset, DirectionMetrics>>>;
}

export interface MethodResult {
  readonly name: string;
  readonly description: string;
  readonly group: 'crossfade' | 'baseline' | 'ablation';
  /** True when every pair was scored by a model fitted without its film (split by movie). */
  readonly crossFitted: boolean;
  readonly directions: Readonly<Record<Direction, DirectionResult>>;
}

interface LearnedRankerReport {
  readonly trainingPairs: number;
  readonly folds: number;
  /** The penalty each outer fold's inner cross-validation chose. */
  readonly foldLambdas: readonly number[];
  /** The fit on every independent pair: what --write-defaults ships. */
  readonly final: RankerFit;
  readonly parameters: RankerParameters;
}

interface TargetCheck {
  readonly label: string;
  readonly value: number;
  readonly target: number;
  readonly met: boolean;
  /** What the value is made of, in words ("Me & U — Cassie, on 17 of 168 lists"). */
  readonly detail?: string;
}

/**
 * How sure the headline numbers are (bootstrap.ts): on the independent pairs, every method's
 * Recall@50 and AUC with an interval, and its difference from crossfade's on the same resamples.
 */
interface DirectionCertainty {
  readonly direction: Direction;
  readonly queries: number;
  /** Films the queries were resampled by (a film's songs are one cluster). */
  readonly clusters: number;
  readonly resamples: number;
  readonly level: number;
  readonly methods: readonly MethodEstimates[];
}

/** Resamples for the intervals: enough that the 2.5 % tails rest on 25 values each. */
const BOOTSTRAP_RESAMPLES = 1000;
const BOOTSTRAP_LEVEL = 0.95;

export interface EvaluationResult {
  readonly methods: readonly MethodResult[];
  readonly certainty: readonly DirectionCertainty[];
  readonly ranker: LearnedRankerReport;
  readonly targets: readonly TargetCheck[];
  /** The vibe panel (people's sanity checks, never fitted) for both intents and a few baselines. */
  readonly panels: readonly PanelReport[];
  /** First-page results each served intent shows without a reason (unexplained.ts). */
  readonly unexplained: readonly UnexplainedCount[];
}

/** The methods the vibe panel judges: both intents as served, and baselines for scale. */
const PANEL_METHODS = ['as shipped (in-sample)', 'feels the same', 'previous defaults', 'popularity', 'random'] as const;

export interface RunOptions {
  readonly seed?: number;
  readonly onProgress?: (message: string) => void;
  /** Where the shipped parameters will say they came from. */
  readonly reportFile?: string;
  readonly date?: Date;
}

/** The block weights Crossfade shipped before the learned ranker, kept as a row so the gain is visible. */
const PREVIOUS_DEFAULTS: BlockWeights = {
  mood: 0.05,
  genre: 0.65,
  language: 0.2,
  era: 0,
  popularity: 0.05,
  visual: 0.05,
  variety: 0,
  content: 0,
  topic: 0,
  clash: 0,
};

/** The learned variants: the full model, each feature group removed, and one-signal baselines. */
const LEARNED_VARIANTS: readonly {
  name: string;
  description: string;
  group: MethodResult['group'];
  groups: readonly FeatureGroup[];
  variety?: false;
  topic?: false;
  clash?: false;
}[] = [
  {
    name: 'crossfade',
    description: 'The learned ranker (block similarities and era fit, logistic, penalty by inner cross-validation), cross-fitted over 5 folds of films.',
    group: 'crossfade',
    groups: FEATURE_GROUPS,
  },
  ...FEATURE_GROUPS.map((removed) => ({
    name: `without ${removed}`,
    description: `The learned ranker refitted without the ${removed} ${removed === 'era' ? 'fit' : 'block'}.`,
    group: 'ablation' as const,
    groups: FEATURE_GROUPS.filter((group) => group !== removed),
  })),
  {
    name: 'without variety',
    description: 'The learned ranker without the variety block (items that top many lists are not held back).',
    group: 'ablation',
    groups: FEATURE_GROUPS,
    variety: false,
  },
  {
    name: 'without topic',
    description: 'The learned ranker without the topic block (a film about a music does not lift songs of that music).',
    group: 'ablation',
    groups: FEATURE_GROUPS,
    topic: false,
  },
  {
    name: 'without mood clash',
    description: 'The learned ranker without the mood clash block (a bright song and a bleak film, or a sombre song and a light film, are not held back).',
    group: 'ablation',
    groups: FEATURE_GROUPS,
    clash: false,
  },
  {
    name: 'era only',
    description: 'Only the learned era fit (song release era against the film year), cross-fitted.',
    group: 'baseline',
    groups: ['era'],
    variety: false,
    topic: false,
    clash: false,
  },
  {
    name: 'language only',
    description: 'Only the language block (song language guess and genres against the film language).',
    group: 'baseline',
    groups: ['language'],
    variety: false,
    topic: false,
    clash: false,
  },
];

interface QueryUnit {
  readonly direction: Direction;
  readonly queryId: number;
  /** The outer fold of the films involved (pairs are split by movie). */
  readonly fold: number;
  readonly partners: readonly { readonly position: number; readonly sources: ReadonlySet<GroundTruthSource> }[];
}

/** Evaluates Crossfade, its ablations and the baselines on the same pairs, in one run. */
export async function runEvaluation(
  db: CatalogDatabase,
  index: VibeIndex,
  pairs: readonly GroundTruthPair[],
  options: RunOptions = {},
): Promise<EvaluationResult> {
  const seed = options.seed ?? 42;
  const context: EvaluationContext = { db, songs: loadCandidates(db, 'song'), movies: loadCandidates(db, 'movie'), seed };
  const say = options.onProgress ?? (() => undefined);
  const independent = pairs.filter((pair) => INDEPENDENT_SOURCES.includes(pair.source));
  const features = new PairFeatureSource(context, index);

  say(`fitting the learned ranker on ${independent.length} independent pairs (${OUTER_FOLDS} folds by film, each with inner cross-validation)`);
  // Variants that differ only in how they score (without variety) share their fits.
  const fitsByGroups = new Map<string, RankerFit[]>();
  const foldFits = LEARNED_VARIANTS.map((variant) => {
    const key = variant.groups.join(',');
    let fits = fitsByGroups.get(key);
    if (!fits)
      fitsByGroups.set(
        key,
        (fits = Array.from({ length: OUTER_FOLDS }, (_, fold) => {
          const training = independent.filter((pair) => outerFoldOf(pair.movieId, seed) !== fold);
          return fitRanker(trainingSamples(features, context, training, variant.groups, seed), variant.groups, seed);
        })),
      );
    return fits;
  });
  const final = fitRanker(trainingSamples(features, context, independent, FEATURE_GROUPS, seed), FEATURE_GROUPS, seed);
  const date = options.date ?? new Date();
  const parameters = rankerParameters(final, { report: options.reportFile ?? 'reports/evaluation.md', date: date.toISOString().slice(0, 10) }, 'soundtrack');

  const fixed: { recommender: Recommender; group: MethodResult['group'] }[] = [
    {
      recommender: new ServedRecommender(index, {
        name: 'as shipped (in-sample)',
        description: 'The ranker in resources/vibe/ranker.json served through the real vectors; fitted on these pairs, so in-sample.',
        intent: 'soundtrack',
      }),
      group: 'crossfade',
    },
    {
      recommender: new ServedRecommender(index, {
        name: 'feels the same',
        description: 'The "feels the same" intent: mood, poster look and tags first, era ignored (hand-set, not fitted).',
        intent: 'feel',
      }),
      group: 'crossfade',
    },
    {
      recommender: new VibeRecommender(index, {
        name: 'previous defaults',
        description:
          'The block weights Crossfade shipped before the learned ranker (genre 0.65, language 0.20, mood, popularity and visual 0.05 each; no era).',
        weights: PREVIOUS_DEFAULTS,
      }),
      group: 'baseline',
    },
    { recommender: new RandomRecommender(), group: 'baseline' },
    { recommender: new PopularityRecommender(), group: 'baseline' },
    { recommender: new TfidfGenresRecommender(), group: 'baseline' },
    { recommender: new PrototypeAudioPosterRecommender(), group: 'baseline' },
  ];
  for (const { recommender } of fixed) await recommender.prepare(context);

  const units = queryUnits(context, pairs, seed);
  const clash = moodClashTest(db, index, Array.from(context.songs.ids), Array.from(context.movies.ids));
  const firstPages: Record<Direction, FirstPage> = {
    'song-to-movie': movieFirstPage(candidatesOf(context, 'movie')),
    'movie-to-song': songFirstPage(db, candidatesOf(context, 'song')),
  };
  const names = [...LEARNED_VARIANTS.map((variant) => variant.name), ...fixed.map((entry) => entry.recommender.name)];
  const outcomes = new Map(names.map((name) => [name, { 'song-to-movie': [] as UnitOutcome[], 'movie-to-song': [] as UnitOutcome[] }]));
  say(`scoring ${units.length} queries with ${names.length} methods`);
  for (const unit of units) {
    const started = performance.now();
    const unitFeatures: QueryFeatures = features.query(unit.direction, unit.queryId);
    const featureMs = performance.now() - started;
    LEARNED_VARIANTS.forEach((variant, variantIndex) => {
      const scoreStart = performance.now();
      const scores = scoreCandidates(foldFits[variantIndex]![unit.fold]!, unit.direction, unitFeatures, {
        variety: variant.variety ?? true,
        topic: variant.topic ?? true,
        clash: variant.clash ?? true,
      });
      outcomes.get(variant.name)![unit.direction].push(outcome(unit, scores, featureMs + performance.now() - scoreStart, firstPages[unit.direction], clash));
    });
    for (const { recommender } of fixed) {
      const scoreStart = performance.now();
      const scores = recommender.scores({ kind: queryKindOf(unit.direction), ids: [unit.queryId] }, targetKindOf(unit.direction));
      outcomes.get(recommender.name)![unit.direction].push(outcome(unit, scores, performance.now() - scoreStart, firstPages[unit.direction], clash));
    }
  }

  const result = (name: string, description: string, group: MethodResult['group'], crossFitted: boolean): MethodResult => ({
    name,
    description,
    group,
    crossFitted,
    directions: Object.fromEntries(
      DIRECTIONS.map((direction) => [direction, directionResult(outcomes.get(name)![direction], candidatesOf(context, targetKindOf(direction)).ids.length)]),
    ) as Record<Direction, DirectionResult>,
  });
  const methods = [
    ...LEARNED_VARIANTS.map((variant) => result(variant.name, variant.description, variant.group, true)),
    ...fixed.map(({ recommender, group }) => result(recommender.name, recommender.description, group, false)),
  ];
  const certainty = DIRECTIONS.map((direction) =>
    certaintyOf(direction, outcomes, candidatesOf(context, targetKindOf(direction)).ids.length, mixSeed(seed, DIRECTIONS.indexOf(direction))),
  );
  say('running the vibe panel');
  const recordings = loadRecordingGroups(db);
  const unfitRow = notForFamilies(index.songs, index.model.layout);
  const notForFamiliesSong = (songId: number) => {
    const row = index.songs.rowOf(songId);
    return row >= 0 && unfitRow(row);
  };
  const panels = PANEL_METHODS.map((name) =>
    runVibePanel(db, fixed.find((entry) => entry.recommender.name === name)!.recommender, context, { recordings, notForFamilies: notForFamiliesSong }),
  );
  say('explaining the served first pages');
  const served = fixed.flatMap(({ recommender }) => (recommender instanceof ServedRecommender ? [recommender] : []));
  const unexplained = await countUnexplained(db, index, served, units);
  return {
    methods,
    certainty,
    panels,
    unexplained,
    ranker: { trainingPairs: independent.length, folds: OUTER_FOLDS, foldLambdas: foldFits[0]!.map((fit) => fit.lambda), final, parameters },
    targets: targetChecks(methods, (kind, id) => loadFacts(db, kind, [id])[0]?.label ?? `${kind} #${id}`),
  };
}

interface UnitOutcome {
  readonly unit: QueryUnit;
  /** Rank of the best partner per subset (absent: no partner of that subset). */
  readonly ranks: Partial<Record<Subset, number>>;
  /** The first page as shown (shown-page.ts): what the concentration guard and coverage count. */
  readonly top: readonly number[];
  /** How many of `top` clearly clash with the pick's mood. */
  readonly clashes: number;
  readonly ms: number;
}

function outcome(unit: QueryUnit, scores: ArrayLike<number>, ms: number, firstPage: FirstPage, clash: MoodClashTest): UnitOutcome {
  const ranks: Partial<Record<Subset, number>> = {};
  for (const subset of SUBSETS) {
    const positions = unit.partners.filter((partner) => inSubset(partner.sources, subset)).map((partner) => partner.position);
    if (positions.length > 0) ranks[subset] = rankOf(scores, positions);
  }
  const top = firstPage(scores);
  return { unit, ranks, top, clashes: top.filter((itemId) => clash(unit.direction, unit.queryId, itemId)).length, ms };
}

function inSubset(sources: ReadonlySet<GroundTruthSource>, subset: Subset): boolean {
  return subset === 'independent' ? INDEPENDENT_SOURCES.some((source) => sources.has(source)) : sources.has(subset);
}

/** Queries per direction, one per query item and fold of its films, with every partner's sources. */
function queryUnits(context: EvaluationContext, pairs: readonly GroundTruthPair[], seed: number): QueryUnit[] {
  const units: QueryUnit[] = [];
  for (const direction of DIRECTIONS) {
    const targets = candidatesOf(context, targetKindOf(direction));
    const grouped = new Map<string, { queryId: number; fold: number; partners: Map<number, Set<GroundTruthSource>> }>();
    for (const pair of pairs) {
      const [queryId, partnerId] = direction === 'movie-to-song' ? [pair.movieId, pair.songId] : [pair.songId, pair.movieId];
      const position = targets.indexOf(partnerId);
      if (position < 0) continue;
      const fold = outerFoldOf(pair.movieId, seed);
      const key = `${queryId}:${fold}`;
      const entry = grouped.get(key) ?? { queryId, fold, partners: new Map<number, Set<GroundTruthSource>>() };
      const sources = entry.partners.get(position) ?? new Set<GroundTruthSource>();
      sources.add(pair.source);
      entry.partners.set(position, sources);
      grouped.set(key, entry);
    }
    for (const entry of [...grouped.values()].sort((a, b) => a.queryId - b.queryId || a.fold - b.fold))
      units.push({ direction, queryId: entry.queryId, fold: entry.fold, partners: [...entry.partners].map(([position, sources]) => ({ position, sources })) });
  }
  return units;
}

/**
 * Intervals on the independent pairs, every method on the same resamples. A song → movie query's
 * cluster is its film (the first of them when it has several); a movie → song query is its own.
 */
function certaintyOf(
  direction: Direction,
  outcomes: ReadonlyMap<string, Readonly<Record<Direction, readonly UnitOutcome[]>>>,
  candidates: number,
  seed: number,
): DirectionCertainty {
  const reference = outcomes.get('crossfade')![direction];
  const kept = reference.flatMap((entry, at) => (entry.ranks.independent === undefined ? [] : [at]));
  const clusters = kept.map((at) => {
    const { unit } = reference[at]!;
    return unit.direction === 'movie-to-song'
      ? unit.queryId
      : Math.min(...unit.partners.filter((partner) => inSubset(partner.sources, 'independent')).map((partner) => partner.position));
  });
  const ranks = new Map([...outcomes].map(([name, byDirection]) => [name, kept.map((at) => byDirection[direction][at]!.ranks.independent!)]));
  const statistics = {
    recall50: (sample: readonly number[]) => recallAtK(sample, 50),
    auc: (sample: readonly number[]) => aucOf(sample, candidates),
  };
  return {
    direction,
    queries: kept.length,
    clusters: new Set(clusters).size,
    resamples: BOOTSTRAP_RESAMPLES,
    level: BOOTSTRAP_LEVEL,
    methods: pairedBootstrap(clusters, ranks, 'crossfade', statistics, { resamples: BOOTSTRAP_RESAMPLES, seed, level: BOOTSTRAP_LEVEL }),
  };
}

/** Mean of 1 − (rank − 1)/(candidates − 1) over the queries: 0.5 is chance, 1 puts every partner first. */
function aucOf(ranks: readonly number[], candidates: number): number {
  return ranks.reduce((sum, rank) => sum + 1 - (rank - 1) / Math.max(1, candidates - 1), 0) / Math.max(1, ranks.length);
}

function directionResult(outcomes: readonly UnitOutcome[], candidates: number): DirectionResult {
  const overall = metricsOf(
    outcomes.map((entry) => ({ rank: Math.min(...Object.values(entry.ranks)), top: entry.top, clashes: entry.clashes, ms: entry.ms })),
    candidates,
  );
  const bySource: Partial<Record<Subset, DirectionMetrics>> = {};
  for (const subset of SUBSETS) {
    const rows = outcomes
      .filter((entry) => entry.ranks[subset] !== undefined)
      .map((entry) => ({ rank: entry.ranks[subset]!, top: entry.top, clashes: entry.clashes, ms: entry.ms }));
    if (rows.length > 0) bySource[subset] = metricsOf(rows, candidates);
  }
  return { ...overall, bySource };
}

/** `top`: each query's first page, by item (or recording) id; `clashes`: how many of them clash with the pick's mood, when measured. */
function metricsOf(rows: readonly { rank: number; top: readonly number[]; clashes?: number; ms: number }[], candidates: number): DirectionMetrics {
  const ranks = rows.map((row) => row.rank);
  const lists = rows.map((row) => row.top);
  const covered = coverage(lists, candidates);
  const most = mostRecommended(lists);
  const shown = lists.reduce((sum, list) => sum + list.length, 0);
  const measured = rows.length > 0 && rows.every((row) => row.clashes !== undefined) && shown > 0;
  return {
    queries: ranks.length,
    recall: { 10: recallAtK(ranks, 10), 50: recallAtK(ranks, 50), 100: recallAtK(ranks, 100) },
    mrr: meanReciprocalRank(ranks),
    medianRank: median(ranks),
    auc: aucOf(ranks, candidates),
    candidates,
    coverage: { distinct: covered.distinct, share: covered.share },
    mostRecommendedShare: most.share,
    mostRecommended: { itemId: most.item, lists: most.lists },
    moodClashShare: measured ? rows.reduce((sum, row) => sum + row.clashes!, 0) / shown : null,
    latency: latencySummary(rows.map((row) => row.ms)),
  };
}

/** The targets, on the independent pairs, cross-fitted. */
function targetChecks(methods: readonly MethodResult[], labelOf: (kind: ItemKind, id: number) => string): TargetCheck[] {
  const crossfade = methods.find((method) => method.name === 'crossfade')!;
  const baselines = methods.filter((method) => method.group === 'baseline');
  const headline = (method: MethodResult, direction: Direction) => method.directions[direction].bySource.independent ?? method.directions[direction];
  const checks: TargetCheck[] = [
    { label: 'AUC song → movie', value: headline(crossfade, 'song-to-movie').auc, target: 0.8, met: false },
    { label: 'AUC movie → song', value: headline(crossfade, 'movie-to-song').auc, target: 0.85, met: false },
  ];
  for (const direction of DIRECTIONS) {
    const best = Math.max(...baselines.map((method) => headline(method, direction).recall[50]));
    checks.push({
      label: `Recall@50 ${direction === 'song-to-movie' ? 'song → movie' : 'movie → song'} ≥ 2× the best baseline (${(best * 100).toFixed(1)} %)`,
      value: headline(crossfade, direction).recall[50],
      target: 2 * best,
      met: false,
    });
    const { mostRecommended: most, mostRecommendedShare, queries } = headline(crossfade, direction);
    checks.push({
      label: `most recommended item's share of top-10 lists, ${direction === 'song-to-movie' ? 'song → movie' : 'movie → song'} (at most)`,
      value: mostRecommendedShare,
      target: 0.1,
      met: false,
      ...(most.itemId === null ? {} : { detail: `${labelOf(targetKindOf(direction), most.itemId)}, on ${most.lists} of ${queries} lists` }),
    });
  }
  return checks.map((check) => ({ ...check, met: check.label.includes('at most') ? check.value <= check.target : check.value >= check.target }));
}

/** One method's metrics over a set of pairs (tests and simple uses); the full run is runEvaluation. */
export function evaluateDirection(
  context: EvaluationContext,
  recommender: Recommender,
  pairs: readonly GroundTruthPair[],
  direction: Direction,
): DirectionMetrics {
  const targets = candidatesOf(context, targetKindOf(direction));
  const rows: { rank: number; top: number[]; ms: number }[] = [];
  for (const [queryId, partners] of partnersByQuery(pairs, direction)) {
    const relevant = partners.map((id) => targets.indexOf(id)).filter((position) => position >= 0);
    if (relevant.length === 0) continue;
    const started = performance.now();
    const scores = recommender.scores({ kind: queryKindOf(direction), ids: [queryId] }, targets.kind);
    const top = topK(scores, 10);
    rows.push({ rank: rankOf(scores, relevant), top: top.map((position) => targets.ids[position]!), ms: performance.now() - started });
  }
  return metricsOf(rows, targets.ids.length);
}
