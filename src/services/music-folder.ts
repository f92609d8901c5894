import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDatabase } from '../core/db/open-database.js';
import { localFilesBySong, musicFolderStatus, removeMusicFolder } from '../core/music-folder/scan-music-folder.js';
import type { Job } from '../shared/contract';
import type { MusicFolderStatusData } from '../shared/contract/music-folder';
import { ServiceError } from './dispatch';
import type { JobManager } from './jobs/job-manager';

/** Handlers of the music-folder methods (src/shared/contract/music-folder.ts and 'music.scanFolder'). */
export function musicFolderHandlers(db: () => CatalogDatabase, jobs: JobManager) {
  return {
    'music.scanFolder': ({ folder }: { folder: string }): Job => {
      const dir = path.resolve(folder);
      if (!isFolder(dir)) throw new ServiceError(`${dir} is not a folder. Choose the folder that holds your music files (MP3, FLAC, M4A, OGG, WAV).`);
      return jobs.start({ type: 'scan-music', folder: dir }, `Scan music in ${path.basename(dir) || dir}`, { pausable: true });
    },
    'music.status': (): MusicFolderStatusData => musicFolderStatus(db()),
    'music.localSongs': ({ songIds }: { songIds: number[] }): { songIds: number[] } => ({
      songIds: [...localFilesBySong(db(), songIds).keys()].sort((a, b) => a - b),
    }),
    'music.removeFolder': ({ folder }: { folder: string }): { removed: boolean } => ({ removed: removeMusicFolder(db(), folder) }),
  };
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
