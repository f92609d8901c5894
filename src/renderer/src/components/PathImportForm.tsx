import { useId, useState, type FormEvent } from 'react';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';
import { ErrorNote } from './ErrorNote';

/** Type or paste the path of a file on this computer (best for big files: nothing is uploaded). */
export function PathImportForm({ onPath }: { onPath: (path: string) => void }) {
  const id = useId();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const desktop = backend().mode === 'desktop';

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

  const choose = async () => {
    try {
      const { path: chosen } = await backend().api['dialog.open']({
        kind: 'file',
        title: 'Import a CSV file',
        filters: [
          { name: 'CSV files', extensions: ['csv', 'tsv', 'txt'] },
          { name: 'Last.fm HetRec files', extensions: ['dat'] },
        ],
      });
      if (chosen) onPath(chosen);
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  return (
    <form className="path-form" onSubmit={submit} aria-describedby={`${id}-hint`}>
      <label htmlFor={`${id}-path`}>Or import by path</label>
      <div className="path-form__row">
        <input
          id={`${id}-path`}
          name="path"
          type="text"
          className="input input--path"
          placeholder="/home/me/Downloads/dataset.csv"
          value={path}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setPath(event.target.value)}
        />
        <button type="submit" className="button">
          Preview
        </button>
        {desktop && (
          <button type="button" className="button button--quiet" onClick={() => void choose()}>
            Browse…
          </button>
        )}
      </div>
      <p className="muted small" id={`${id}-hint`}>
        A path on this computer; nothing is uploaded, so this suits files of hundreds of megabytes.
      </p>
      <ErrorNote message={error} />
    </form>
  );
}
