import { create } from 'zustand';
import { backend } from '../api/backend';
import type { Job } from '../../../shared/contract';
import { errorText } from '../lib/format';
import { useJobs } from './jobs';

export type NumericIds = 'auto' | 'imdb' | 'tmdb';

interface PostersState {
  readonly folder: string;
  readonly mapFile: string;
  readonly numericIds: NumericIds;
  readonly retryFailed: boolean;
  readonly scanError: string | null;
  readonly embedError: string | null;
  readonly starting: 'scan' | 'embed' | null;
  edit(change: Partial<Pick<PostersState, 'folder' | 'mapFile' | 'numericIds' | 'retryFailed'>>): void;
  scan(): Promise<boolean>;
  embed(): Promise<boolean>;
}

export const usePosters = create<PostersState>()((set, get) => {
  /** Starts a job (`start` asks the services for it), showing it as starting; a refusal goes to `errorKey`. */
  const startJob = async (which: 'scan' | 'embed', errorKey: 'scanError' | 'embedError', start: () => Promise<Job>): Promise<boolean> => {
    set({ starting: which, [errorKey]: null });
    try {
      const job = await start();
      useJobs.getState().upsert(job);
      set({ starting: null });
      return true;
    } catch (error) {
      set({ starting: null, [errorKey]: errorText(error) });
      return false;
    }
  };
  return {
    folder: '',
    mapFile: '',
    numericIds: 'auto',
    retryFailed: false,
    scanError: null,
    embedError: null,
    starting: null,

    edit(change) {
      set(change);
    },

    async scan() {
      const { folder, mapFile, numericIds } = get();
      if (folder.trim() === '') {
        set({ scanError: 'Type the full path of the poster folder, then link the posters.' });
        return false;
      }
      return startJob('scan', 'scanError', () =>
        backend().api['posters.scanFolder']({ folder: folder.trim(), numericIds, ...(mapFile.trim() ? { mapFile: mapFile.trim() } : {}) }),
      );
    },

    async embed() {
      return startJob('embed', 'embedError', () => backend().api['posters.embed']({ retryFailed: get().retryFailed }));
    },
  };
});
