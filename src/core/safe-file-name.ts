export interface SafeFileNameOptions {
  /** The name used when nothing usable is left (default 'list'). */
  readonly fallback?: string;
  /** At most this many characters (default 100). */
  readonly maxLength?: number;
  /** Cut a long name at its start rather than its end, keeping its extension (default false). */
  readonly keepEnd?: boolean;
}

const trimDotsAndSpaces = (text: string): string => text.replace(/^[.\s]+|[.\s]+$/g, '');

/**
 * A file name that is safe on every platform (Windows is the strictest): no \/:*?"<>| or control
 * characters (each run becomes one _), no leading dot (hidden file), no trailing dot or space, no
 * device names (CON, NUL, COM1, …). Used for exported lists and for uploaded files.
 */
export function safeFileName(name: string, options: SafeFileNameOptions = {}): string {
  const { fallback = 'list', maxLength = 100, keepEnd = false } = options;
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  const replaced = trimDotsAndSpaces(name.replace(/[\\/:*?"<>|\u0000-\u001F\u007F]+/g, '_'));
  const cleaned = trimDotsAndSpaces(keepEnd ? replaced.slice(-maxLength) : replaced.slice(0, maxLength));
  if (cleaned === '') return fallback;
  return /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned) ? `${cleaned}_` : cleaned;
}
