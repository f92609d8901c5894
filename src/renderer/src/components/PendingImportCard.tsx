import { formatBytes } from '../lib/format';
import { mapperProblem, newMapper, useImports, type PendingImport } from '../state/imports';
import { ColumnMapper } from './ColumnMapper';
import { EncodingPicker } from './EncodingPicker';
import { ErrorNote } from './ErrorNote';
import { KnownFormats } from './KnownFormats';
import { PreviewTable } from './PreviewTable';
import { ProgressBar } from './ProgressBar';

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** A file chosen for import: its upload, detected format and encoding, first rows, and mapping. */
export function PendingImportCard({ item }: { item: PendingImport }) {
  const { setEncoding, setMapper, start, remove } = useImports.getState();
  const { preview, mapper } = item;
  const titleId = `${item.key}-title`;
  const busy = item.stage === 'uploading' || item.stage === 'previewing' || item.stage === 'starting';
  const blocked = mapper !== null && mapperProblem(mapper) !== null;

  return (
    <article className="pending card card--inner" aria-labelledby={titleId} aria-busy={busy} data-testid="pending-import">
      <header className="pending__header">
        <h3 id={titleId} className="pending__name">
          {item.name}
        </h3>
        <span className="muted small">
          {item.size !== null && formatBytes(item.size)}
          {item.companions.length > 0 && ` · with ${item.companions.join(', ')}`}
        </span>
        <button type="button" className="button button--quiet button--small" onClick={() => remove(item.key)}>
          {item.stage === 'uploading' ? 'Cancel upload' : 'Remove'}
          <span className="visually-hidden"> {item.name}</span>
        </button>
      </header>

      {item.stage === 'uploading' && (
        <div aria-live="polite">
          <ProgressBar fraction={item.size ? item.uploaded / item.size : null} label={`Uploading ${item.name}`} />
          <p className="muted small">
            Uploading… {formatBytes(item.uploaded)}
            {item.size ? ` of ${formatBytes(item.size)}` : ''}
          </p>
        </div>
      )}
      {item.stage === 'previewing' && (
        <p className="muted" role="status">
          Reading the first rows…
        </p>
      )}
      <ErrorNote message={item.error} />

      {preview && (
        <>
          <dl className="detected">
            <div>
              <dt>Format</dt>
              <dd data-testid="detected-format">{preview.format ? preview.format.label : 'Not recognised'}</dd>
            </div>
            {preview.format && (
              <div>
                <dt>Holds</dt>
                <dd>{preview.format.kind}</dd>
              </div>
            )}
            <div>
              <dt>Encoding</dt>
              <dd data-testid="detected-encoding">
                {preview.encoding.encoding} <span className={`confidence confidence--${preview.encoding.confidence}`}>{preview.encoding.confidence}</span>
              </dd>
            </div>
            <div>
              <dt>Delimiter</dt>
              <dd>{DELIMITERS[preview.delimiter] ?? preview.delimiter}</dd>
            </div>
            <div>
              <dt>Columns</dt>
              <dd>{preview.header.length}</dd>
            </div>
          </dl>
          <p className="muted small">{preview.encoding.reason}</p>
          {preview.encoding.suspiciousExamples.length > 0 && (
            <p className="warning-note">
              Some text may be garbled, for example “{preview.encoding.suspiciousExamples.slice(0, 3).join('”, “')}”: choose another encoding if it looks wrong
              in the preview.
            </p>
          )}
          <EncodingPicker
            detected={preview.encoding.encoding}
            chosen={item.encoding}
            disabled={busy}
            onChange={(encoding) => setEncoding(item.key, encoding)}
          />
          <PreviewTable header={preview.header} rows={preview.rows} caption={`First rows of ${item.name}`} />

          {preview.format === null && <KnownFormats preview={preview} />}
          {preview.format !== null && (
            <label className="checkbox">
              <input type="checkbox" checked={mapper !== null} onChange={(event) => setMapper(item.key, event.target.checked ? newMapper(preview) : null)} />
              Map the columns myself instead of using the {preview.format.label} format
            </label>
          )}
          {mapper && <ColumnMapper preview={preview} mapper={mapper} onChange={(next) => setMapper(item.key, next)} />}

          <div className="actions">
            <button type="button" className="button button--primary" disabled={busy || blocked} onClick={() => void start(item.key)}>
              {item.stage === 'starting' ? 'Starting…' : `Import ${item.name}`}
            </button>
          </div>
        </>
      )}
    </article>
  );
}
