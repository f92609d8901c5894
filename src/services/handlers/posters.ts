import fs from 'node:fs';
import path from 'node:path';
import { postersForMovies } from '../../core/posters/poster-lookup.js';
import type { MethodOutput } from '../../shared/contract';
import type { posterMethods } from '../../shared/contract/posters';
import { ServiceError } from '../dispatch';
import type { JobSpec } from '../jobs/protocol';
import { checkReadableFile } from '../preview';
import type { HandlersOf, ServiceContext } from './context';

export function posterHandlers(context: ServiceContext): HandlersOf<typeof posterMethods> {
  const modelDirs = context.modelDirs ? { modelDirs: context.modelDirs } : {};
  return {
    'posters.scanFolder': ({ folder, mapFile, numericIds, removeMissing }) => {
      const dir = path.resolve(folder);
      if (!isDirectory(dir)) throw new ServiceError(`${dir} is not a folder. Choose the folder that holds the poster images.`);
      if (mapFile !== undefined) checkReadableFile(path.resolve(mapFile));
      const spec: JobSpec = { type: 'scan-posters', folder: dir, numericIds, removeMissing, ...(mapFile !== undefined ? { mapFile: path.resolve(mapFile) } : {}) };
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
    'model.status': async () => (await context.jobs.runTask({ type: 'model-status', dataDir: context.catalog.dataDir, ...modelDirs })) as MethodOutput<'model.status'>,
  };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
