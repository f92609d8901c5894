import { create } from 'zustand';
import type { MethodInput, Settings } from '../../../shared/contract';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';

export type Theme = Settings['theme'];

interface SettingsState {
  readonly settings: Settings | null;
  readonly error: string | null;
  /** The field being saved, for a busy indicator. */
  readonly saving: keyof Settings | null;
  /** The last change that was saved, for a confirmation message. */
  readonly saved: keyof Settings | null;
  load(): Promise<void>;
  receive(settings: Settings): void;
  /** Moving the data folder needs `confirmMove: true` (the settings screen asks first). */
  update(change: MethodInput<'settings.update'>): Promise<boolean>;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  error: null,
  saving: null,
  saved: null,

  async load() {
    try {
      set({ settings: await backend().api['settings.get']({}), error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },

  receive(settings) {
    set({ settings });
  },

  async update(change) {
    const field = Object.keys(change)[0] as keyof Settings | undefined;
    set({ saving: field ?? null, saved: null, error: null });
    try {
      const settings = await backend().api['settings.update'](change);
      set({ settings, saving: null, saved: field ?? null });
      return true;
    } catch (error) {
      set({ error: errorText(error), saving: null });
      return false;
    }
  },
}));
