import { useState } from 'react';
import { importRunKindLabel, LASTFM_TAGS_FORMAT_ID } from '../../../shared/contract/imports';
import { baseName, formatCount, formatDateTime, formatShortDateTime, plural } from '../lib/format';
import { useRuns } from '../state/runs';
import { ErrorNote } from './ErrorNote';
import { ImportReportView } from './ImportReportView';
import { UndoImportConfirm } from './UndoImportConfirm';

export function RunHistory() {
  const runs = useRuns((state) => state.runs);
  const error = useRuns((state) => state.error);
  const selected = useRuns((state) => state.selectedRunId);
  const select = useRuns.getState().select;
  const [undoing, setUndoing] = useState<number | null>(null);
  const [undoneNote, setUndoneNote] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Import history</h2>
      <ErrorNote message={error} />
      {runs.length === 0 ? (
        <p className="muted">Every import and poster folder scan is listed here, with its report of skipped rows.</p>
      ) : (
        <div className="table-scroll table-scroll--tall" tabIndex={0} role="region" aria-label="Import runs">
          <table className="table table--runs">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Imported
                </th>
                <th scope="col" className="numeric">
                  Skipped
                </th>
                <th scope="col">Started</th>
                <th scope="col">
                  <span className="visually-hidden">Report and undo</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} aria-selected={run.id === selected} className={run.id === selected ? 'is-selected' : undefined}>
                  <td>{run.id}</td>
                  <td title={run.path}>{baseName(run.path)}</td>
                  <td>{importRunKindLabel(run)}</td>
                  <td>
                    {run.undoneAt ? (
                      <span className="status status--cancelled" title={`Undone ${formatDateTime(run.undoneAt)}`}>
                        undone
                      </span>
                    ) : (
                      <span className={`status status--${run.status}`}>{run.status}</span>
                    )}
                  </td>
                  <td
                    className="numeric"
                    title={
                      run.format === LASTFM_TAGS_FORMAT_ID
                        ? `${formatCount(run.rowsImported)} tagging rows; ${plural(run.itemsMerged, 'song has its', 'songs have their')} artist's tags`
                        : undefined
                    }
                  >
                    {formatCount(run.rowsImported)}
                  </td>
                  <td className="numeric">{formatCount(run.rowsSkipped)}</td>
                  <td>
                    <time dateTime={run.startedAt} title={formatDateTime(run.startedAt)}>
                      {formatShortDateTime(run.startedAt)}
                    </time>
                  </td>
                  <td>
                    <div className="run-actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-pressed={run.id === selected}
                        onClick={() => void select(run.id === selected ? null : run.id)}
                      >
                        Report<span className="visually-hidden"> of run {run.id}</span>
                      </button>
                      {run.undoneAt || run.status === 'running' || run.kind === 'posters' ? null : (
                        <button type="button" className="button button--small button--quiet" onClick={() => setUndoing(run.id)}>
                          Undo<span className="visually-hidden"> import {run.id}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {undoing !== null ? (
        <UndoImportConfirm
          runId={undoing}
          onClose={(done) => {
            setUndoing(null);
            setUndoneNote(done ? `Undid import #${done.runId}. ${done.summary}` : null);
          }}
        />
      ) : null}
      {undoneNote ? (
        <p className="notice" role="status">
          {undoneNote}
        </p>
      ) : null}
      <ImportReportView />
    </section>
  );
}
