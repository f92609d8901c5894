import { z } from 'zod';

/**
 * Taste profiles: the user's own listening and watching history (Letterboxd and Spotify account
 * exports, saved lists) turned into weighted picks Discover can start from.
 * Shared by every runtime: no Node, Electron or React imports.
 */

const id = z.number().int().positive();

export const tasteProfileSchema = z.object({
  id,
  name: z.string(),
  /** The kind of items the profile holds. */
  kind: z.enum(['song', 'movie']),
  /** Where it came from, in plain words ("Letterboxd ratings.csv", "Spotify streaming history", "playlist Night drive"). */
  source: z.string(),
  items: z.number().int().min(0),
  createdAt: z.string(),
});
export type TasteProfileData = z.infer<typeof tasteProfileSchema>;

export const tasteMethods = {
  /** Every taste profile, newest first (Discover offers them as picks). */
  'taste.list': { input: z.object({}).strict(), output: z.array(tasteProfileSchema) },
} as const;
