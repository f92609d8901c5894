import { useId } from 'react';

/** Encodings people's CSV files come in; the detected one is always listed too. */
const COMMON = ['utf-8', 'windows-1252', 'iso-8859-1', 'utf-16le', 'utf-16be', 'gb18030', 'big5', 'shift_jis', 'euc-kr', 'windows-1251', 'macintosh'];

interface EncodingPickerProps {
  readonly detected: string;
  readonly chosen: string | null;
  readonly disabled?: boolean;
  readonly onChange: (encoding: string | null) => void;
}

export function EncodingPicker({ detected, chosen, disabled = false, onChange }: EncodingPickerProps) {
  const id = useId();
  const options = [...new Set([detected.toLowerCase(), ...COMMON])];
  return (
    <div className="field field--inline">
      <label htmlFor={id}>Read as</label>
      <select
        id={id}
        className="select"
        value={chosen ?? ''}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">Detected ({detected})</option>
        {options.map((encoding) => (
          <option key={encoding} value={encoding}>
            {encoding}
          </option>
        ))}
      </select>
    </div>
  );
}
