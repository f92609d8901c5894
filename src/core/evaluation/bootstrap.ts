import { seededRandom } from '../random.js';

/**
 * How sure the evaluation's numbers are. The headline pairs are a few hundred queries, so one hit
 * more or less moves Recall@50 by half a point: a method that "wins" by one or two hits may have
 * won by chance. A percentile bootstrap resamples the queries many times and recomputes every
 * method's statistic on the same resample, which gives each value an interval and each method's
 * difference from a reference (paired: both are measured on the same queries each time).
 *
 * Queries are resampled in clusters: every song of one film's soundtrack is a query whose answer
 * is that film, and those answers stand or fall together (a film the model places well counts for
 * all of its songs). Resampling songs one by one would count such a film's songs as independent
 * evidence and give intervals that are too narrow.
 */

interface Estimate {
  readonly value: number;
  /** The interval's ends (the central `level` share of the resampled values). */
  readonly low: number;
  readonly high: number;
}

export interface MethodEstimates {
  readonly method: string;
  /** Per statistic: the value and its interval. */
  readonly values: Readonly<Record<string, Estimate>>;
  /** Per statistic: this method's value minus the reference's, on the same resamples. */
  readonly differences: Readonly<Record<string, Estimate>>;
}

interface BootstrapOptions {
  readonly resamples: number;
  readonly seed: number;
  /** The interval's coverage, e.g. 0.95. */
  readonly level: number;
}

/**
 * Paired percentile-bootstrap intervals of `statistics` for each method's per-query values
 * (`perQuery`: aligned with `clusters`, one entry per query), and of each method's difference from
 * `reference`'s.
 */
export function pairedBootstrap<Q>(
  clusters: readonly (number | string)[],
  perQuery: ReadonlyMap<string, readonly Q[]>,
  reference: string,
  statistics: Readonly<Record<string, (queries: readonly Q[]) => number>>,
  options: BootstrapOptions,
): MethodEstimates[] {
  const referenceQueries = perQuery.get(reference);
  if (!referenceQueries) throw new RangeError(`no method "${reference}" to compare with`);
  for (const [method, queries] of perQuery)
    if (queries.length !== clusters.length) throw new RangeError(`${method} has ${queries.length} queries, the clusters ${clusters.length}`);
  if (!(options.level > 0 && options.level < 1)) throw new RangeError(`level ${options.level} is not between 0 and 1`);

  const members = new Map<number | string, number[]>();
  clusters.forEach((cluster, query) => (members.get(cluster) ?? members.set(cluster, []).get(cluster)!).push(query));
  const groups = [...members.values()];
  const random = seededRandom(options.seed);
  const names = Object.keys(statistics);
  // resampled[method][statistic][resample]
  const resampled = new Map([...perQuery.keys()].map((method) => [method, names.map(() => new Float64Array(options.resamples))]));
  for (let resample = 0; resample < options.resamples; resample++) {
    const drawn: number[] = [];
    for (let i = 0; i < groups.length; i++) drawn.push(...groups[Math.floor(random() * groups.length)]!);
    for (const [method, queries] of perQuery) {
      const sample = drawn.map((query) => queries[query]!);
      names.forEach((name, at) => (resampled.get(method)![at]![resample] = statistics[name]!(sample)));
    }
  }

  const estimate = (value: number, values: Float64Array): Estimate => {
    const sorted = Float64Array.from(values).sort();
    const tail = (1 - options.level) / 2;
    return { value, low: quantile(sorted, tail), high: quantile(sorted, 1 - tail) };
  };
  const referenceValues = names.map((name) => statistics[name]!(referenceQueries));
  return [...perQuery].map(([method, queries]) => {
    const values: Record<string, Estimate> = {};
    const differences: Record<string, Estimate> = {};
    names.forEach((name, at) => {
      const own = resampled.get(method)![at]!;
      const base = resampled.get(reference)![at]!;
      const value = statistics[name]!(queries);
      values[name] = estimate(value, own);
      differences[name] = estimate(
        value - referenceValues[at]!,
        own.map((resampledValue, resample) => resampledValue - base[resample]!),
      );
    });
    return { method, values, differences };
  });
}

/** The q-quantile of sorted values, interpolated between neighbours. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}
