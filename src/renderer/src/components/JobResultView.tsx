import type { Job } from '../../../shared/contract';
import { shortWarning, summariseJob } from '../lib/job-result';
import { useRuns } from '../state/runs';

/** The summary of a finished job, with a way to its import report. */
export function JobResultView({ job }: { job: Job }) {
  const summary = summariseJob(job);
  if (!summary) return null;
  const { runId } = summary;
  const openReport = () => {
    if (runId === null) return;
    void useRuns.getState().select(runId);
    document.getElementById('report')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  return (
    <div className="job-result">
      {summary.status === 'cancelled' && <p className="muted">Stopped early: everything up to here was kept.</p>}
      <dl className="job-result__counts">
        {summary.lines.map((line) => (
          <div key={line.label}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
      {summary.warnings.length > 0 && (
        <p className="warning-note">
          {shortWarning(summary.warnings[0]!)}
          {summary.warnings.length > 1 ? ` (${summary.warnings.length - 1} more: see the report.)` : ''}
        </p>
      )}
      {runId !== null && (
        <button type="button" className="button button--small" onClick={openReport}>
          Show the report of run #{runId}
        </button>
      )}
    </div>
  );
}
