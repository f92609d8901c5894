import { useId, useState } from 'react';
import { formatCount } from '../lib/format';
import type { ImportReport } from '../state/runs';

const PAGE_SIZE = 25;

interface IssueTableProps {
  readonly issues: ImportReport['issues'];
  /** Skipped rows the run counted (the report may hold fewer). */
  readonly total: number;
  readonly kind: string;
}

/** The skipped rows (or unmatched poster files), a page at a time. */
export function IssueTable({ issues, total, kind }: IssueTableProps) {
  const id = useId();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(issues.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = issues.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const noun = kind === 'posters' ? ['file that was not linked', 'files that were not linked'] : ['skipped row', 'skipped rows'];

  if (issues.length === 0) return <p className="muted">{kind === 'posters' ? 'Every poster file was linked or already known.' : 'No rows were skipped.'}</p>;
  return (
    <div className="issues">
      <h4 id={`${id}-title`}>
        {formatCount(issues.length)} {issues.length === 1 ? noun[0] : noun[1]}
        {total > issues.length && <span className="muted"> (of {formatCount(total)})</span>}
      </h4>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
        <table className="table table--issues" data-testid="issue-table">
          <thead>
            <tr>
              <th scope="col" className="numeric">
                Line
              </th>
              <th scope="col">Column</th>
              <th scope="col">Reason</th>
              <th scope="col">Excerpt</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((issue, index) => (
              <tr key={`${issue.line}-${index}`}>
                <td className="numeric">{issue.line > 0 ? issue.line : '—'}</td>
                <td>
                  {issue.columnName ?? '—'}
                  {issue.columnNumber !== null && <span className="muted"> (#{issue.columnNumber})</span>}
                </td>
                <td>{issue.reason}</td>
                <td className="excerpt" title={issue.excerpt ?? undefined}>
                  {issue.excerpt ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Pages of the report">
          <button type="button" className="button button--small" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </button>
          <span aria-live="polite">
            Page {current + 1} of {pages}
          </span>
          <button type="button" className="button button--small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
