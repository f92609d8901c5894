import { useEffect } from 'react';
import { useToasts, type Toast } from '../state/toasts';
import { Icon } from './Icon';

/** The toasts, bottom centre, announced politely; each goes away after a while unless hovered or focused. */
export function Toaster() {
  const toasts = useToasts((state) => state.toasts);
  return (
    <div className="toaster" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <ToastView key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

const VISIBLE_MS = 8000;

function ToastView({ toast }: { toast: Toast }) {
  const dismiss = useToasts((state) => state.dismiss);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toast.id, dismiss]);
  return (
    <div className="toast">
      <span className="toast__message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast__action"
          onClick={() => {
            dismiss(toast.id);
            void toast.action!.run();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="toast__close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
