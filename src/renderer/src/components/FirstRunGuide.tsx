import { DATASETS } from '../lib/datasets';
import { ModelStatusNote } from './ModelStatusNote';

/** Which public datasets to get and where; open by default while the catalog is empty. */
export function FirstRunGuide({ open }: { open: boolean }) {
  return (
    <section className="card guide" aria-labelledby="guide-title">
      <details open={open}>
        <summary>
          <h2 id="guide-title">Getting started</h2>
          <span className="guide__hint">Which datasets to get, and where</span>
        </summary>
        <p>
          Crossfade never goes online. Download one or more of these public datasets yourself, then import the files below (drop them, choose them, or type
          their path).
        </p>
        <ol className="guide__list">
          {DATASETS.map((dataset) => (
            <li key={dataset.id} className="guide__item">
              <h3>
                {dataset.name} <span className={`badge badge--${dataset.kind}`}>{dataset.kind}</span>
              </h3>
              <p className="muted">
                {dataset.where}: <code className="copyable">{dataset.location}</code>
              </p>
              <p>
                Files:{' '}
                {dataset.files.map((file, index) => (
                  <span key={file}>
                    {index > 0 && ', '}
                    <code>{file}</code>
                  </span>
                ))}
                . {dataset.gives}
              </p>
              <p className="muted">{dataset.how}</p>
            </li>
          ))}
        </ol>
        <ModelStatusNote />
      </details>
    </section>
  );
}
