import {
  ERA_BIN_COUNT,
  ERA_DIMS,
  ERA_FEATURE_COUNT,
  eraFitCoefficients,
  eraFitFromCoefficients,
  eraFitScale,
  eraPairFeatures,
  scaleEraFit,
  type EraFit,
} from '../features/era.js';
import { mixSeed, seededRandom } from '../random.js';
import type { VibeIndex } from '../recommend/vibe-index.js';
import { meanProfile, topicDistinctiveness } from '../vibe/profile.js';
import { filmContentFit, type Direction as RankerDirection, type RankerParameters } from '../vibe/ranker.js';
import { FAMILY_GENRES } from '../features/movie-features.js';
import { explicitSongIds } from '../features/explicit-lyrics.js';
import { normaliseWeights, type BlockWeights } from '../vibe/weights.js';
import type { GroundTruthPair } from './ground-truth/types.js';
import { fitLogistic, sampledAuc } from './logistic.js';
import { candidatesOf, queryKindOf, targetKindOf, type Direction, type EvaluationContext, type ItemKind } from './types.js';
import { VibeRecommender } from './vibe-recommender.js';

/**
 * The learned ranker: a small logistic model over pair features that stays a dot product.
 *
 * Features of a (song, film) pair: the cosine of each comparable block (mood, genres and tags,
 * language, poster look), centred on the query side as the app centres queries (and a language
 * weighed by how rare it is among the ranked kind: profile.ts languageInformation), and the era
 * table's features — the share of the song's release era in each gap bin before or after the
 * film, in each release decade, and the film's decade, for dated and for undated songs
 * (src/core/features/era.ts) — and whether
 * the song's lyrics are explicit, for every film and for family and children's films. Block weights
 * may differ per direction (a shared weight plus a per-direction difference, both penalised, so
 * they differ only where the data insist — see PER_DIRECTION); the era table is shared, because
 * it is baked into the films' vectors.
 * Popularity is not learned: it only breaks ties (POPULARITY_SHARE).
 */

const LEARNED_BLOCKS = ['mood', 'genre', 'language', 'visual'] as const;
type LearnedBlock = (typeof LEARNED_BLOCKS)[number];
export const FEATURE_GROUPS = [...LEARNED_BLOCKS, 'era', 'content'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

/** Content features of a pair: explicit lyrics, explicit lyrics in a family film, aggressive music in a family film. */
const CONTENT_FEATURE_COUNT = 3;

/** The popularity block's share of every learned weighting: enough to break ties, too little to put one item everywhere. */
const POPULARITY_SHARE = 0.02;
/**
 * The variety block's share (src/core/vibe/exposure.ts): not learned from pairs, which say nothing
 * about whole lists. On the DEV independent pairs it takes the movie → song share of the most
 * recommended song from 15.5 % to 11.9–13.7 % (as the other blocks changed) for at most 0.001 of AUC
 * (the report's "without variety" row);
 * larger shares (0.5: 17 %), exposure counted per decade, a second pass that measures with the
 * first pass's penalty in place, or a hard cap per item on the sampled lists only promote the next
 * songs in line into the evaluation films' lists. A graded penalty instead of list shares (each
 * item's mean of its 10 or 50 best scores over the sampled queries, as CSLS does for hubs) was worse
 * everywhere: 12.5 % and 13.1 %, AUC 0.735–0.758 song → movie (2026-12-05).
 */
const VARIETY_SHARE = 0.3;
/**
 * The topic block's share (src/core/features/music-topics.ts): a product choice, not learned — the
 * DEV pairs hold a handful of films about a music. It is what a song of the film's music gains,
 * and it must be enough to lift that music into the first page over the era fit, whose largest
 * swing between a song of the film's own time and a 1950s standard is about a quarter of the score
 * (Whiplash, a 2014 film about jazz, then gets jazz; a rock film its rock). The report's "without
 * topic" row shows what it costs on the pairs.
 */
const TOPIC_SHARE = 0.2;
/**
 * The mood clash block's share (src/core/vibe/mood-clash.ts): a product choice, not learned — a
 * song's mood barely predicts its film on real soundtracks (the mood block learns a weight near
 * zero), yet a person reading a bleak film's list should not find happy party songs on it. A full
 * clash on one axis (both items two standard deviations to opposite sides of their kind's typical
 * valence, or energy) costs this share of the score, less than half the topic's: enough to move a
 * clear clash off a first page whose songs the era fit scores alike, not enough to outweigh the
 * era. On the DEV pairs the valence clash alone cost 0.002 of AUC song → movie and nothing movie →
 * song (measured on the same features, 0.05 cost 0.001 and 0.12 cost 0.005); with energy too it
 * adds 0.002 song → movie and costs 0.003 movie → song (the report's "without mood clash" row,
 * 2026-12-07).
 */
const CLASH_SHARE = 0.08;
/**
 * A share of the learned total, for blocks whose share is fixed: their share of the weights
 * without the topic and clash blocks, which a film about no music and a song of no topic, or a pair
 * whose moods do not clash, do not have (their shares are counted the same way, so adding them
 * changed no other block's part).
 */
const fixedShare = (share: number, learnedTotal: number) => (share / (1 - POPULARITY_SHARE - VARIETY_SHARE)) * learnedTotal;
/** The penalties tried by the inner cross-validation. */
const LAMBDAS = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000] as const;
/**
 * Random catalog partners per positive pair. Adding 20 or 60 partners of the same era gap as the
 * true pair (hard negatives, to weigh what tells songs of one era apart) moved weight to mood and
 * genre but lost AUC (0.758 and 0.744 song → movie, 0.883 and 0.859 movie → song, against 0.775 and
 * 0.898) with no gain in Recall@50 or in the most recommended song's share (2026-12-05).
 */
