import { useEffect, useRef, useState } from 'react';
import type { UndoImportPlanData } from '../../../shared/contract/undo-import';
import { backend } from '../api/backend';
import { baseName, errorText } from '../lib/format';
import { invalidateCatalogData } from '../data/api-query';
import { useRuns } from '../state/runs';
import { ErrorNote } from './ErrorNote';

/**
 * The confirmation of "Undo" in the import history: says what will be removed and restored
 * (imports.undoPlan) before anything changes, or why this import can't be undone.
 */
export function UndoImportConfirm({ runId, onClose }: { readonly runId: number; readonly onClose: (undone: UndoImportPlanData | null) => void }) {
  const [plan, setPlan] = useState<UndoImportPlanData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setPlan(null);
    setError(null);
    backend()
      .api['imports.undoPlan']({ runId })
      .then((value) => current && setPlan(value))
      .catch((reason: unknown) => current && setError(errorText(reason)));
    heading.current?.focus();
    return () => {
      current = false;
    };
  }, [runId]);

  const confirm = async () => {
    setBusy(true);
    try {
      const done = await backend().api['imports.undo']({ runId });
      await Promise.all([useRuns.getState().refresh(), invalidateCatalogData()]);
      onClose(done);
    } catch (reason) {
      setError(errorText(reason));
      setBusy(false);
    }
  };

  return (
    <div className="undo-confirm" role="region" aria-labelledby="undo-confirm-title" data-testid="undo-confirm">
      <h3 id="undo-confirm-title" tabIndex={-1} ref={heading}>
        Undo import #{runId}
        {plan ? ` (${baseName(plan.path)})` : ''}?
      </h3>
      <ErrorNote message={error ?? plan?.refusal ?? null} />
      {plan === null && error === null ? <p className="muted">Working out what this import changed…</p> : null}
      {plan && plan.refusal === null ? <p>{plan.summary}</p> : null}
      <div className="actions">
        {plan && plan.refusal === null ? (
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? 'Undoing…' : 'Undo import'}
          </button>
        ) : null}
        <button type="button" className="button button--quiet" disabled={busy} onClick={() => onClose(null)}>
          {plan && plan.refusal === null ? 'Keep it' : 'Close'}
        </button>
      </div>
    </div>
  );
}
