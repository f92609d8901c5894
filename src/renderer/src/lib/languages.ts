const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(undefined, { type: 'language', fallback: 'none' }) : null;

/** A language's name in the user's language ("Japanese" for "ja"); "Unknown" for "xx", a missing or an unknown code. */
export function languageName(code: string | null | undefined): string {
  if (!code || code === 'xx' || code === 'zxx' || code === 'und') return 'Unknown';
  try {
    return names?.of(code) ?? 'Unknown';
  } catch {
    return 'Unknown';
  }
}
