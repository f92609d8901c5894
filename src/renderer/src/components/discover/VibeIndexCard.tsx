import { useState } from 'react';
import type { Job } from '../../../../shared/contract';
import { useApiMutation } from '../../data/api-query';
import { useVibeStatus } from '../../data/recommendations';
import { errorText, formatDateTime, plural } from '../../lib/format';
import { isActive, useJobs } from '../../state/jobs';
import { ProgressBar } from '../ProgressBar';

/** The newest vibe-space build job, if any. */
function useBuildJob(): Job | null {
  return useJobs((state) => {
    let newest: Job | null = null;
    for (const job of Object.values(state.jobs)) if (job.kind === 'build-vibe' && (!newest || job.startedAt > newest.startedAt)) newest = job;
    return newest;
  });
}

function buildFraction(job: Job): number | null {
  const progress = job.progress;
  if (!progress) return null;
  if (progress.bytesTotal) return (progress.bytesDone ?? 0) / progress.bytesTotal;
  return null;
}

/** Shown with the results while the vibe space is (re)built in the background: results keep coming from the previous build. */
export function VibeBuildNote() {
  const status = useVibeStatus().data ?? null;
  const job = useBuildJob();
  if (job && isActive(job)) {
    const fraction = buildFraction(job);
    return (
      <div className="vibe-note" role="status">
        <span>
          {status?.built
            ? 'Updating the vibe space with your new items; these results come from the previous one until it is ready.'
            : 'Building the vibe space from your catalog…'}
          {job.progress?.phase ? ` (${job.progress.phase})` : ''}
        </span>
        <ProgressBar fraction={fraction} label="Vibe space build" />
      </div>
    );
  }
  if (job?.status === 'failed')
    return (
      <p className="error" role="alert">
        The vibe space could not be built: {job.error ?? 'unknown error'} Rebuild it from the tuning panel.
      </p>
    );
  if (status && !status.built)
    return (
      <p className="empty-state">
        {status.staleReasons[0] ?? 'The vibe space has not been built yet.'}
        {status.stale ? ' It builds on its own once the catalog has both songs and movies.' : ''}
      </p>
    );
  return null;
}

/** The vibe space's state, with an explicit rebuild (it normally updates on its own). */
export function VibeIndexCard() {
  const status = useVibeStatus().data ?? null;
  const job = useBuildJob();
  const [error, setError] = useState<string | null>(null);
  const build = useApiMutation('vibe.build', { onSuccess: (started) => useJobs.getState().upsert(started) });
  const building = job !== null && isActive(job);
  if (!status) return null;

  return (
    <section className="vibe-status" aria-labelledby="vibe-status-title">
      <h3 id="vibe-status-title">Vibe space</h3>
      {status.built ? (
        <p className="small">
          {plural(status.songs, 'song')} and {plural(status.movies, 'movie')} in one space
          {status.visual ? ', with poster looks' : ''}
          {status.builtAt ? `, built ${formatDateTime(status.builtAt)}` : ''}.
        </p>
      ) : (
        <p className="small">{status.staleReasons[0] ?? 'Not built yet.'}</p>
      )}
      {status.built && status.staleReasons.length > 0 && !building && (
        <ul className="vibe-status__reasons small">
          {status.staleReasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button--small"
        disabled={building || build.isPending || (status.songs + status.movies === 0 && !status.stale)}
        onClick={() => {
          setError(null);
          build.mutate({ mode: 'full' }, { onError: (failure) => setError(errorText(failure)) });
        }}
      >
        {building ? 'Building…' : status.built ? 'Rebuild the vibe space' : 'Build the vibe space'}
      </button>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
