import type { appMethods } from '../../shared/contract/app';
import { ServiceError } from '../dispatch';
import type { DesktopShell, HandlersOf, ServiceContext } from './context';

export function appHandlers(context: ServiceContext): HandlersOf<typeof appMethods> {
  const desktopOnly = (what: string): DesktopShell => {
    if (context.mode === 'desktop' && context.shell) return context.shell;
    throw new ServiceError(`${what} only works in the desktop app; in browser mode the page does it (see src/shared/browser-api.ts).`);
  };
  return {
    'app.info': () => ({ version: context.version, mode: context.mode, dataDir: context.catalog.dataDir, databasePath: context.catalog.databasePath }),
    'app.openExternal': async ({ url }) => {
      await desktopOnly('Opening links').openExternal(url);
      return { opened: true };
    },
    'dialog.open': async (request) => ({ path: await desktopOnly('The file dialog').openDialog(request) }),
  };
}