export const NEGATIVES_PER_POSITIVE = 20;
export const OUTER_FOLDS = 5;
const INNER_FOLDS = 4;

export interface RankerFit {
  readonly groups: readonly FeatureGroup[];
  /** Block coefficients per direction (0 for blocks not used). */
  readonly blocks: Readonly<Record<Direction, Readonly<Record<LearnedBlock, number>>>>;
  /** The era table (zeros when era is not used). */
  readonly era: EraFit;
  /** The content fit (zeros when content is not used). */
  readonly content: RankerParameters['contentFit'];
  readonly lambda: number;
  /** The inner cross-validation's mean sampled AUC for each penalty tried. */
  readonly lambdaScores: readonly { readonly lambda: number; readonly auc: number }[];
  readonly samples: number;
}

/** Block cosines and era features of song–film pairs, read from the built vibe index. */
export class PairFeatureSource {
  private readonly cosines: VibeRecommender;
  private readonly songEras = new Map<number, Float32Array | null>();
  private readonly filmYears = new Map<number, number | null>();
  private readonly explicitSongs = new Set<number>();
  private readonly familyFilms = new Set<number>();
  private readonly aggressiveSongs = new Map<number, number>();

  constructor(
    private readonly context: EvaluationContext,
    private readonly index: VibeIndex,
  ) {
    this.cosines = new VibeRecommender(index, { name: 'pair-features', centre: true });
    this.cosines.prepare(context);
    const years = context.db.prepare(`SELECT id, release_year FROM movies`).raw().all() as [number, number | null][];
    for (const [id, year] of years) this.filmYears.set(id, year);
    // The same reading of a song's lyrics as the build's (features/explicit-lyrics.ts), so the fit serves as trained.
    for (const id of explicitSongIds(context.db)) this.explicitSongs.add(id);
    const familyGenres = [...FAMILY_GENRES];
    const family = context.db
      .prepare(
        `SELECT DISTINCT mg.movie_id FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE lower(g.name) IN (${familyGenres.map(() => '?').join(', ')})`,
      )
      .pluck()
      .all(...familyGenres) as number[];
    for (const id of family) this.familyFilms.add(id);
  }

  /** Content features of a pair (CONTENT_FEATURE_COUNT): explicit lyrics, explicit lyrics in a family film, aggressive music in a family film. */
  private contentFeatures(songId: number, movieId: number): [number, number, number] {
    const explicit = this.explicitSongs.has(songId) ? 1 : 0;
    const family = this.familyFilms.has(movieId) ? 1 : 0;
    return [explicit, explicit * family, this.aggressiveMusic(songId) * family];
  }

