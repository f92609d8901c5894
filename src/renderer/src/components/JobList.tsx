import { useShallow } from 'zustand/react/shallow';
import { useJobs, visibleJobs } from '../state/jobs';
import { ErrorNote } from './ErrorNote';
import { JobCard } from './JobCard';

export function JobList() {
  const jobs = useJobs(useShallow(visibleJobs));
  const loadError = useJobs((state) => state.loadError);
  return (
    <section className="card" aria-labelledby="jobs-title">
      <h2 id="jobs-title">Activity</h2>
      <ErrorNote message={loadError} />
      {jobs.length === 0 ? (
        <p className="muted">No imports or poster jobs yet. They show their progress here.</p>
      ) : (
        <div className="job-list">
          {jobs.map((job) => (
            <JobCard key={job.id} job={job} />
          ))}
        </div>
      )}
    </section>
  );
}
