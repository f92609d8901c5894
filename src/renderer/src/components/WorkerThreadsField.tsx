import { useId, useState, type FormEvent } from 'react';
import { useSettings } from '../state/settings';

export function WorkerThreadsField({ value }: { value: number }) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);
  const saving = useSettings((state) => state.saving === 'workerThreads');
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const threads = Number(draft);
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      setProblem('Type a whole number from 1 to 64, then save.');
      return;
    }
    setProblem(null);
    void useSettings.getState().update({ workerThreads: threads });
  };

  return (
    <form className="field" onSubmit={submit}>
      <label htmlFor={`${id}-threads`}>Worker threads</label>
      <div className="path-form__row">
        <input
          id={`${id}-threads`}
          className="input input--short"
          type="number"
          min={1}
          max={64}
          step={1}
          value={draft}
          aria-describedby={`${id}-hint`}
          aria-invalid={problem !== null}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="button" disabled={saving || draft === String(value)}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      <p className="muted small" id={`${id}-hint`}>
        Threads for imports and poster embeddings{cores > 0 ? `; this computer has ${cores} logical cores` : ''}. Fewer keep the computer responsive.
      </p>
      {problem && (
        <p className="error-note" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