  /**
   * Whether a song's music is aggressive (1 or 0), as its content block holds it (0 when the index
   * has no place for it). Remembered per song, as its era is: every query asks it of every song,
   * and reading it copies the song's whole row.
   */
  private aggressiveMusic(songId: number): number {
    const known = this.aggressiveSongs.get(songId);
    if (known !== undefined) return known;
    const songs = this.index.of('song');
    const row = songs.rowOf(songId);
    const { offset, dims } = this.index.model.layout.blocks.content;
    const scale = Math.sqrt(this.index.model.weights.content);
    const aggressive = row < 0 || dims < 2 || !(scale > 0) ? 0 : songs.vectorOf(row)[offset + 1]! / scale;
    this.aggressiveSongs.set(songId, aggressive);
    return aggressive;
  }

  filmYear(movieId: number): number | null {
    return this.filmYears.get(movieId) ?? null;
  }

  /** The song's release-era distribution as stored in its era block (null when unknown). */
  songEra(songId: number): Float32Array | null {
    if (this.songEras.has(songId)) return this.songEras.get(songId)!;
    const songs = this.index.of('song');
    const row = songs.rowOf(songId);
    const { offset, dims } = this.index.model.layout.blocks.era;
    let era: Float32Array | null = null;
    if (row >= 0 && dims === ERA_DIMS) {
      const vector = songs.vectorOf(row);
      const scale = Math.sqrt(this.index.model.weights.era);
      const values = Float32Array.from(vector.subarray(offset, offset + ERA_BIN_COUNT), (value) => value / scale);
      if (values.some((value) => value > 0)) era = values;
    }
    this.songEras.set(songId, era);
    return era;
  }

  /**
   * Cosines of one pair, with the query side built as the app builds a query of one pick (null
   * when either item is not indexed): song → movie subtracts the songs' mean from the song, movie →
   * song the movies' mean from the film.
   */
  pair(
    songId: number,
    movieId: number,
    direction: Direction,
  ): { cos: Record<LearnedBlock, number>; era: Float64Array; content: [number, number, number] } | null {
    const song = this.vector('song', songId);
    const movie = this.vector('movie', movieId);
    if (!song || !movie) return null;
    const { model } = this.index;
    const [query, item, queryKind] = direction === 'song-to-movie' ? [song, movie, 'song' as const] : [movie, song, 'movie' as const];
    // The query side exactly as the app builds it from one pick (centred, language weighed, kindred concepts reached).
    const profile = meanProfile([query], model, { centreKinds: [queryKind], targetKind: targetKindOf(direction) });
    const cos = {} as Record<LearnedBlock, number>;
    for (const block of LEARNED_BLOCKS) {
      const { offset, dims } = model.layout.blocks[block];
      let dot = 0;
      for (let index = offset; index < offset + dims; index++) dot += profile[index]! * item[index]!;
      cos[block] = model.weights[block] > 0 ? dot / model.weights[block] : 0;
    }
    return { cos, era: eraPairFeatures(this.songEra(songId), this.filmYear(movieId)), content: this.contentFeatures(songId, movieId) };
  }

  /** For one query item, the features of every candidate of the other kind. */
  query(direction: Direction, queryId: number): QueryFeatures {
    const queryKind = queryKindOf(direction);
    const targetKind = targetKindOf(direction);
    const all = this.cosines.blockCosines({ kind: queryKind, ids: [queryId] }, targetKind);
    const cos = Object.fromEntries(
      [...LEARNED_BLOCKS, 'popularity'].map((block) => [block, all[block as LearnedBlock | 'popularity']]),
    ) as QueryFeatures['cos'];
    const candidates = candidatesOf(this.context, targetKind);
    const era = new Float64Array(candidates.ids.length * ERA_FEATURE_COUNT);
    const content = new Float64Array(candidates.ids.length * CONTENT_FEATURE_COUNT);
    candidates.ids.forEach((id, position) => {
      const songEra = queryKind === 'song' ? this.songEra(queryId) : this.songEra(id);
      const filmYear = queryKind === 'song' ? this.filmYear(id) : this.filmYear(queryId);
      era.set(eraPairFeatures(songEra, filmYear), position * ERA_FEATURE_COUNT);
      content.set(queryKind === 'song' ? this.contentFeatures(queryId, id) : this.contentFeatures(id, queryId), position * CONTENT_FEATURE_COUNT);
    });
    const { offset } = this.index.model.layout.blocks.variety;
    const stored = Math.sqrt(this.index.model.weights.variety);
    const target = this.index.of(targetKind);
    const variety = Float64Array.from(candidates.ids, (id) => {
      const row = target.rowOf(id);
      return row >= 0 && stored > 0 ? target.vectorOf(row)[offset]! / stored : 0;
    });
    return {
      cos,
      era,
      content,
      variety,
      // A song's music leads to films about it as served queries weigh it (profile.ts).
      topic: this.fixedBlockMatches('topic', queryKind, queryId, candidates.ids, queryKind === 'song' ? topicDistinctiveness(this.index.model) : null),
      clash: this.fixedBlockMatches('clash', queryKind, queryId, candidates.ids, null),
    };
  }

