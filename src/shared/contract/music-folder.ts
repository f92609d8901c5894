import { z } from 'zod';
import { jobSchema } from './jobs';

/**
 * The user's local music folder: which catalog songs are playable on this computer.
 * Shared by every runtime: no Node, Electron or React imports.
 */

const musicFolderStatusSchema = z.object({
  folders: z.array(
    z.object({
      path: z.string(),
      scannedAt: z.string().nullable(),
      files: z.number().int().min(0),
      matched: z.number().int().min(0),
      unreadable: z.number().int().min(0),
    }),
  ),
  /** Catalog songs with a file on this computer. */
  localSongs: z.number().int().min(0),
});
export type MusicFolderStatusData = z.infer<typeof musicFolderStatusSchema>;

export const musicFolderMethods = {
  'music.status': { input: z.object({}).strict(), output: musicFolderStatusSchema },
  /** Which of these songs have a file on this computer (the Lists screen's "on this computer" mark). */
  'music.localSongs': {
    input: z.object({ songIds: z.array(z.number().int().positive()).max(5000) }).strict(),
    output: z.object({ songIds: z.array(z.number().int().positive()) }),
  },
  /** Forgets a music folder and its files (the files themselves are untouched). */
  'music.removeFolder': { input: z.object({ folder: z.string().min(1) }).strict(), output: z.object({ removed: z.boolean() }) },
} as const;

/** Scanning starts a job (progress, pause, cancel; scanning again resumes). */
export const musicScanMethods = {
  /** Scans a music folder for audio files and matches them to catalog songs. */
  'music.scanFolder': { input: z.object({ folder: z.string().min(1) }).strict(), output: jobSchema },
} as const;
