import { create } from 'zustand';

export interface Toast {
  readonly id: number;
  readonly message: string;
  /** One action, e.g. Undo. */
  readonly action?: { readonly label: string; readonly run: () => void | Promise<void> };
}

interface ToastState {
  readonly toasts: readonly Toast[];
  show(message: string, action?: Toast['action']): number;
  dismiss(id: number): void;
}

let next = 1;

/** Short confirmations ("Added “Song 13” to Night drive · Undo"); the newest three stay until dismissed or replaced. */
export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  show(message, action) {
    const id = next++;
    set((state) => ({ toasts: [...state.toasts.slice(-2), { id, message, ...(action ? { action } : {}) }] }));
    return id;
  },
  dismiss(id) {
    set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
  },
}));

export const showToast = (message: string, action?: Toast['action']) => useToasts.getState().show(message, action);
