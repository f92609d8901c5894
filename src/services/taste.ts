import type { CatalogDatabase } from '../core/db/open-database.js';
import { TasteImportError } from '../core/taste/export-files.js';
import { TasteError, TasteStore } from '../core/taste/taste-store.js';
import type { FileRef } from '../shared/contract';
import type { TasteContributorData, TasteImportResultData, TasteProfileData } from '../shared/contract/taste';
import { ServiceError } from './dispatch';
import type { JobManager } from './jobs/job-manager';

/** Handlers of the taste methods (src/shared/contract/taste.ts). */
export function tasteHandlers(db: () => CatalogDatabase, resolveFile: (ref: FileRef) => { path: string; name: string }, jobs: JobManager) {
  const store = () => new TasteStore(db());
  const userErrors = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof TasteError || error instanceof TasteImportError) throw new ServiceError(error.message);
      throw error;
    }
  };
  return {
    'taste.list': (): TasteProfileData[] => store().list(),
    // Matching runs in a worker thread (it can take seconds for a long streaming history); errors come back as one sentence.
    'taste.import': async ({ file }: { file: FileRef }): Promise<TasteImportResultData> => {
      const resolved = userErrors(() => resolveFile(file));
      return (await jobs.runTask({
        type: 'taste-import',
        file: resolved.path,
        shownAs: 'uploadId' in file ? resolved.name : resolved.path,
      })) as TasteImportResultData;
    },
    'taste.get': ({ profileId, limit }: { profileId: number; limit: number }): { profile: TasteProfileData; contributors: TasteContributorData[] } =>
      userErrors(() => ({ profile: store().get(profileId), contributors: store().contributors(profileId, limit) })),
    'taste.removeItem': ({ profileId, itemId }: { profileId: number; itemId: number }): TasteProfileData =>
      userErrors(() => store().removeItem(profileId, itemId)),
    'taste.delete': ({ profileId }: { profileId: number }): TasteProfileData => userErrors(() => store().delete(profileId)),
    'taste.fromList': ({ listId, name }: { listId: number; name?: string | undefined }): TasteProfileData => userErrors(() => store().fromList(listId, name)),
  };
}
