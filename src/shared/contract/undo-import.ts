import { z } from 'zod';

/**
 * Undoing an import from the import history. Shared by every runtime: no Node, Electron or React imports.
 */

const runId = z.object({ runId: z.number().int().positive() }).strict();

const undoImportPlanSchema = z.object({
  runId: z.number().int().positive(),
  path: z.string(),
  kind: z.enum(['songs', 'movies', 'posters']),
  /** Items the import created that nothing else provides: deleted. */
  remove: z.number().int().min(0),
  /** Items it merged into: put back as they were before it. */
  restore: z.number().int().min(0),
  /** Items a later import also wrote: kept. */
  keep: z.number().int().min(0),
  /** Playlist and watchlist entries of removed items, which go with them. */
  listEntries: z.number().int().min(0),
  /** Null when the import can be undone; otherwise why not and what to do. */
  refusal: z.string().nullable(),
  /** The confirmation in plain words. */
  summary: z.string(),
});
export type UndoImportPlanData = z.infer<typeof undoImportPlanSchema>;

export const undoImportMethods = {
  /** What undoing an import would remove and restore (the confirmation); changes nothing. */
  'imports.undoPlan': { input: runId, output: undoImportPlanSchema },
  /** Undoes an import in one transaction; the run stays in the history, marked undone. */
  'imports.undo': { input: runId, output: undoImportPlanSchema },
} as const;
