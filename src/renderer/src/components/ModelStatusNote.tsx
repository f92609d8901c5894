import { ErrorNote } from './ErrorNote';
import { useModelStatus } from '../state/catalog';

/** Whether the poster image model was found, and what to do when it was not. */
export function ModelStatusNote() {
  const { model, error } = useModelStatus();
  if (error) return <ErrorNote message={error} />;
  if (!model)
    return (
      <p className="model-status muted" role="status">
        Checking the poster image model…
      </p>
    );
  return (
    <div className={`model-status ${model.available ? 'model-status--ok' : 'model-status--missing'}`} role="status">
      <strong>Poster model: {model.available ? 'ready' : 'not found'}.</strong> {model.message}
      {model.available && model.path && !model.message.includes(model.path) && (
        <>
          {' '}
          <code className="path">{model.path}</code>
        </>
      )}
    </div>
  );
}
