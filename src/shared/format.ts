/** Formatting shared by the screens and the command line. */

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/**
 * "512 B", "1.5 MB", "2 GB": binary units, at most one decimal. `locale` is the user's by default
 * (the screens); the command line passes 'en-US' so its output does not depend on the machine.
 */
export function formatBytes(bytes: number, locale?: string): string {
  if (bytes < 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${UNITS[unit]}`;
}
