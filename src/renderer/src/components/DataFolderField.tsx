import { useId, useState, type FormEvent } from 'react';
import { backend } from '../api/backend';
import { useSettings } from '../state/settings';
import { ErrorNote } from './ErrorNote';
import { BrowseButton, PathInput } from './PathInput';

export function DataFolderField({ value }: { value: string }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [chooseError, setChooseError] = useState<string | null>(null);
  // Moving the data folder changes which catalog the app uses: the user confirms it first.
  const [confirming, setConfirming] = useState<string | null>(null);
  const saving = useSettings((state) => state.saving === 'dataDir');
  const saved = useSettings((state) => state.saved === 'dataDir');
  const desktop = backend().mode === 'desktop';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = draft.trim();
    if (target === '' || target === value) return;
    setConfirming(target);
  };
  const confirmMove = async () => {
    if (confirming === null) return;
    const moved = await useSettings.getState().update({ dataDir: confirming, confirmMove: true });
    if (moved) setConfirming(null);
  };

  return (
    <form className="field" onSubmit={submit}>
      <label htmlFor={`${id}-dir`}>Data folder</label>
      <div className="path-form__row">
        <PathInput
          id={`${id}-dir`}
          value={draft}
          readOnly={desktop}
          aria-describedby={`${id}-hint`}
          onPathChange={(path) => {
            setDraft(path);
            setConfirming(null);
          }}
        />
        <BrowseButton dialog={{ kind: 'folder', title: 'Data folder' }} onPath={setDraft} onError={setChooseError} />
        <button type="submit" className="button" disabled={saving || confirming !== null || draft.trim() === value}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      {confirming !== null && (
        <div className="warning-note" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Use <code className="path">{confirming}</code> as the data folder? Crossfade will open the catalog there (a new, empty one if there is none). Your
            current catalog stays in <code className="path">{value}</code>.
          </p>
          <div className="actions">
            <button type="button" className="button button--primary" disabled={saving} onClick={() => void confirmMove()}>
              {saving ? 'Moving…' : 'Use this folder'}
            </button>
            <button type="button" className="button button--quiet" disabled={saving} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <p className="muted small" id={`${id}-hint`}>
        Where Crossfade keeps the catalog, uploads and poster embeddings: a full path to a folder you can write to, not a system folder
        {desktop ? ' (choose it with Browse…)' : ''}.{saved && ' Saved: Crossfade now uses this folder.'}
      </p>
      <ErrorNote message={chooseError} />
    </form>
  );
}
