import { useId, useState, type FormEvent } from 'react';
import { useSettings } from '../state/settings';

/** The settings contract's upper bound; the services also cap the threads by the computer's cores. */
const MAX_THREADS = 64;

export function WorkerThreadsField({ value }: { value: number }) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);
  const saving = useSettings((state) => state.saving === 'workerThreads');
  // Browser mode runs on the same computer as the services, so the page sees the same cores.
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
  const max = cores > 0 ? Math.min(cores, MAX_THREADS) : MAX_THREADS;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const threads = Number(draft);
    if (!Number.isInteger(threads) || threads < 1 || threads > max) {
      setProblem(`Type a whole number from 1 to ${max}${cores > 0 ? ` (this computer has ${cores} logical cores)` : ''}, then save.`);
      return;
    }
    setProblem(null);
    void useSettings.getState().update({ workerThreads: threads });
  };

  return (
    // noValidate: our message (with the core count) instead of the browser's range bubble.
    <form className="field" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-threads`}>Worker threads</label>
      <div className="path-form__row">
        <input
          id={`${id}-threads`}
          className="input input--short"
          type="number"
          min={1}
          max={max}
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
        Threads for imports and poster embeddings, at most one per core{cores > 0 ? `; this computer has ${cores} logical cores` : ''}. Fewer keep the computer
        responsive.
      </p>
      {problem && (
        <p className="error-note" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
