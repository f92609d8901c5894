import { useId, useState, type FormEvent } from 'react';
import { ErrorNote } from './ErrorNote';
import { BrowseButton, PathInput } from './PathInput';

/** Type or paste the path of a file on this computer (best for big files: nothing is uploaded). */
export function PathImportForm({ onPath }: { onPath: (path: string) => void }) {
  const id = useId();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = path.trim().replace(/^"(.*)"$/, '$1');
    if (value === '') {
      setError('Type or paste the full path of a CSV file, then press Preview.');
      return;
    }
    setError(null);
    onPath(value);
    setPath('');
  };

  return (
    <form className="path-form" onSubmit={submit} aria-describedby={`${id}-hint`}>
      <label htmlFor={`${id}-path`}>Or import by path</label>
      <div className="path-form__row">
        <PathInput id={`${id}-path`} name="path" placeholder="/home/me/Downloads/dataset.csv" value={path} onPathChange={setPath} />
        <button type="submit" className="button">
          Preview
        </button>
        <BrowseButton
          dialog={{
            kind: 'file',
            title: 'Import a CSV file',
            filters: [
              { name: 'CSV files', extensions: ['csv', 'tsv', 'txt'] },
              { name: 'Last.fm HetRec files', extensions: ['dat'] },
            ],
          }}
          onPath={onPath}
          onError={setError}
        />
      </div>
      <p className="muted small" id={`${id}-hint`}>
        A path on this computer; nothing is uploaded, so this suits files of hundreds of megabytes.
      </p>
      <ErrorNote message={error} />
    </form>
  );
}
