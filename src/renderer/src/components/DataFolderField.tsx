import { useId, useState, type FormEvent } from 'react';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';
import { useSettings } from '../state/settings';
import { ErrorNote } from './ErrorNote';

export function DataFolderField({ value }: { value: string }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [chooseError, setChooseError] = useState<string | null>(null);
  const saving = useSettings((state) => state.saving === 'dataDir');
  const saved = useSettings((state) => state.saved === 'dataDir');
  const desktop = backend().mode === 'desktop';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void useSettings.getState().update({ dataDir: draft.trim() });
  };
  const choose = async () => {
    try {
      const { path } = await backend().api['dialog.open']({ kind: 'folder', title: 'Data folder' });
      if (path) setDraft(path);
    } catch (error) {
      setChooseError(errorText(error));
    }
  };

  return (
    <form className="field" onSubmit={submit}>
      <label htmlFor={`${id}-dir`}>Data folder</label>
      <div className="path-form__row">
        <input
          id={`${id}-dir`}
          className="input input--path"
          type="text"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-hint`}
          onChange={(event) => setDraft(event.target.value)}
        />
        {desktop && (
          <button type="button" className="button button--quiet" onClick={() => void choose()}>
            Browse…
          </button>
        )}
        <button type="submit" className="button" disabled={saving || draft.trim() === value}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      <p className="muted small" id={`${id}-hint`}>
        Where Crossfade keeps the catalog, uploads and poster embeddings. A full path to a folder you can write to.
        {saved && ' Saved: restart Crossfade to use the new folder.'}
      </p>
      <ErrorNote message={chooseError} />
    </form>
  );
}
