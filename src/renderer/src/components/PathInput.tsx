import type { InputHTMLAttributes } from 'react';
import type { MethodInput } from '../../../shared/contract';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';

type PathInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'className' | 'value' | 'onChange'> & {
  readonly value: string;
  readonly onPathChange: (value: string) => void;
};

/** A text box for a full path: no spell check and no autocomplete (a path is not a word). */
export function PathInput({ value, onPathChange, ...rest }: PathInputProps) {
  return (
    <input
      className="input input--path"
      type="text"
      value={value}
      spellCheck={false}
      autoComplete="off"
      {...rest}
      onChange={(event) => onPathChange(event.target.value)}
    />
  );
}

interface BrowseButtonProps {
  /** What the open dialog asks for (a folder or a file, its title and filters). */
  readonly dialog: MethodInput<'dialog.open'>;
  /** The path chosen (not called when the dialog is cancelled). */
  readonly onPath: (path: string) => void;
  /** Why the dialog could not open, as the error text to show. */
  readonly onError: (message: string) => void;
}

/**
 * "Browse…" beside a path box: opens the system dialog and hands over the path chosen. Shown in the
 * desktop app only (browser mode has no file dialog; the desktop app reads only files picked in the
 * dialog or dropped, as typed paths are refused).
 */
export function BrowseButton({ dialog, onPath, onError }: BrowseButtonProps) {
  if (backend().mode !== 'desktop') return null;
  const browse = async () => {
    try {
      const { path } = await backend().api['dialog.open'](dialog);
      if (path) onPath(path);
    } catch (error) {
      onError(errorText(error));
    }
  };
  return (
    <button type="button" className="button button--quiet" onClick={() => void browse()}>
      Browse…
    </button>
  );
}