  /**
   * A cross-kind block of fixed share (topic, clash): the query item's block against each
   * candidate's, as the served vectors hold them, without the block's weight. `queryScale` scales
   * the query's dims as served queries do.
   */
  private fixedBlockMatches(
    block: 'topic' | 'clash',
    queryKind: ItemKind,
    queryId: number,
    candidates: ArrayLike<number>,
    queryScale: ArrayLike<number> | null,
  ): Float64Array {
    const { offset, dims } = this.index.model.layout.blocks[block];
    const stored = this.index.model.weights[block];
    const query = this.vector(queryKind, queryId);
    const target = this.index.of(queryKind === 'song' ? 'movie' : 'song');
    const matches = new Float64Array(candidates.length);
    if (!query || dims === 0 || !(stored > 0)) return matches;
    const weighted = Float64Array.from({ length: dims }, (_, index) => query[offset + index]! * (queryScale?.[index] ?? 1));
    if (weighted.every((value) => value === 0)) return matches;
    for (let position = 0; position < candidates.length; position++) {
      const row = target.rowOf(candidates[position]!);
      if (row < 0) continue;
      const vector = target.vectorOf(row);
      let sum = 0;
      for (let index = 0; index < dims; index++) sum += weighted[index]! * vector[offset + index]!;
      matches[position] = sum / stored;
    }
    return matches;
  }

  private vector(kind: ItemKind, id: number): Float32Array | null {
    const index = this.index.of(kind);
    const row = index.rowOf(id);
    return row >= 0 ? index.vectorOf(row) : null;
  }
}

export interface QueryFeatures {
  readonly cos: Readonly<Record<LearnedBlock | 'popularity', Float64Array>>;
  /** Minus each candidate's exposure (its variety block): the fixed-share penalty on items that top many lists. */
  readonly variety: Float64Array;
  /** How much of the music the film is about each candidate pair shares (the topic block, without its weight). */
  readonly topic: Float64Array;
  /** Minus how clearly each candidate's mood is opposite the query's (the clash block, without its weight). */
  readonly clash: Float64Array;
  /** Candidates × ERA_FEATURE_COUNT. */
  readonly era: Float64Array;
  /** Candidates × CONTENT_FEATURE_COUNT: explicit lyrics, explicit lyrics in a family film, aggressive music in a family film. */
  readonly content: Float64Array;
}

/** Scores of every candidate under a fit, from PairFeatureSource.query's features, with popularity, variety, topic and clash at their fixed shares. */
export function scoreCandidates(
  fit: RankerFit,
  direction: Direction,
  features: QueryFeatures,
  options: { readonly variety: boolean; readonly topic: boolean; readonly clash: boolean },
): Float64Array {
  const length = features.cos.mood.length;
  const scores = new Float64Array(length);
  const weights = fit.blocks[direction];
  for (const block of LEARNED_BLOCKS) {
    const weight = weights[block];
    if (weight === 0) continue;
    const values = features.cos[block];
    for (let index = 0; index < length; index++) scores[index]! += weight * (Number.isNaN(values[index]!) ? 0 : values[index]!);
  }
  const eraScale = eraFitScale(fit.era);
  const total = LEARNED_BLOCKS.reduce((sum, block) => sum + weights[block], 0) + eraScale + contentScale(fit.content);
  const popularity = fixedShare(POPULARITY_SHARE, total);
  const variety = options.variety ? fixedShare(VARIETY_SHARE, total) : 0;
  const topic = options.topic ? fixedShare(TOPIC_SHARE, total) : 0;
  const clash = options.clash ? fixedShare(CLASH_SHARE, total) : 0;
  for (let index = 0; index < length; index++)
    scores[index]! +=
      popularity * (features.cos.popularity[index] || 0) + variety * features.variety[index]! + topic * features.topic[index]! + clash * features.clash[index]!;
  if (fit.groups.includes('content'))
    for (let index = 0; index < length; index++) {
      const at = index * CONTENT_FEATURE_COUNT;
      scores[index]! +=
        fit.content.explicit * features.content[at]! +
        fit.content.explicitInFamilyFilm * features.content[at + 1]! +
        fit.content.aggressiveInFamilyFilm * features.content[at + 2]!;
    }
  if (fit.groups.includes('era')) {
    const era = eraFitCoefficients(fit.era);
    for (let index = 0; index < length; index++) {
      let sum = 0;
      for (let column = 0; column < ERA_FEATURE_COUNT; column++) sum += era[column]! * features.era[index * ERA_FEATURE_COUNT + column]!;
      scores[index]! += sum;
    }
  }
  // Not indexed → cannot score (NaN ranks last).
  for (let index = 0; index < length; index++) if (Number.isNaN(features.cos.mood[index]!)) scores[index] = Number.NaN;
  return scores;
}

