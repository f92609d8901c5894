import { createHash } from 'node:crypto';
import { exactDot, normalizeQuery } from '../engine/index.js';
import type { ConceptKin } from '../features/bridges.js';
import { MOOD_AXES, type ItemFeatures, type MoodAxes } from '../features/types.js';
import { createLayout, type VibeLayout } from './layout.js';
import { applyRidge, fitPca, fitRidge, projectPca, type Pca, type RidgeMap } from './linear.js';
import { loadRankerParameters, type RankerParameters } from './ranker.js';
import { BLOCKS, normaliseWeights, type BlockWeights } from './weights.js';

export interface AxisStats {
  readonly mean: number[];
  readonly std: number[];
  /** Items they were measured on (absent on models built before it was kept). */
  readonly count?: number;
}

/** Everything needed to turn item features into vibe vectors, fitted on the catalog. */
export interface VibeModel {
  /** 2: the learned, era-aware ranker. 1: models built before it, still served until rebuilt. */
  readonly version: 1 | 2;
  readonly layout: VibeLayout;
  /**
   * Weights the stored vectors were scaled with: equal for every block (version 2), so any
   * intent or slider setting is a re-weighting of the query (see reweightQuery).
   */
  readonly weights: BlockWeights;
  /** The learned ranker the model was built with (null for version 1). */
  readonly ranker: RankerParameters | null;
  /**
   * True for models built by the first learned ranker (an era fit by gap alone, whose queries
   * subtract the mean era): they keep being served as built until rebuilt.
   */
  readonly eraCentred?: boolean;
  /**
   * The mean stored vector of each kind, written when a full build has encoded every item;
   * queries subtract it to reduce hubs (see meanProfile's centreKinds). Null before then and on version 1.
   */
  readonly centroids: { readonly song: Float32Array; readonly movie: Float32Array } | null;
  /** Mood axes are standardised per kind, so "happier than the average song" meets "happier than the average movie". */
  readonly moodStats: { readonly song: AxisStats; readonly movie: AxisStats };
  /** PCA of poster embeddings (null when no posters are embedded). */
  readonly pca: Pca | null;
  /** SHA-256 of the poster embeddings the PCA was fitted on (see posterEmbeddingsKey); absent on models built before. */
  readonly posterPcaKey?: string;
  /** Standardised mood -> visual PCA coordinates, learned on movies with posters. */
  readonly ridge: MoodToLook | null;
}

/**
 * Poster PCA components. 26, not 32: with the mood clash block (5 dims) and the content block's
 * aggressive music (1) a vector of a catalog with posters stays at 160 dims, a multiple of the
 * engine's 16 (32 gave 162 with two clash dims, padded to 176: 10 % more scan).
 */
export const VISUAL_DIMS = 26;
const MIN_POSTERS_FOR_VISUAL = 20;

export interface FitInput {
  readonly songs: readonly ItemFeatures[];
  readonly movies: readonly ItemFeatures[];
  /** Mean poster embedding per movie id. */
  readonly posterEmbeddings: ReadonlyMap<number, Float32Array>;
  readonly concepts: readonly string[];
  /** Kindred concepts across songs and films (Bridges.conceptKin); none by default. */
  readonly conceptKin?: readonly ConceptKin[];
  readonly regions: readonly string[];
  /** Default: resources/vibe/ranker.json. */
  readonly ranker?: RankerParameters;
  /** Bridges.digest of the tables the items' features come from (recorded in the layout). */
  readonly tablesDigest?: string;
  /** The previous model: its poster PCA is kept when it was fitted on exactly these embeddings. */
  readonly previous?: Pick<VibeModel, 'pca' | 'posterPcaKey'> | null;
}

/** Every block stored at the same scale; queries carry the weighting. */
const STORAGE_WEIGHTS: BlockWeights = normaliseWeights(Object.fromEntries(BLOCKS.map((block) => [block, 1])) as Record<(typeof BLOCKS)[number], number>);

export function fitVibeModel(input: FitInput): VibeModel {
  const frame = modelFrame(input);
  const movieMoods = moodRows(input.movies);
  return completeVibeModel(
    frame,
    { song: axisStatsOfRows(moodRows(input.songs)), movie: axisStatsOfRows(movieMoods) },
    fitMoodToPoster(
      frame.pca,
      movieMoods,
      Int32Array.from(input.movies, (movie) => movie.itemId),
      posterLooks(frame.pca, input.posterEmbeddings),
    ),
  );
}

