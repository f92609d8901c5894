import path from 'node:path';
import { postersForMovies } from '../../core/posters/poster-lookup.js';
import type { MethodOutput } from '../../shared/contract';
import type { posterMethods } from '../../shared/contract/posters';
import type { JobSpec } from '../jobs/protocol';
import { userFile, userFolder } from '../file-access';
import type { HandlersOf, ServiceContext } from './context';

export function posterHandlers(context: ServiceContext): HandlersOf<typeof posterMethods> {
  const modelDirs = context.modelDirs ? { modelDirs: context.modelDirs } : {};
  return {
    'posters.scanFolder': ({ folder, mapFile, numericIds, removeMissing }) => {
      // The file-access policy: real paths, never /proc, /sys, /dev, devices, FIFOs or sockets.
      const dir = userFolder(folder).path;
      const map = mapFile !== undefined ? userFile(mapFile, 'a mapping CSV (poster file and id columns)').path : undefined;
      const spec: JobSpec = { type: 'scan-posters', folder: dir, numericIds, removeMissing, ...(map !== undefined ? { mapFile: map } : {}) };
      return context.jobs.start(spec, `Scan posters in ${path.basename(dir) || dir}`, { pausable: false });
    },
    'posters.embed': ({ retryFailed, model, limit }) => {
      const spec: JobSpec = {
        type: 'embed-posters',
        retryFailed,
        threads: context.settings.get().workerThreads,
        dataDir: context.catalog.dataDir,
        ...modelDirs,
        ...(model ? { modelPath: path.resolve(model) } : {}),
        ...(limit ? { limit } : {}),
      };
      return context.jobs.start(spec, 'Describe posters with the image model', { pausable: true });
    },
    'posters.forMovies': ({ movieIds }) => postersForMovies(context.catalog.db, movieIds),
    'model.status': async () =>
      (await context.jobs.runTask({ type: 'model-status', dataDir: context.catalog.dataDir, ...modelDirs })) as MethodOutput<'model.status'>,
  };
}
