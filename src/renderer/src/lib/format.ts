/** Display helpers: numbers, sizes and durations in the user's locale. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return integer.format(value);
}

export function formatRate(value: number): string {
  return value >= 100 ? integer.format(value) : oneDecimal.format(value);
}

export { formatBytes } from '../../../shared/format';

/** "4 s", "2 min 05 s", "1 h 03 min". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A track's length, "3:45" from milliseconds; null when unknown. */
export function formatTrackLength(ms: number | null): string | null {
  if (ms === null || !(ms > 0)) return null;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A film's runtime, "2 h 32 min" or "95 min"; null when unknown. */
export function formatRuntime(minutes: number | null): string | null {
  if (minutes === null || !(minutes > 0)) return null;
  return minutes < 60 ? `${minutes} min` : formatDuration(minutes * 60);
}

/**
 * A list's size and playing time: "4 songs · 17 min", "3 movies · 6 h 12 min"; when some items have
 * no known length, the time is of those that do ("4 songs · 13 min for 3 of them"). Lengths in
 * seconds, null when unknown.
 */
export function listSummary(kind: 'playlist' | 'watchlist', lengths: readonly (number | null)[]): string {
  const count = kind === 'playlist' ? plural(lengths.length, 'song') : plural(lengths.length, 'movie');
  const known = lengths.filter((length): length is number => length !== null && length > 0);
  if (known.length === 0) return count;
  const time = formatRuntime(Math.max(1, Math.round(known.reduce((sum, length) => sum + length, 0) / 60)))!;
  return `${count} · ${time}${known.length < lengths.length ? ` for ${formatCount(known.length)} of them` : ''}`;
}

/** "Dec 7, 3:53 AM" this year, "Dec 7, 2025, 3:53 AM" before: for narrow table cells. */
export function formatShortDateTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (date.getFullYear() !== now.getFullYear()) return formatDateTime(iso);
  return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The last segment of a path, whatever the platform's separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** A rejected call's message: the services already phrase it as one sentence for the user. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  return 'Something went wrong; try again, and restart Crossfade if it keeps happening.';
}

/** "1 row" / "2 rows", the count in the user's locale. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** "12,345 rows" for a progress snapshot's unit. */
export function doneText(done: number, unit: string): string {
  return plural(done, unit.replace(/s$/, ''), unit);
}

/**
 * One warning, short: the sentence with its first example only ("…; e.g. line 4: "CafÃ©" -> "Café"."
 * keeps line 4; "Odd-looking words: "a", "b"." keeps "a"). The report keeps every example.
 */
export function shortWarning(warning: string): string {
  return warning
    .replace(/(; e\.g\. [^;]*?)(?:; [^;]*?)+\.$/, '$1.')
    .replace(/(Odd-looking words: "[^"]*")(?:, "[^"]*")+\./, '$1.')
    .trim();
}