/** What a model is before any item is read: its layout, ranker and poster PCA (fitted on the embeddings alone). */
export type ModelFrame = Pick<VibeModel, 'layout' | 'ranker' | 'pca' | 'weights' | 'posterPcaKey'> & { readonly ranker: RankerParameters };

export function modelFrame(input: Omit<FitInput, 'songs' | 'movies'>): ModelFrame {
  const posterPcaKey = posterEmbeddingsKey(input.posterEmbeddings);
  // Fitting is deterministic, so the same embeddings in the same order give this very PCA: a
  // rebuild after importing songs skips refitting it (24 s for 20K posters).
  const previous = input.previous;
  const pca = previous?.pca && previous.posterPcaKey === posterPcaKey ? previous.pca : fitPosterPca(input.posterEmbeddings);
  return {
    layout: createLayout(input.concepts, input.regions, pca?.outputDims ?? 0, input.conceptKin, input.tablesDigest),
    weights: STORAGE_WEIGHTS,
    ranker: input.ranker ?? loadRankerParameters(),
    pca,
    posterPcaKey,
  };
}

/** SHA-256 of the movie ids and embeddings, in the order the PCA reads them. */
function posterEmbeddingsKey(posterEmbeddings: ReadonlyMap<number, Float32Array>): string {
  const hash = createHash('sha256');
  // How the PCA is fitted belongs to the key: a PCA of another width is never kept.
  hash.update(`pca ${VISUAL_DIMS}`);
  const id = Buffer.alloc(8);
  for (const [movieId, embedding] of posterEmbeddings) {
    id.writeDoubleLE(movieId);
    hash.update(id);
    hash.update(new Uint8Array(embedding.buffer, embedding.byteOffset, embedding.byteLength));
  }
  return hash.digest('hex');
}

/** A frame with the fitted mood statistics and mood → poster map: a model that can encode every block. */
export function completeVibeModel(frame: ModelFrame, moodStats: VibeModel['moodStats'], ridge: MoodToLook | null): VibeModel {
  return {
    version: 2,
    layout: frame.layout,
    weights: frame.weights,
    ranker: frame.ranker,
    centroids: null,
    moodStats,
    pca: frame.pca,
    ...(frame.posterPcaKey !== undefined ? { posterPcaKey: frame.posterPcaKey } : {}),
    ridge,
  };
}

function fitPosterPca(posterEmbeddings: ReadonlyMap<number, Float32Array>): Pca | null {
  return posterEmbeddings.size >= MIN_POSTERS_FOR_VISUAL ? fitPca([...posterEmbeddings.values()], VISUAL_DIMS) : null;
}

/**
 * The map from a mood to the poster look it suggests, and how long a film's guessed look is stored
 * (absent on models built before it: 1, full length). A guessed look lies in the few directions a
 * mood can reach, so against a query's look it scores far wider than a real poster does: on the
 * DEV catalog a song's look scored real posters with a spread (standard deviation of the cosine)
 * of 0.26 and guessed looks with 0.55. At full length the guesses took the tops of the lists from
 * the posters — films with a poster held 2 % of the places on "feels the same" song → film first
 * pages against 15 % of the catalog, and The Hobbit (no poster) topped Dancing Queen's at a 0.84
 * poster-look cosine: its mood again, not a look. Stored at the ratio of the spreads, measured on a
 * sample of the posters the map is fitted on (0.46 there), a guess scores as widely as a real poster, so
 * neither crowds the other out: films with a poster now hold 31 % of those places. (Shortened to
 * the mean cosine between a poster's guessed and real look instead, 0.26, they held 60 %.)
 */
interface MoodToLook extends RidgeMap {
  readonly guessLength?: number;
}

/**
 * Standardised mood -> poster PCA coordinates, learned on the movies with a poster (`moods` holds
 * the movies' raw mood axes, MOOD_AXES.length per row, in the order of `movieIds`).
 */
