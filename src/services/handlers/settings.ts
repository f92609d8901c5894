import path from 'node:path';
import type { settingsMethods } from '../../shared/contract/settings';
import { ServiceError } from '../dispatch';
import { UploadStore } from '../uploads';
import type { HandlersOf, ServiceContext } from './context';

export function settingsHandlers(context: ServiceContext): HandlersOf<typeof settingsMethods> {
  const { settings, jobs, events } = context;
  return {
    'settings.get': () => settings.get(),
    'settings.update': (change) => {
      const next = settings.check(change);
      const before = settings.get();
      const catalog = context.catalog;
      const newDatabase = context.databasePathIn(next.dataDir);
      if (newDatabase !== catalog.databasePath) {
        if (jobs.hasActiveJobs()) throw new ServiceError('Wait for the running jobs to finish (or cancel them) before changing the data folder.');
        const moved = context.openCatalog(newDatabase, next.dataDir);
        void context.recommendations.close();
        catalog.search.close();
        catalog.db.close();
        context.replaceCatalog(moved);
      } else if (next.dataDir !== catalog.dataDir) {
        context.replaceCatalog({ ...catalog, dataDir: next.dataDir, uploads: new UploadStore(path.join(next.dataDir, 'uploads')) });
      }
      settings.save(next);
      if (next.workerThreads !== before.workerThreads) jobs.setMaxConcurrent(next.workerThreads);
      events.emit('settings.changed', settings.get());
      if (next.dataDir !== before.dataDir) events.emit('catalog.changed', { reason: 'The data folder changed.' });
      return settings.get();
    },
  };
}
