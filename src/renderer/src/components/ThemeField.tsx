import { useSettings, type Theme } from '../state/settings';

const THEMES: readonly { id: Theme; label: string }[] = [
  { id: 'system', label: 'System' },
  { id: 'dark', label: 'Dark' },
  { id: 'light', label: 'Light' },
];

export function ThemeField({ value }: { value: Theme }) {
  return (
    <fieldset className="field">
      <legend>Theme</legend>
      <div className="segmented">
        {THEMES.map((theme) => (
          <label key={theme.id} className="segmented__option">
            <input
              type="radio"
              name="theme"
              value={theme.id}
              checked={value === theme.id}
              onChange={() => void useSettings.getState().update({ theme: theme.id })}
            />
            <span>{theme.label}</span>
          </label>
        ))}
      </div>
      <p className="muted small">System follows your computer's light or dark appearance.</p>
    </fieldset>
  );
}
