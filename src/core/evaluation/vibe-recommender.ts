import type { Intent } from '../../shared/recommend-schemas.js';
import { reweightQuery } from '../vibe/encode.js';
import { meanProfile } from '../vibe/profile.js';
import { directionOf, intentWeights } from '../vibe/ranker.js';
import { BLOCKS, normaliseWeights, type BlockName, type BlockWeights } from '../vibe/weights.js';
import type { VibeIndex } from '../recommend/vibe-index.js';
import { candidatesOf, type EvaluationContext, type ItemKind, type Query, type Recommender } from './types.js';

/**
 * Crossfade itself behind the evaluation's Recommender interface: the mean profile of the picks
 * in the built vibe space, scored against every candidate with the given block weights.
 *
 * Stored vectors hold each block as sqrt(w)·unit, so a block's dot product with a profile is
 * w·cos. blockCosines() returns the cosines per block once per query; any weighting is then a
 * weighted sum, which is what makes the ablations and the weight search cheap (no re-encoding).
 */
export class VibeRecommender implements Recommender {
  readonly name: string;
  readonly description: string;
  /** The weights this recommender scores with (the model's, overridden by the options). */
  readonly weights: BlockWeights;
  /** Per kind: for each candidate position, its row in the index matrix (-1: not indexed). */
  private rowsOf: ReadonlyMap<ItemKind, Int32Array> = new Map();
  private context: EvaluationContext | null = null;

  constructor(
    private readonly index: VibeIndex,
    private readonly options: { name?: string; description?: string; weights?: Partial<BlockWeights>; centre?: boolean } = {},
  ) {
    this.weights = normaliseWeights({ ...index.model.weights, ...options.weights });
    this.name = options.name ?? 'crossfade';
    this.description = options.description ?? `Crossfade's vibe space (weights ${formatWeights(this.weights)}).`;
  }

  prepare(context: EvaluationContext): void {
    this.context = context;
    this.rowsOf = candidateRows(this.index, context);
  }

  scores(query: Query, targetKind: ItemKind): Float64Array {
    const cosines = this.blockCosines(query, targetKind);
    return combine(cosines, this.weights);
  }

  /** The cosine of each block between the picks' profile and every candidate (NaN: not indexed). */
  blockCosines(query: Query, targetKind: ItemKind): Record<BlockName, Float64Array> {
    if (!this.context) throw new Error(`${this.name}: prepare() first.`);
    const { model } = this.index;
    const vectors = pickVectors(this.index, query);
    const rows = this.rowsOf.get(targetKind)!;
    const result = {} as Record<BlockName, Float64Array>;
    for (const block of BLOCKS) result[block] = new Float64Array(rows.length).fill(Number.NaN);
    if (vectors.length === 0) return result;
    const profile = meanProfile(vectors, model, this.options.centre ? { centreKinds: vectors.map(() => query.kind), targetKind } : {});
    const { data, dims } = this.index.of(targetKind).engine.matrix;
    for (const block of BLOCKS) {
      const { offset, dims: width } = model.layout.blocks[block];
      const stored = model.weights[block];
      const out = result[block];
      for (let position = 0; position < rows.length; position++) {
        const row = rows[position]!;
        if (row < 0) continue;
        let dot = 0;
        const base = row * dims + offset;
        for (let d = 0; d < width; d++) dot += profile[offset + d]! * data[base + d]!;
        out[position] = stored > 0 ? dot / stored : 0;
      }
    }
    return result;
  }
}

/** Σ weight × block cosine for every candidate. */
export function combine(cosines: Record<BlockName, Float64Array>, weights: BlockWeights): Float64Array {
  const length = cosines.mood.length;
  const scores = new Float64Array(length);
  for (const block of BLOCKS) {
    const weight = weights[block];
    if (weight === 0) continue;
    const values = cosines[block];
    for (let index = 0; index < length; index++) scores[index]! += weight * values[index]!;
  }
  return scores;
}

export function formatWeights(weights: BlockWeights): string {
  return BLOCKS.map((block) => `${block} ${weights[block].toFixed(2)}`).join(', ');
}

/**
 * Crossfade exactly as the app serves it: the picks' profile (era from picks of the other kind),
 * re-weighted for an intent (per direction for the learned one) and scored against every stored
 * vector through the same dot product the engine ranks by.
 */
export class ServedRecommender implements Recommender {
  readonly name: string;
  readonly description: string;
  private rowsOf: ReadonlyMap<ItemKind, Int32Array> = new Map();

  constructor(
    private readonly index: VibeIndex,
    private readonly options: { readonly name: string; readonly description: string; readonly intent: Intent; readonly weights?: Partial<BlockWeights> },
  ) {
    this.name = options.name;
    this.description = options.description;
  }

  prepare(context: EvaluationContext): void {
    this.rowsOf = candidateRows(this.index, context);
  }

  /** The intent and weight overrides it serves, as a recommend request names them. */
  get served(): { readonly intent: Intent; readonly weights?: Partial<BlockWeights> } {
    return { intent: this.options.intent, ...(this.options.weights ? { weights: this.options.weights } : {}) };
  }

  /** The weights a query of these kinds is scored with. */
  weightsFor(queryKind: ItemKind, targetKind: ItemKind): BlockWeights {
    const { model } = this.index;
    const base = model.ranker ? intentWeights(model.ranker, this.options.intent, directionOf([queryKind], targetKind)) : model.weights;
    return normaliseWeights({ ...base, ...this.options.weights });
  }

  scores(query: Query, targetKind: ItemKind): Float64Array {
    const rows = this.rowsOf.get(targetKind);
    if (!rows) throw new Error(`${this.name}: prepare() first.`);
    const { model } = this.index;
    const vectors = pickVectors(this.index, query);
    const scores = new Float64Array(rows.length).fill(Number.NaN);
    if (vectors.length === 0) return scores;
    const profile = meanProfile(vectors, model, {
      eraFrom: vectors.map(() => query.kind !== targetKind),
      centreKinds: vectors.map(() => query.kind),
      targetKind,
    });
    const vector = reweightQuery(profile, model, this.weightsFor(query.kind, targetKind));
    const { data, dims } = this.index.of(targetKind).engine.matrix;
    for (let position = 0; position < rows.length; position++) {
      const row = rows[position]!;
      if (row < 0) continue;
      let dot = 0;
      const base = row * dims;
      for (let d = 0; d < dims; d++) dot += vector[d]! * data[base + d]!;
      scores[position] = dot;
    }
    return scores;
  }
}

/** The stored vectors of a query's picks that are in the index. */
function pickVectors(index: VibeIndex, query: Query): Float32Array[] {
  const picks = index.of(query.kind);
  return query.ids
    .map((id) => picks.rowOf(id))
    .filter((row) => row >= 0)
    .map((row) => picks.vectorOf(row));
}

/** Per kind: for each candidate position, its row in the index matrix (-1: not indexed). */
function candidateRows(index: VibeIndex, context: EvaluationContext): Map<ItemKind, Int32Array> {
  return new Map(
    (['song', 'movie'] as const).map((kind) => {
      const target = index.of(kind);
      return [kind, Int32Array.from(candidatesOf(context, kind).ids, (id) => target.rowOf(id))];
    }),
  );
}
