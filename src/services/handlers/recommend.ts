import type { recommendMethods } from '../../shared/contract/recommend';
import type { HandlersOf, ServiceContext } from './context';

export function recommendHandlers({ recommendations }: ServiceContext): HandlersOf<typeof recommendMethods> {
  return {
    'recommend.query': (request) => recommendations.query(request),
    'recommend.similar': ({ item, target, k }) => recommendations.query({ picks: [item], target: target ?? item.kind, k }),
  };
}
