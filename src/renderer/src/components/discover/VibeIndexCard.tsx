import { useEffect, useState } from 'react';
import { backend } from '../../api/backend';
import { errorText } from '../../lib/format';
import { useDiscover } from '../../state/discover';
import { isActive, useJobs } from '../../state/jobs';
import { JobCard } from '../JobCard';

/** Whether the vibe space is built and current, with the buttons that build or update it. */
export function VibeIndexCard() {
  const status = useDiscover((state) => state.status);
  const refreshStatus = useDiscover((state) => state.refreshStatus);
  const job = useJobs((state) => Object.values(state.jobs).filter((candidate) => candidate.kind === 'build-vibe').sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null);
  const [error, setError] = useState<string | null>(null);
  const building = job !== null && isActive(job);

  useEffect(() => {
    void refreshStatus();
  }, [refreshStatus, job?.status]);

  const build = async (mode: 'full' | 'incremental') => {
    setError(null);
    try {
      await backend().api['vibe.build']({ mode });
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  if (!status) return null;
  const fresh = status.built && !status.stale;
  return (
    <section className={`card vibe-status${fresh ? ' vibe-status--fresh' : ''}`} aria-labelledby="vibe-status-title">
      <h2 id="vibe-status-title">Vibe space</h2>
      {status.built ? (
        <p>
          {status.songs.toLocaleString()} songs and {status.movies.toLocaleString()} movies in one space
          {status.visual ? ', with poster embeddings' : ', without poster embeddings (describe posters in the Library to add the visual block)'}.
        </p>
      ) : (
        <p>Recommendations need the vibe space: one vector per song and movie, built from your catalog in a minute or two.</p>
      )}
      {status.staleReasons.length > 0 && (
        <ul className="vibe-status__reasons">
          {status.staleReasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        {status.built && status.stale && (
          <button type="button" className="button" disabled={building} onClick={() => void build('incremental')}>
            Add new items
          </button>
        )}
        <button type="button" className={`button${fresh ? '' : ' button--primary'}`} disabled={building || (status.songs + status.movies === 0 && !status.stale)} onClick={() => void build('full')}>
          {status.built ? 'Rebuild the vibe space' : 'Build the vibe space'}
        </button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {job && (building || job.status === 'failed') && <JobCard job={job} />}
    </section>
  );
}
