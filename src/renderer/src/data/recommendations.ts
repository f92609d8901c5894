import { useShallow } from 'zustand/react/shallow';
import type { BlockWeightValues, Intent, RecommendQuery } from '../../../shared/recommend-schemas';
import { recommendQueryOf, useDiscover } from '../state/discover';
import { useApiQuery } from './api-query';

/** The vibe space's status (refetched on catalog events and when a build finishes). */
export const useVibeStatus = () => useApiQuery('vibe.status', {});

/** Whether the model offers the two intents (a vibe space built by an older model does not). */
export function useIntents(): {
  readonly available: boolean;
  readonly current: Intent | null;
  readonly weights: Readonly<Record<Intent, BlockWeightValues>> | null;
} {
  const status = useVibeStatus().data;
  const chosen = useDiscover((state) => state.intent);
  const weights = status?.intentWeights ?? null;
  return { available: weights !== null, current: weights ? (chosen ?? status?.defaultIntent ?? 'soundtrack') : null, weights };
}

/** The recommendations for the current picks, weights and filters; the previous answer stays while the next loads. */
export function useRecommendations() {
  const status = useVibeStatus().data;
  const intents = useIntents();
  const inputs = useDiscover(
    useShallow((state) => ({
      picks: state.picks,
      taste: state.taste,
      target: state.target,
      weights: state.weights,
      intent: state.intent,
      filters: state.filters,
      mode: state.mode,
      diverse: state.diverse,
      similarTo: state.similarTo,
    })),
  );
  const query: RecommendQuery | null = recommendQueryOf(inputs, intents.available);
  const result = useApiQuery('recommend.query', query ?? { picks: [], target: 'movie' }, {
    enabled: query !== null && status?.built === true,
    keepPrevious: true,
  });
  return { query, ...result, data: query === null ? undefined : result.data };
}

/** The weights the sliders show: the user's, else the chosen intent's, else the model's defaults (null before a vibe space exists). */
export function useShownWeights(): BlockWeightValues | null {
  const status = useVibeStatus().data;
  const own = useDiscover((state) => state.weights);
  const intents = useIntents();
  const { data } = useRecommendations();
  if (own) return own;
  if (intents.weights && intents.current) return intents.weights[intents.current];
  return data?.weights ?? status?.defaultWeights ?? null;
}