interface Samples {
  readonly features: Float64Array;
  readonly labels: Float64Array;
  readonly directions: Uint8Array;
  readonly movies: Int32Array;
  readonly width: number;
}

/**
 * Whether block weights may differ per direction (a shared weight plus penalised per-direction
 * differences). Measured on the DEV pairs, cross-fitted: shared weights did as well or better in
 * both directions (AUC 0.659 / 0.753 against 0.658 / 0.744) with half the block parameters, so
 * the shipped ranker shares them; the era fit is always shared.
 */
const PER_DIRECTION = false;

/** Column layout of a fit's design matrix. */
function layoutOf(groups: readonly FeatureGroup[]) {
  const blocks = LEARNED_BLOCKS.filter((block) => groups.includes(block));
  const era = groups.includes('era');
  const content = groups.includes('content');
  // shared block cosines, era bins, content, then the per-direction differences of the block weights
  const contentStart = blocks.length + (era ? ERA_FEATURE_COUNT : 0);
  const deltaStart = contentStart + (content ? CONTENT_FEATURE_COUNT : 0);
  const width = deltaStart + (PER_DIRECTION ? 2 * blocks.length : 0);
  return { blocks, era, content, contentStart, deltaStart, width };
}

/** Positive pairs in both directions, each with NEGATIVES_PER_POSITIVE random catalog partners. */
export function trainingSamples(
  source: PairFeatureSource,
  context: EvaluationContext,
  pairs: readonly GroundTruthPair[],
  groups: readonly FeatureGroup[],
  seed: number,
): Samples {
  const { blocks, era, content, contentStart, deltaStart, width } = layoutOf(groups);
  const rows: { values: Float64Array; label: number; direction: number; movie: number }[] = [];
  const push = (songId: number, movieId: number, label: number, direction: number, queryMovie: number) => {
    const features = source.pair(songId, movieId, direction === 0 ? 'song-to-movie' : 'movie-to-song');
    if (!features) return;
    const values = new Float64Array(width);
    blocks.forEach((block, index) => {
      values[index] = features.cos[block];
      if (PER_DIRECTION) values[deltaStart + direction * blocks.length + index] = features.cos[block];
    });
    if (era) values.set(features.era, blocks.length);
    if (content) values.set(features.content, contentStart);
    rows.push({ values, label, direction, movie: queryMovie });
  };
  const random = seededRandom(mixSeed(seed, pairs.length));
  const songs = context.songs.ids;
  const movies = context.movies.ids;
  for (const pair of pairs) {
    push(pair.songId, pair.movieId, 1, 0, pair.movieId);
    for (let n = 0; n < NEGATIVES_PER_POSITIVE; n++) push(pair.songId, movies[Math.floor(random() * movies.length)]!, 0, 0, pair.movieId);
    push(pair.songId, pair.movieId, 1, 1, pair.movieId);
    for (let n = 0; n < NEGATIVES_PER_POSITIVE; n++) push(songs[Math.floor(random() * songs.length)]!, pair.movieId, 0, 1, pair.movieId);
  }
  const features = new Float64Array(rows.length * width);
  rows.forEach((row, index) => features.set(row.values, index * width));
  return {
    features,
    labels: Float64Array.from(rows, (row) => row.label),
    directions: Uint8Array.from(rows, (row) => row.direction),
    movies: Int32Array.from(rows, (row) => row.movie),
    width,
  };
}

