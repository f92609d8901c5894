import type { ImportSummary } from '../core/importers/import-file.js';
import type { EmbedPostersSummary } from '../core/posters/embedding/embed-posters.js';
import type { ScanPosterReport } from '../core/posters/scan-poster-folder.js';
import type { BuildVibeSummary } from '../core/vibe/build-index.js';
import type { Job } from '../shared/contract';

/** What each kind of job leaves in `job.result` when it ends (completed or cancelled). */
export interface JobResults {
  import: ImportSummary;
  'scan-posters': ScanPosterReport;
  'embed-posters': EmbedPostersSummary;
  'build-vibe': BuildVibeSummary;
}

export type { ImportSummary, EmbedPostersSummary, ScanPosterReport, BuildVibeSummary };

/** The typed result of a finished job of kind `kind`, or null when it has none (failed, or still running). */
export function jobResult<K extends keyof JobResults>(job: Job, kind: K): JobResults[K] | null {
  if (job.kind !== kind) throw new Error(`A ${job.kind} job has no ${kind} result.`);
  return (job.result ?? null) as JobResults[K] | null;
}
