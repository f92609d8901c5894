import { z } from 'zod';

/**
 * Taste profiles: the user's own listening and watching history (Letterboxd and Spotify account
 * exports, saved lists) turned into weighted picks Discover can start from.
 * Shared by every runtime: no Node, Electron or React imports.
 */

const id = z.number().int().positive();

const tasteProfileSchema = z.object({
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

/** One of a profile's items, heaviest first (what "top contributors" shows). */
const tasteContributorSchema = z.object({
  itemId: id,
  kind: z.enum(['song', 'movie']),
  title: z.string(),
  /** Artists of a song, year of a movie. */
  subtitle: z.string().nullable(),
  weight: z.number(),
  /** The weight in words: "★★★★½", "3 h 12 min played". */
  detail: z.string().nullable(),
  /** Share of the profile's total weight, 0–1. */
  share: z.number().min(0).max(1),
});
export type TasteContributorData = z.infer<typeof tasteContributorSchema>;

/** What one group of an export's rows became. */
const tasteMatchReportSchema = z.object({
  what: z.string(),
  matched: z.number().int().min(0),
  ambiguous: z.number().int().min(0),
  missing: z.number().int().min(0),
  ambiguousExamples: z.array(z.string()),
  missingExamples: z.array(z.string()),
});

const tasteImportResultSchema = z.object({
  source: z.enum(['letterboxd', 'spotify']),
  profiles: z.array(tasteProfileSchema),
  reports: z.array(tasteMatchReportSchema),
  /** Rows left out while reading, and why. */
  notes: z.array(z.string()),
});
export type TasteImportResultData = z.infer<typeof tasteImportResultSchema>;

/** Same shape as the imports' file reference (a path on disk, or a browser-mode upload). */
const exportFileSchema = z.union([z.object({ path: z.string().min(1) }).strict(), z.object({ uploadId: z.string().regex(/^[a-f0-9-]{8,64}$/) }).strict()]);

export const tasteMethods = {
  /** Every taste profile, newest first (Discover offers them as picks). */
  'taste.list': { input: z.object({}).strict(), output: z.array(tasteProfileSchema) },
  /**
   * Imports a Letterboxd export (the ZIP, or watched/ratings/diary/watchlist.csv) or a Spotify
   * account export (the ZIP, YourLibrary.json, Playlist*.json, StreamingHistory*.json,
   * Streaming_History_Audio_*.json) as taste profiles; re-importing replaces them.
   */
  'taste.import': { input: z.object({ file: exportFileSchema }).strict(), output: tasteImportResultSchema },
  /** A profile and its heaviest items. */
  'taste.get': {
    input: z.object({ profileId: id, limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ profile: tasteProfileSchema, contributors: z.array(tasteContributorSchema) }),
  },
  /** Leaves one item out of a profile. */
  'taste.removeItem': { input: z.object({ profileId: id, itemId: id }).strict(), output: tasteProfileSchema },
  'taste.delete': { input: z.object({ profileId: id }).strict(), output: tasteProfileSchema },
  /** A profile from any saved playlist or watchlist (every item weighs the same). */
  'taste.fromList': { input: z.object({ listId: id, name: z.string().trim().min(1).max(200).optional() }).strict(), output: tasteProfileSchema },
} as const;