/** Fits with the penalty chosen by inner cross-validation over movies. */
export function fitRanker(rawSamples: Samples, groups: readonly FeatureGroup[], seed: number): RankerFit {
  // The penalty sees every feature in units of its spread (see standardised).
  const scales = columnScales(rawSamples);
  const samples = standardised(rawSamples, scales);
  const fold = (movie: number) => mixSeed(seed, movie, 17) % INNER_FOLDS;
  const lambdaScores = LAMBDAS.map((lambda) => {
    const aucs: number[] = [];
    for (let held = 0; held < INNER_FOLDS; held++) {
      const train = subset(samples, (index) => fold(samples.movies[index]!) !== held);
      const test = subset(samples, (index) => fold(samples.movies[index]!) === held);
      if (test.labels.length === 0 || train.labels.length === 0) continue;
      const fit = fitLogistic(train.features, train.labels, samples.width, { lambda });
      for (const direction of [0, 1]) {
        const inDirection = subset(test, (index) => test.directions[index] === direction);
        aucs.push(sampledAuc(linearScores(inDirection, fit.coefficients), inDirection.labels));
      }
    }
    return { lambda, auc: aucs.reduce((sum, value) => sum + value, 0) / Math.max(1, aucs.length) };
  });
  // The best mean AUC; among near-ties (within 0.002) the stronger penalty, which generalises better.
  const best = Math.max(...lambdaScores.map((entry) => entry.auc));
  const lambda = Math.max(...lambdaScores.filter((entry) => entry.auc >= best - 0.002).map((entry) => entry.lambda));
  const fit = fitLogistic(samples.features, samples.labels, samples.width, { lambda });
  const coefficients = Float64Array.from(fit.coefficients, (value, column) => value / scales[column]!);
  return { ...fromCoefficients(coefficients, groups), lambda, lambdaScores, samples: samples.labels.length };
}

/**
 * Each column's standard deviation over the samples (1 for a constant column). The features live
 * on different scales (block cosines of a few hundredths, era shares up to 1), and an L2 penalty
 * on raw coefficients shrinks a feature of small spread far more than one of large spread for the
 * same effect on the score: it held genre at 0.05 of the weights. Fitted on features divided by
 * their spread (coefficients divided back), every feature is penalised alike. On the DEV
 * independent pairs, cross-fitted, this lifted AUC from 0.775 / 0.898 to 0.782 / 0.908 and
 * Recall@50 from 1.5 % / 4.8 % to 3.5 % / 6.0 % (song → movie / movie → song; 3.0 % / 5.4 % while
 * the index's exposure was still measured with the previous weights), the inner cross-validation
 * choosing a stronger penalty (100–300 instead of 10) (2026-12-05).
 */
function columnScales(samples: Samples): Float64Array {
  const { width } = samples;
  const count = samples.labels.length;
  const scales = new Float64Array(width);
  for (let column = 0; column < width; column++) {
    let sum = 0;
    let squares = 0;
    for (let row = 0; row < count; row++) {
      const value = samples.features[row * width + column]!;
      sum += value;
      squares += value * value;
    }
    const mean = sum / count;
    const sd = Math.sqrt(Math.max(0, squares / count - mean * mean));
    scales[column] = sd > 1e-9 ? sd : 1;
  }
  return scales;
}

function standardised(samples: Samples, scales: Float64Array): Samples {
  const features = Float64Array.from(samples.features, (value, index) => value / scales[index % samples.width]!);
  return { ...samples, features };
}

