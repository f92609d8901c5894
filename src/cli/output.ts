/** How a command talks to the user: JSON on stdout for scripts, readable lines otherwise. */
export interface Output {
  readonly json: boolean;
  /** The command's result: printed as JSON with --json, or by `human` otherwise. */
  result<T>(value: T, human: (value: T) => string): void;
  /** A side note for people (never on stdout in --json mode, so JSON stays parseable). */
  note(message: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human(value)}\n`);
    },
    note(message) {
      if (!json) process.stderr.write(`${message}\n`);
    },
  };
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

/** Lays out rows as aligned columns. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  ')).join('\n');
}

/** `items` as a table under `header`, one row of `cells` each, or `none` (saying what to do) when there are none. */
export function tableOrNone<T>(items: readonly T[], none: string, header: readonly string[], cells: (item: T) => readonly string[]): string {
  return items.length === 0 ? none : table([header, ...items.map(cells)]);
}
