import type { Theme } from '../state/settings';

const STORAGE_KEY = 'crossfade.theme';

/** Sets data-theme on <html>; the stylesheet maps "system" to prefers-color-scheme. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // storage may be unavailable; the theme still applies for this page
  }
}

/** The theme of the last run, so the page does not flash before the settings arrive. */
export function rememberedTheme(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === 'dark' || value === 'light' || value === 'system') return value;
  } catch {
    // fall through
  }
  return 'system';
}
