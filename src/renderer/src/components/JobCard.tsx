import { useEffect, useState } from 'react';
import type { Job, JobProgress } from '../../../shared/contract';
import { doneText, formatBytes, formatDuration, formatRate } from '../lib/format';
import { isActive, useJobs } from '../state/jobs';
import { ErrorNote } from './ErrorNote';
import { JobResultView } from './JobResultView';
import { ProgressBar } from './ProgressBar';

const STATUS_TEXT: Record<Job['status'], string> = {
  queued: 'Waiting',
  running: 'Running',
  paused: 'Paused',
  completed: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** Jobs that can pause between batches (the others can only be cancelled). */
const PAUSABLE: ReadonlySet<Job['kind']> = new Set(['import', 'embed-posters', 'build-vibe']);

function fractionOf(job: Job): number | null {
  if (job.status === 'completed') return 1;
  const progress = job.progress;
  if (!progress || progress.bytesTotal === null || progress.bytesTotal <= 0 || progress.bytesDone === null) return null;
  return progress.bytesDone / progress.bytesTotal;
}

/** What a screen reader hears: status and a 10 % step, not every progress tick. */
function announcement(job: Job, fraction: number | null): string {
  const step = fraction === null ? '' : `, ${Math.floor(fraction * 10) * 10} %`;
  return `${job.label}: ${STATUS_TEXT[job.status]}${job.status === 'running' ? step : ''}`;
}

/**
 * A job's elapsed seconds, counted on every second while it runs without reporting: a step can
 * report nothing for seconds (comparing a million items with the import journal), and the card
 * should not sit on "0 s elapsed" meanwhile. Each report sets the count again.
 */
function useElapsedSeconds(job: Job): number | null {
  const progress = job.progress;
  const running = job.status === 'running';
  const [waited, setWaited] = useState<{ since: JobProgress | null; seconds: number }>({ since: null, seconds: 0 });
  useEffect(() => {
    if (!running || !progress) return;
    const timer = setInterval(() => setWaited((last) => ({ since: progress, seconds: last.since === progress ? last.seconds + 1 : 1 })), 1000);
    return () => clearInterval(timer);
  }, [running, progress]);
  if (!progress) return null;
  return progress.elapsedSeconds + (running && waited.since === progress ? waited.seconds : 0);
}

export function JobCard({ job }: { job: Job }) {
  const actionError = useJobs((state) => state.actionErrors[job.id] ?? null);
  const elapsedSeconds = useElapsedSeconds(job);
  const { act, dismiss } = useJobs.getState();
  const progress = job.progress;
  const fraction = fractionOf(job);
  const active = isActive(job);
  const titleId = `job-${job.id}-title`;
  const eta = progress?.etaSeconds ?? null;
  const valueText = [fraction === null ? null : `${Math.round(fraction * 100)} %`, eta !== null && active ? `about ${formatDuration(eta)} left` : null]
    .filter(Boolean)
    .join(', ');

  return (
    <article
      className={`job card card--inner job--${job.status}`}
      aria-labelledby={titleId}
      data-testid="job"
      data-job-kind={job.kind}
      data-job-status={job.status}
    >
      <header className="job__header">
        <h3 id={titleId} className="job__title">
          {job.label}
        </h3>
        <span className={`status status--${job.status}`}>{STATUS_TEXT[job.status]}</span>
      </header>
      <p className="visually-hidden" aria-live="polite">
        {announcement(job, fraction)}
      </p>

      {(active || (job.status !== 'completed' && progress)) && (
        <ProgressBar fraction={fraction} label={`Progress of ${job.label}`} valueText={valueText || undefined} paused={job.status === 'paused'} />
      )}
      {progress && (
        <p className="job__numbers small">
          <span>{doneText(progress.done, progress.unit)}</span>
          {fraction !== null && active && <span>{Math.floor(fraction * 100)} %</span>}
          {active && progress.ratePerSecond > 0 && (
            <span>
              {formatRate(progress.ratePerSecond)} {progress.unit}/s
            </span>
          )}
          {active && eta !== null && <span>about {formatDuration(eta)} left</span>}
          {progress.bytesDone !== null && progress.bytesTotal !== null && active && (
            <span>
              {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)}
            </span>
          )}
          <span>{formatDuration(elapsedSeconds ?? progress.elapsedSeconds)} elapsed</span>
          {active && progress.phase && <span className="muted">{progress.phase}</span>}
        </p>
      )}

      <ErrorNote message={job.error} />
      <ErrorNote message={actionError} />
      {job.status === 'completed' && <JobResultView job={job} />}

      <div className="actions">
        {PAUSABLE.has(job.kind) && job.status === 'running' && (
          <button type="button" className="button" onClick={() => void act(job.id, 'pause')}>
            Pause
          </button>
        )}
        {PAUSABLE.has(job.kind) && job.status === 'paused' && (
          <button type="button" className="button button--primary" onClick={() => void act(job.id, 'resume')}>
            Resume
          </button>
        )}
        {active && (
          <button type="button" className="button button--danger" onClick={() => void act(job.id, 'cancel')}>
            Cancel<span className="visually-hidden"> {job.label}</span>
          </button>
        )}
        {!active && (
          <button type="button" className="button button--quiet button--small" onClick={() => dismiss(job.id)}>
            Dismiss<span className="visually-hidden"> {job.label}</span>
          </button>
        )}
      </div>
    </article>
  );
}
