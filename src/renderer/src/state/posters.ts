import { create } from 'zustand';
import { backend } from '../api/backend';
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

export const usePosters = create<PostersState>()((set, get) => ({
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
    set({ starting: 'scan', scanError: null });
    try {
      const job = await backend().api['posters.scanFolder']({ folder: folder.trim(), numericIds, ...(mapFile.trim() ? { mapFile: mapFile.trim() } : {}) });
      useJobs.getState().upsert(job);
      set({ starting: null });
      return true;
    } catch (error) {
      set({ starting: null, scanError: errorText(error) });
      return false;
    }
  },

  async embed() {
    set({ starting: 'embed', embedError: null });
    try {
      const job = await backend().api['posters.embed']({ retryFailed: get().retryFailed });
      useJobs.getState().upsert(job);
      set({ starting: null });
      return true;
    } catch (error) {
      set({ starting: null, embedError: errorText(error) });
      return false;
    }
  },
}));
