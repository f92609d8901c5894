import { MOOD_AXES, type ItemFeatures } from '../features/types.js';
import { createLayout, type VibeLayout } from './layout.js';
import { fitPca, fitRidge, projectPca, type Pca, type RidgeMap } from './linear.js';
import { loadRankerParameters, type RankerParameters } from './ranker.js';
import { BLOCKS, normaliseWeights, type BlockWeights } from './weights.js';

export interface AxisStats {
  readonly mean: number[];
  readonly std: number[];
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
  /** Standardised mood -> visual PCA coordinates, learned on movies with posters. */
  readonly ridge: RidgeMap | null;
}

export const VISUAL_DIMS = 32;
const MIN_POSTERS_FOR_VISUAL = 20;

export interface FitInput {
  readonly songs: readonly ItemFeatures[];
  readonly movies: readonly ItemFeatures[];
  /** Mean poster embedding per movie id. */
  readonly posterEmbeddings: ReadonlyMap<number, Float32Array>;
  readonly concepts: readonly string[];
  readonly regions: readonly string[];
  /** Default: resources/vibe/ranker.json. */
  readonly ranker?: RankerParameters;
}

/** Every block stored at the same scale; queries carry the weighting. */
const STORAGE_WEIGHTS: BlockWeights = normaliseWeights(Object.fromEntries(BLOCKS.map((block) => [block, 1])) as Record<(typeof BLOCKS)[number], number>);

export function fitVibeModel(input: FitInput): VibeModel {
  const moodStats = { song: axisStats(input.songs), movie: axisStats(input.movies) };
  let pca: Pca | null = null;
  let ridge: RidgeMap | null = null;
  if (input.posterEmbeddings.size >= MIN_POSTERS_FOR_VISUAL) {
    pca = fitPca([...input.posterEmbeddings.values()], VISUAL_DIMS);
    const inputs: number[][] = [];
    const outputs: Float32Array[] = [];
    for (const movie of input.movies) {
      const embedding = input.posterEmbeddings.get(movie.itemId);
      if (!embedding) continue;
      inputs.push(standardisedMood(movie, moodStats.movie));
      outputs.push(projectPca(pca, embedding));
    }
    if (inputs.length >= MIN_POSTERS_FOR_VISUAL) ridge = fitRidge(inputs, outputs, 1);
  }
  const visualDims = pca?.outputDims ?? 0;
  return {
    version: 2,
    layout: createLayout(input.concepts, input.regions, visualDims),
    weights: STORAGE_WEIGHTS,
    ranker: input.ranker ?? loadRankerParameters(),
    centroids: null,
    moodStats,
    pca,
    ridge,
  };
}

export function axisStats(items: readonly ItemFeatures[]): AxisStats {
  const mean = MOOD_AXES.map((axis) => (items.length === 0 ? 0.5 : items.reduce((sum, item) => sum + item.mood[axis], 0) / items.length));
  const std = MOOD_AXES.map((axis, index) => {
    if (items.length < 2) return 0.25;
    const variance = items.reduce((sum, item) => sum + (item.mood[axis] - mean[index]!) ** 2, 0) / (items.length - 1);
    return Math.max(Math.sqrt(variance), 0.05);
  });
  return { mean, std };
}

/** Mood axes as z-scores within the item's kind, clipped to ±3. */
export function standardisedMood(item: ItemFeatures, stats: AxisStats): number[] {
  return MOOD_AXES.map((axis, index) => Math.max(-3, Math.min(3, (item.mood[axis] - stats.mean[index]!) / stats.std[index]!)));
}

/** JSON round trip: typed arrays become plain arrays and back. */
export function serialiseModel(model: VibeModel): string {
  return JSON.stringify(model, (_key, value: unknown) => (value instanceof Float64Array || value instanceof Float32Array ? Array.from(value) : value));
}

export function deserialiseModel(json: string): VibeModel {
  const raw = JSON.parse(json) as Omit<VibeModel, 'ranker'> & {
    ranker:
      (Omit<RankerParameters, 'eraFit' | 'contentFit'> & { eraFit: RankerParameters['eraFit'] | number[]; contentFit?: RankerParameters['contentFit'] }) | null;
    pca: (Omit<Pca, 'mean' | 'components'> & { mean: number[]; components: number[][] }) | null;
    ridge: (Omit<RidgeMap, 'weights'> & { weights: number[][] }) | null;
    centroids?: { song: number[]; movie: number[] } | null;
  };
  if (raw.version !== 1 && raw.version !== 2) throw new Error(`Unsupported vibe model version ${String(raw.version)}; rebuild the vibe space.`);
  const legacy = raw.version === 1;
  // The first learned ranker stored its era fit as one value per gap bin.
  const gapOnly = raw.ranker !== null && Array.isArray(raw.ranker.eraFit) ? raw.ranker.eraFit : null;
  const ranker: RankerParameters | null =
    raw.ranker === null
      ? null
      : {
          ...raw.ranker,
          eraFit: gapOnly ? { gap: gapOnly, songDecade: [], filmDecade: [] } : (raw.ranker.eraFit as RankerParameters['eraFit']),
          // Models built before the content block have none.
          contentFit: raw.ranker.contentFit ?? { explicit: 0, explicitInFamilyFilm: 0 },
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
