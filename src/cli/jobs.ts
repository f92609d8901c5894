import type { JobResults, Services } from '../services/index.js';
import type { Job } from '../shared/contract.js';
import { UserError } from '../shared/errors.js';
import { createProgressDisplay } from './progress-bar.js';

/**
 * Follows a job the services started: its progress on a bar (stderr, terminals only), Ctrl+C asks
 * the services to cancel it (committed work is kept; a second Ctrl+C quits at once). Resolves with
 * the job's result when it completes or is cancelled; a failed job rejects with its message, as
 * the app shows it.
 */
export async function followJob<K extends keyof JobResults>(
  services: Services,
  start: () => Promise<Job>,
  kind: K,
  display: { readonly label: string; readonly enabled: boolean },
): Promise<JobResults[K]> {
  const progress = createProgressDisplay(display.enabled, display.label);
  let jobId: string | null = null;
  let cancelling = false;
  const onSigint = () => {
    if (cancelling || jobId === null) process.exit(130);
    cancelling = true;
    process.stderr.write('\nStopping after the current batch… (Ctrl+C again to quit at once)\n');
    void services.api['jobs.cancel']({ jobId }).catch(() => undefined);
  };
  const onUpdate = (job: Job) => {
    if (job.id === jobId && job.progress) progress.listener?.(job.progress);
  };
  process.on('SIGINT', onSigint);
  services.events.on('job.updated', onUpdate);
  try {
    const job = await start();
    jobId = job.id;
    const done = await services.jobs.whenFinished(job.id);
    if (done.status === 'failed') throw new UserError(done.error ?? `The ${kind} job failed.`);
    if (done.kind !== kind || done.result === null) throw new Error(`The ${kind} job ended without a result.`);
    // The services ran a job of `kind`: its result is that kind's full summary.
    return done.result as unknown as JobResults[K];
  } finally {
    services.events.off('job.updated', onUpdate);
    process.off('SIGINT', onSigint);
    progress.stop();
  }
}
