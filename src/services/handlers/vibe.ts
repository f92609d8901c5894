import type { vibeMethods } from '../../shared/contract/vibe';
import type { HandlersOf, ServiceContext } from './context';

export function vibeHandlers(context: ServiceContext): HandlersOf<typeof vibeMethods> {
  return {
    'vibe.status': () => context.recommendations.status(),
    'vibe.build': ({ mode }) =>
      context.jobs.start({ type: 'build-vibe', mode, snapshotDir: context.snapshotDir() }, mode === 'full' ? 'Build the vibe space' : 'Add new items to the vibe space', {
        pausable: true,
      }),
  };
}
