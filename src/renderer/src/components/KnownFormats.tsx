import type { ImportPreview } from '../state/imports';

/** Why a file was not recognised, and the formats Crossfade knows with the columns each needs. */
export function KnownFormats({ preview }: { preview: ImportPreview }) {
  return (
    <div className="warning-note unknown-format">
      <p>
        Crossfade does not recognise the columns of this file. Map them to catalog fields below, or, if it is one of the datasets Crossfade knows, check that
        its header row is intact.
      </p>
      <details>
        <summary>Known formats and the columns they need</summary>
        <ul className="known-formats">
          {preview.knownFormats.map((format) => (
            <li key={format.id}>
              <strong>{format.label}</strong> <span className={`badge badge--${format.kind}`}>{format.kind}</span>
              <br />
              <span className="small">{format.requiredColumns.join(', ')}</span>
            </li>
          ))}
        </ul>
        {preview.formatError && <p className="small muted">{preview.formatError}</p>}
      </details>
    </div>
  );
}
