import { z } from 'zod';
import { catalogKindSchema, empty } from './common';

export const jobStatus = z.enum(['queued', 'running', 'paused', 'completed', 'cancelled', 'failed']);
export const jobKind = z.enum(['import', 'scan-posters', 'embed-posters', 'build-vibe', 'scan-music']);

export const jobProgressSchema = z.object({
  phase: z.string(),
  done: z.number(),
  unit: z.string(),
  bytesDone: z.number().nullable(),
  bytesTotal: z.number().nullable(),
  ratePerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  elapsedSeconds: z.number(),
});

export type JobProgress = z.infer<typeof jobProgressSchema>;

const finished = z.enum(['completed', 'cancelled']);
const counters = { rowsRead: z.number(), rowsImported: z.number(), rowsSkipped: z.number(), itemsAdded: z.number(), itemsMerged: z.number() };

/*
 * What each kind of job leaves in `result` when it ends. The fields the screens and the CLI show are
 * declared; the summaries carry more (loose objects keep every field, for the CLI's --json output).
 */
export const importResultSchema = z.looseObject({
  runId: z.number(),
  file: z.string(),
  kind: catalogKindSchema,
  status: finished,
  counters: z.looseObject(counters),
  warnings: z.array(z.string()),
});
export const scanPostersResultSchema = z.looseObject({
  runId: z.number(),
  status: finished,
  imagesSeen: z.number(),
  linked: z.number(),
  newlyLinked: z.number(),
  alreadyLinked: z.number(),
  relinked: z.number(),
  unusable: z.number(),
  unmatched: z.array(z.looseObject({ path: z.string(), reason: z.string() })),
});
export const embedPostersResultSchema = z.looseObject({
  status: finished,
  embedded: z.number(),
  failed: z.number(),
  remaining: z.number(),
  alreadyDone: z.number(),
  postersPerSecond: z.number(),
});
export const buildVibeResultSchema = z.looseObject({
  status: finished,
  /** 'incremental': only items imports added or changed since the last build were encoded. */
  mode: z.enum(['full', 'incremental']).optional(),
  modelId: z.number().nullable(),
  songs: z.number(),
  movies: z.number(),
  encoded: z.number(),
  moviesWithPosterEmbedding: z.number(),
});

/** A music folder scan (src/core/music-folder): files found, read, matched to catalog songs, and the unreadable ones. */
export const scanMusicResultSchema = z.object({
  folder: z.string(),
  status: z.enum(['completed', 'cancelled']),
  files: z.number(),
  read: z.number(),
  unchanged: z.number(),
  matched: z.number(),
  unmatched: z.number(),
  unreadable: z.number(),
  problems: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
  removed: z.number(),
});

const jobFields = {
  id: z.string(),
  label: z.string(),
  status: jobStatus,
  progress: jobProgressSchema.nullable(),
  /** One sentence saying what went wrong and what to do next. */
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
};

/** A background job; `result` (null until it ends, and when it fails) is typed by its kind. */
export const jobSchema = z.discriminatedUnion('kind', [
  z.object({ ...jobFields, kind: z.literal('import'), result: importResultSchema.nullable() }),
  z.object({ ...jobFields, kind: z.literal('scan-posters'), result: scanPostersResultSchema.nullable() }),
  z.object({ ...jobFields, kind: z.literal('embed-posters'), result: embedPostersResultSchema.nullable() }),
  z.object({ ...jobFields, kind: z.literal('build-vibe'), result: buildVibeResultSchema.nullable() }),
  z.object({ ...jobFields, kind: z.literal('scan-music'), result: scanMusicResultSchema.nullable() }),
]);
export type Job = z.infer<typeof jobSchema>;

export const jobMethods = {
  'jobs.list': { input: empty, output: z.array(jobSchema) },
  'jobs.pause': { input: z.object({ jobId: z.string() }), output: jobSchema },
  'jobs.resume': { input: z.object({ jobId: z.string() }), output: jobSchema },
  'jobs.cancel': { input: z.object({ jobId: z.string() }), output: jobSchema },
} as const;