function fromCoefficients(coefficients: Float64Array, groups: readonly FeatureGroup[]): Omit<RankerFit, 'lambda' | 'lambdaScores' | 'samples'> {
  const { blocks, era, content, contentStart, deltaStart } = layoutOf(groups);
  const perDirection = (direction: number) =>
    Object.fromEntries(
      LEARNED_BLOCKS.map((block) => {
        const index = blocks.indexOf(block);
        // A block may add to the score or be ignored, never reward dissimilarity.
        const delta = PER_DIRECTION ? coefficients[deltaStart + direction * blocks.length + index]! : 0;
        return [block, index < 0 ? 0 : Math.max(0, coefficients[index]! + delta)];
      }),
    ) as Record<LearnedBlock, number>;
  return {
    groups,
    blocks: { 'song-to-movie': perDirection(0), 'movie-to-song': perDirection(1) },
    era: eraFitFromCoefficients(era ? coefficients.slice(blocks.length, blocks.length + ERA_FEATURE_COUNT) : []),
    content: content
      ? {
          explicit: coefficients[contentStart]!,
          explicitInFamilyFilm: coefficients[contentStart + 1]!,
          // Aggressive music may keep a family film's songs out, never bring them in.
          aggressiveInFamilyFilm: Math.min(0, coefficients[contentStart + 2]!),
        }
      : { explicit: 0, explicitInFamilyFilm: 0, aggressiveInFamilyFilm: 0 },
  };
}

function linearScores(samples: Samples, coefficients: Float64Array): Float64Array {
  const scores = new Float64Array(samples.labels.length);
  for (let sample = 0; sample < scores.length; sample++) {
    let sum = 0;
    for (let j = 0; j < samples.width; j++) sum += coefficients[j]! * samples.features[sample * samples.width + j]!;
    scores[sample] = sum;
  }
  return scores;
}

function subset(samples: Samples, keep: (index: number) => boolean): Samples {
  const indices: number[] = [];
  for (let index = 0; index < samples.labels.length; index++) if (keep(index)) indices.push(index);
  const features = new Float64Array(indices.length * samples.width);
  indices.forEach((source, target) => features.set(samples.features.subarray(source * samples.width, (source + 1) * samples.width), target * samples.width));
  return {
    features,
    labels: Float64Array.from(indices, (index) => samples.labels[index]!),
    directions: Uint8Array.from(indices, (index) => samples.directions[index]!),
    movies: Int32Array.from(indices, (index) => samples.movies[index]!),
    width: samples.width,
  };
}

/** Which outer fold a movie's pairs belong to (pairs are split by movie). */
export function outerFoldOf(movieId: number, seed: number): number {
  return mixSeed(seed, movieId, 91) % OUTER_FOLDS;
}

/**
 * The shipped form of a fit: per-direction block weights summing to 1 (popularity, variety, topic
 * and clash at their fixed shares) and the era table scaled to a largest magnitude of 1, its scale moved into
 * the era weight. The served score is the fitted one divided by a positive constant per direction.
 */
export function rankerParameters(fit: RankerFit, source: RankerParameters['source'], defaultIntent: RankerParameters['defaultIntent']): RankerParameters {
  const eraScale = eraFitScale(fit.era);
  const eraFit = scaleEraFit(fit.era, eraScale > 0 ? 1 / eraScale : 0, round);
  const direction = (d: RankerDirection): BlockWeights => {
    const raw = { ...fit.blocks[d], era: eraScale, content: contentScale(fit.content) };
    const total = raw.mood + raw.genre + raw.language + raw.visual + raw.era + raw.content;
    const weights = normaliseWeights(
      total > 0
        ? {
            ...raw,
            popularity: fixedShare(POPULARITY_SHARE, total),
            variety: fixedShare(VARIETY_SHARE, total),
            topic: fixedShare(TOPIC_SHARE, total),
            clash: fixedShare(CLASH_SHARE, total),
          }
        : { popularity: 1 },
    );
    return Object.fromEntries(Object.entries(weights).map(([block, value]) => [block, round(value)])) as unknown as BlockWeights;
  };
  const scale = contentScale(fit.content);
  const contentFit = {
    explicit: scale > 0 ? round(fit.content.explicit / scale) : 0,
    explicitInFamilyFilm: scale > 0 ? round(fit.content.explicitInFamilyFilm / scale) : 0,
    aggressiveInFamilyFilm: scale > 0 ? round(fit.content.aggressiveInFamilyFilm / scale) : 0,
  };
  return {
    source,
    eraFit,
    contentFit,
    soundtrack: { 'song-to-movie': direction('song-to-movie'), 'movie-to-song': direction('movie-to-song') },
    defaultIntent,
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** The largest magnitude of a film's side of the content block (a film in general, a family film). */
function contentScale(fit: RankerParameters['contentFit']): number {
  return Math.max(...[false, true].flatMap((family) => filmContentFit(fit, family).map(Math.abs)));
}
