import type { vibeMethods } from '../../shared/contract/vibe';
import type { HandlersOf, ServiceContext } from './context';

export function vibeHandlers(context: ServiceContext): HandlersOf<typeof vibeMethods> {
  return {
    'vibe.status': () => context.recommendations.status(),
    'vibe.build': ({ mode }) => context.startVibeBuild(mode),
  };
}