export function fitMoodToPoster(
  pca: Pca | null,
  moods: Float64Array,
  movieIds: Int32Array,
  /** Each poster embedding projected by `pca` (posterLooks). */
  looks: ReadonlyMap<number, Float32Array>,
): MoodToLook | null {
  if (pca === null) return null;
  const stats = axisStatsOfRows(moods);
  const inputs: number[][] = [];
  const outputs: Float32Array[] = [];
  for (let row = 0; row < movieIds.length; row++) {
    const look = looks.get(movieIds[row]!);
    if (!look) continue;
    inputs.push(standardisedMood({ mood: moodOfRow(moods, row) }, stats));
    outputs.push(look);
  }
  if (inputs.length < MIN_POSTERS_FOR_VISUAL) return null;
  const ridge = fitRidge(inputs, outputs, 1);
  // Every n-th poster: the spreads of 200 × 2,000 cosines each (at 20K posters, all of them took 1.5 s).
  const every = (count: number) => Math.ceil(inputs.length / count);
  const targetStep = every(SPREAD_TARGETS);
  const sampled = inputs.flatMap((_, row) => (row % targetStep === 0 ? [row] : []));
  const unit = (look: Float32Array) => normalizeQuery(look, look.length);
  const guesses = sampled.map((row) => unit(applyRidge(ridge, inputs[row]!)));
  const reals = sampled.map((row) => unit(outputs[row]!));
  const queryStep = every(SPREAD_QUERIES);
  const queries = guesses.filter((_, index) => sampled[index]! % queryStep === 0);
  const guessSpread = cosineSpread(queries, guesses);
  return { ...ridge, guessLength: guessSpread > 0 ? Math.min(1, cosineSpread(queries, reals) / guessSpread) : 1 };
}

/** Guessed looks whose cosines with the sampled posters' real and guessed looks measure the two spreads. */
const SPREAD_QUERIES = 200;
const SPREAD_TARGETS = 2000;

/** The standard deviation of every query's cosine with every target (all unit vectors). */
function cosineSpread(queries: readonly Float32Array[], targets: readonly Float32Array[]): number {
  let sum = 0;
  let squares = 0;
  for (const query of queries)
    for (const target of targets) {
      const cosine = exactDot(target, 0, query, query.length);
      sum += cosine;
      squares += cosine * cosine;
    }
  const count = queries.length * targets.length;
  const mean = sum / count;
  return Math.sqrt(Math.max(0, squares / count - mean * mean));
}

/**
 * Each movie's poster embedding projected by the PCA (its visual block before weighting), made once
 * per build: fitting the mood → poster map and completing the movies' rows both need them, and
 * projecting 20K posters twice took 2 s of the build's serial part.
 */
export function posterLooks(pca: Pca | null, posterEmbeddings: ReadonlyMap<number, Float32Array>): Map<number, Float32Array> {
  const looks = new Map<number, Float32Array>();
  if (pca) for (const [movieId, embedding] of posterEmbeddings) looks.set(movieId, projectPca(pca, embedding));
  return looks;
}

const AXES = MOOD_AXES.length;

/** Items' raw mood axes as rows of MOOD_AXES.length values, in item order. */
function moodRows(items: readonly Pick<ItemFeatures, 'mood'>[]): Float64Array {
  const rows = new Float64Array(items.length * AXES);
  items.forEach((item, row) => MOOD_AXES.forEach((axis, index) => (rows[row * AXES + index] = item.mood[axis])));
  return rows;
}

export function moodOfRow(moods: ArrayLike<number>, row: number): MoodAxes {
  const at = row * AXES;
  return Object.fromEntries(MOOD_AXES.map((axis, index) => [axis, moods[at + index]!])) as unknown as MoodAxes;
}

/** Mean and spread of each mood axis over rows of MOOD_AXES.length values (summed in row order). */
export function axisStatsOfRows(moods: Float64Array): AxisStats {
  const count = moods.length / AXES;
  const mean = MOOD_AXES.map((_, index) => {
    if (count === 0) return 0.5;
    let sum = 0;
    for (let row = 0; row < count; row++) sum += moods[row * AXES + index]!;
    return sum / count;
  });
  const std = MOOD_AXES.map((_, index) => {
    if (count < 2) return 0.25;
    let sum = 0;
    for (let row = 0; row < count; row++) sum += (moods[row * AXES + index]! - mean[index]!) ** 2;
    return Math.max(Math.sqrt(sum / (count - 1)), 0.05);
  });
  return { mean, std, count };
}

