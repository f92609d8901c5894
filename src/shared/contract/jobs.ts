import { z } from 'zod';
import { empty } from './common';

export const jobStatus = z.enum(['queued', 'running', 'paused', 'completed', 'cancelled', 'failed']);
export const jobKind = z.enum(['import', 'scan-posters', 'embed-posters', 'build-vibe']);

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

export const jobSchema = z.object({
  id: z.string(),
  kind: jobKind,
  label: z.string(),
  status: jobStatus,
  progress: jobProgressSchema.nullable(),
  /** The job's summary when it completes (import summary, poster report, ...). */
  result: z.unknown().nullable(),
  /** One sentence saying what went wrong and what to do next. */
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobMethods = {
  'jobs.list': { input: empty, output: z.array(jobSchema) },
  'jobs.pause': { input: z.object({ jobId: z.string() }), output: jobSchema },
  'jobs.resume': { input: z.object({ jobId: z.string() }), output: jobSchema },
  'jobs.cancel': { input: z.object({ jobId: z.string() }), output: jobSchema },
} as const;
