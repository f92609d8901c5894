import { baseName, formatBytes, formatCount, formatDateTime } from '../lib/format';
import { useRuns } from '../state/runs';
import { shortWarning } from '../lib/format';
import { ErrorNote } from './ErrorNote';
import { IssueTable } from './IssueTable';

/** One run's report: counts, warnings and the skipped rows. */
export function ImportReportView() {
  const selected = useRuns((state) => state.selectedRunId);
  const report = useRuns((state) => state.report);
  const error = useRuns((state) => state.reportError);
  const loading = useRuns((state) => state.reportLoading);
  if (selected === null) return <div id="report" />;

  const run = report?.run.id === selected ? report.run : null;
  return (
    <section id="report" className="report" aria-labelledby="report-title" aria-busy={loading} data-testid="import-report">
      <header className="report__header">
        <h3 id="report-title">
          Report of run #{selected}
          {run && `: ${baseName(run.path)}`}
        </h3>
        <button type="button" className="button button--quiet button--small" onClick={() => void useRuns.getState().select(null)}>
          Close report
        </button>
      </header>
      <ErrorNote message={error} />
      {loading && !run && <p className="muted">Loading the report…</p>}
      {run && report && (
        <>
          <p className="muted small path" title={run.path}>
            {run.path}
          </p>
          <dl className="report__counts">
            <Count label="Status" value={run.status} />
            <Count label="Format" value={run.format} />
            <Count label="Encoding" value={run.encoding ?? '—'} />
            <Count label="Rows read" value={formatCount(run.rowsRead)} />
            <Count label="Imported" value={formatCount(run.rowsImported)} />
            <Count label="Skipped" value={formatCount(run.rowsSkipped)} testId="report-skipped" />
            <Count label="New items" value={formatCount(run.itemsAdded)} />
            <Count label="Merged" value={formatCount(run.itemsMerged)} />
            <Count label="Read" value={run.fileSize ? `${formatBytes(run.bytesDone)} of ${formatBytes(run.fileSize)}` : formatBytes(run.bytesDone)} />
            <Count label="Started" value={formatDateTime(run.startedAt)} />
            <Count label="Finished" value={formatDateTime(run.finishedAt)} />
          </dl>
          <ErrorNote message={run.error} />
          {run.warnings.length > 0 && (
            <div className="report__warnings">
              <h4>Warnings</h4>
              <ul>
                {run.warnings.map((warning, index) => (
                  <li key={index}>
                    {shortWarning(warning) === warning ? (
                      warning
                    ) : (
                      <details>
                        <summary>{shortWarning(warning)}</summary>
                        {warning}
                      </details>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <IssueTable key={run.id} issues={report.issues} total={run.rowsSkipped} kind={run.kind} />
        </>
      )}
    </section>
  );
}

function Count({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
