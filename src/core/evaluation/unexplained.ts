import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges } from '../features/bridges.js';
import { loadRecommendContext } from '../recommend/context.js';
import { recommend } from '../recommend/recommend.js';
import type { VibeIndex } from '../recommend/vibe-index.js';
import type { Intent } from '../../shared/recommend-schemas.js';
import type { BlockWeights } from '../vibe/weights.js';
import { DIRECTIONS, queryKindOf, targetKindOf, type Direction } from './types.js';

/**
 * Results shown without a reason: Crossfade explains every result, and a first-page result whose
 * parts are too weak for any true phrase on both sides shows only its match and its "Why?" shares.
 * Measured as the app answers a pick (recommend.ts, first page of 10, each recording once, links
 * apart), for each served intent, over the evaluation's query items.
 */
export interface UnexplainedCount {
  readonly method: string;
  readonly direction: Direction;
  readonly queries: number;
  readonly results: number;
  readonly withoutReason: number;
}

const FIRST_PAGE = 10;

export async function countUnexplained(
  db: CatalogDatabase,
  index: VibeIndex,
  methods: readonly { readonly name: string; readonly served: { readonly intent: Intent; readonly weights?: Partial<BlockWeights> } }[],
  queries: readonly { readonly direction: Direction; readonly queryId: number }[],
): Promise<UnexplainedCount[]> {
  const phrases = loadBridges().phrases;
  const context = loadRecommendContext(db);
  const counts: UnexplainedCount[] = [];
  for (const { name, served } of methods)
    for (const direction of DIRECTIONS) {
      const ids = [...new Set(queries.filter((query) => query.direction === direction).map((query) => query.queryId))];
      let results = 0;
      let withoutReason = 0;
      for (const id of ids) {
        const response = await recommend(
          db,
          index,
          phrases,
          { picks: [{ kind: queryKindOf(direction), id }], target: targetKindOf(direction), k: FIRST_PAGE, ...served },
          context,
        );
        results += response.results.length;
        withoutReason += response.results.filter((result) => result.reasons.length === 0).length;
      }
      counts.push({ method: name, direction, queries: ids.length, results, withoutReason });
    }
  return counts;
}
