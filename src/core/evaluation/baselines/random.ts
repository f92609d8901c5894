import { mixSeed, seededRandom } from '../../random.js';
import { candidatesOf, type EvaluationContext, type ItemKind, type Query, type Recommender } from '../types.js';

/**
 * The floor every method must beat: independent uniform scores. Seeded by the run seed, the
 * target kind and the query ids, so the same query always gets the same "random" list and a run
 * can be repeated exactly. Expected Recall@k is k / catalog size and the expected median rank is
 * about half the catalog.
 */
export class RandomRecommender implements Recommender {
  readonly name = 'random';
  readonly description = 'Uniform random scores, seeded per query (the chance level).';
  private context: EvaluationContext | null = null;

  prepare(context: EvaluationContext): void {
    this.context = context;
  }

  scores(query: Query, targetKind: ItemKind): Float64Array {
    const context = requireContext(this.context, this.name);
    const size = candidatesOf(context, targetKind).ids.length;
    const random = seededRandom(mixSeed(context.seed, targetKind === 'song' ? 1 : 2, ...query.ids));
    const scores = new Float64Array(size);
    for (let index = 0; index < size; index++) scores[index] = random();
    return scores;
  }
}

export function requireContext(context: EvaluationContext | null, name: string): EvaluationContext {
  if (!context) throw new Error(`${name}: call prepare() before scores().`);
  return context;
}