/** Mood axes as z-scores within the item's kind, clipped to ±3. */
export function standardisedMood(item: Pick<ItemFeatures, 'mood'>, stats: AxisStats): number[] {
  return MOOD_AXES.map((axis, index) => Math.max(-3, Math.min(3, (item.mood[axis] - stats.mean[index]!) / stats.std[index]!)));
}

/** JSON round trip: typed arrays become plain arrays and back. */
export function serialiseModel(model: VibeModel): string {
  return JSON.stringify(model, (_key, value: unknown) => (value instanceof Float64Array || value instanceof Float32Array ? Array.from(value) : value));
}

export function deserialiseModel(json: string): VibeModel {
  const raw = JSON.parse(json) as Omit<VibeModel, 'ranker'> & {
    ranker:
      | (Omit<RankerParameters, 'eraFit' | 'contentFit'> & {
          eraFit: (Omit<RankerParameters['eraFit'], 'undatedFilmDecade'> & { undatedFilmDecade?: number[] }) | number[];
          contentFit?: Omit<RankerParameters['contentFit'], 'aggressiveInFamilyFilm'> & { aggressiveInFamilyFilm?: number };
        })
      | null;
    pca: (Omit<Pca, 'mean' | 'components'> & { mean: number[]; components: number[][] }) | null;
    ridge: (Omit<RidgeMap, 'weights'> & { weights: number[][] }) | null;
    centroids?: { song: number[]; movie: number[] } | null;
  };
  if (raw.version !== 1 && raw.version !== 2) throw new Error(`Unsupported vibe model version ${String(raw.version)}; rebuild the vibe space.`);
  const legacy = raw.version === 1;
  // The first learned ranker stored its era fit as one value per gap bin.
  const gapOnly = raw.ranker !== null && Array.isArray(raw.ranker.eraFit) ? raw.ranker.eraFit : null;
  type StoredEraFit = Omit<RankerParameters['eraFit'], 'undatedFilmDecade'> & { undatedFilmDecade?: number[] };
  const storedFit = raw.ranker === null || gapOnly ? null : (raw.ranker.eraFit as StoredEraFit);
  const ranker: RankerParameters | null =
    raw.ranker === null
      ? null
      : {
          ...raw.ranker,
          // Models built before the undated part have none (nor the era block's place for it). The
          // key order is kept: a build compares the stored ranker with the shipped one as JSON.
          eraFit: storedFit
            ? { ...storedFit, undatedFilmDecade: storedFit.undatedFilmDecade ?? [] }
            : { gap: gapOnly ?? [], songDecade: [], filmDecade: [], undatedFilmDecade: [] },
          // Models built before the content block have none, and before its aggressive part only its explicit one.
          contentFit: { explicit: 0, explicitInFamilyFilm: 0, aggressiveInFamilyFilm: 0, ...raw.ranker.contentFit },
        };
  // Blocks added since a model was built (era in version 2, variety later): an empty one past its
  // last block keeps every loop valid.
  const stored = raw.layout.blocks as Partial<VibeLayout['blocks']>;
  const missing = BLOCKS.filter((block) => stored[block] === undefined);
  const layout = {
    ...raw.layout,
    blocks: { ...raw.layout.blocks, ...Object.fromEntries(missing.map((block) => [block, { offset: raw.layout.dims, dims: 0 }])) },
  };
  const weights = { ...raw.weights, ...Object.fromEntries(missing.map((block) => [block, 0])) };
  return {
    ...raw,
    layout,
    weights,
    ranker: legacy ? null : ranker,
    ...(gapOnly ? { eraCentred: true } : {}),
    centroids: raw.centroids ? { song: Float32Array.from(raw.centroids.song), movie: Float32Array.from(raw.centroids.movie) } : null,
    pca: raw.pca && { ...raw.pca, mean: Float64Array.from(raw.pca.mean), components: raw.pca.components.map((row) => Float64Array.from(row)) },
    ridge: raw.ridge && { ...raw.ridge, weights: raw.ridge.weights.map((row) => Float64Array.from(row)) },
  };
}
