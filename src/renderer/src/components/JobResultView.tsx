import type { Job } from '../../../shared/contract';
import { formatCount, shortWarning } from '../lib/format';
import { useRuns } from '../state/runs';

interface ResultLine {
  readonly label: string;
  readonly value: string;
}

interface JobSummary {
  readonly lines: readonly ResultLine[];
  /** The import run to open the report of, when the job made one. */
  readonly runId: number | null;
  readonly warnings: readonly string[];
  readonly status: string;
  /** One plain sentence about the outcome, when the counts alone could puzzle. */
  readonly note: string | null;
}

const line = (label: string, value: number): ResultLine => ({ label, value: formatCount(value) });

/** A job's summary: its lines and status, and its import run and warnings where it has them. */
const summary = (
  result: { readonly status: string },
  lines: readonly ResultLine[],
  { runId = null, warnings = [], note = null }: { runId?: number | null; warnings?: readonly string[]; note?: string | null } = {},
): JobSummary => ({ lines, runId, warnings, status: result.status, note });

type ResultOf<K extends Job['kind']> = NonNullable<Extract<Job, { kind: K }>['result']>;

/** What a finished job reports, by kind (the contract types each kind's result). */
const SUMMARIES: { [K in Job['kind']]: (result: ResultOf<K>) => JobSummary } = {
  import: (result) =>
    summary(
      result,
      [
        line('Rows read', result.counters.rowsRead),
        line('Imported', result.counters.rowsImported),
        line('New items', result.counters.itemsAdded),
        line('Merged', result.counters.itemsMerged),
        line('Skipped rows', result.counters.rowsSkipped),
      ],
      { runId: result.runId, warnings: result.warnings },
    ),
  'scan-posters': (result) =>
    summary(
      result,
      [
        line('Images', result.imagesSeen),
        line('Linked', result.linked),
        line('Newly linked', result.newlyLinked),
        line('Already linked', result.alreadyLinked),
        line('Relinked', result.relinked),
        line('Match no movie', result.unmatched.length),
        line('Unreadable', result.unusable),
      ],
      { runId: result.runId },
    ),
  'embed-posters': (result) =>
    summary(result, [
      line('Embedded', result.embedded),
      line('Failed', result.failed),
      line('Remaining', result.remaining),
      line('Already done', result.alreadyDone),
      { label: 'Speed', value: `${result.postersPerSecond.toFixed(1)} posters/s` },
    ]),
  'build-vibe': (result) =>
    summary(
      result,
      [
        line('Songs', result.songs),
        line('Movies', result.movies),
        line(result.mode === 'incremental' ? 'Encoded (new or changed)' : 'Encoded', result.encoded),
        line('Posters in the visual block', result.moviesWithPosterEmbedding),
      ],
      {
        note:
          result.mode === 'incremental' && result.encoded === 0 && result.status === 'completed'
            ? 'No item was new or had changed: the vibe space was already up to date.'
            : null,
      },
    ),
  'scan-music': (result) =>
    summary(
      result,
      [
        line('Audio files', result.files),
        line('Matched', result.matched),
        line('Not in the catalog', result.unmatched),
        line('Unreadable', result.unreadable),
        line('Read', result.read),
        line('Unchanged', result.unchanged),
      ],
      { warnings: result.warnings },
    ),
};

function summariseJob(job: Job): JobSummary | null {
  if (job.result === null) return null;
  // job.kind and job.result belong together (the Job union), which an indexed call cannot see.
  return (SUMMARIES[job.kind] as (result: ResultOf<Job['kind']>) => JobSummary)(job.result);
}

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
      {summary.note && <p className="muted">{summary.note}</p>}
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
