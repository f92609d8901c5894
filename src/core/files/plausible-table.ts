/**
 * Whether text read from a file the user pointed at is a delimited table (a CSV or TSV with a
 * header of column names), the only kind of file whose content Crossfade shows back before it is
 * recognised. Anything else (a shadow or passwd file, a private key, a shell history, a JSON
 * config) may hold secrets, so previews and errors say what was expected instead of quoting it.
 *
 * The delimiters considered are the ones csv-records sniffs (, ; TAB |). ':' is deliberately not
 * one of them, which is what keeps /etc/passwd and /etc/shadow from parsing as tables.
 */

/** Longest column name accepted as a header cell; real headers stay far below it. */
const MAX_COLUMN_NAME = 64;
// eslint-disable-next-line no-control-regex -- a control character in a column name means this is not a header
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

/** The one sentence every refusal uses: what a table looks like, with no byte of the file in it. */
export function notATableMessage(shownAs: string): string {
  return (
    `${shownAs} does not look like a CSV table: expected a first line of at least two column names ` +
    'separated by commas, semicolons, tabs or | (for example "title,artists,album"). Choose a CSV file.'
  );
}

/**
 * A header of column names: at least two cells (a single "column" is usually just a line of text,
 * such as a PEM key's BEGIN line), each at most 64 characters without control characters, and at
 * least one of them non-empty.
 */
export function isPlausibleHeader(header: readonly string[]): boolean {
  if (header.length < 2) return false;
  if (!header.some((cell) => cell.trim() !== '')) return false;
  return header.every((cell) => cell.trim().length <= MAX_COLUMN_NAME && !CONTROL.test(cell));
}

/** A plausible header whose sample rows mostly have as many fields as it has columns. */
export function isPlausibleTable(header: readonly string[], rows: readonly (readonly string[])[]): boolean {
  if (!isPlausibleHeader(header)) return false;
  if (rows.length === 0) return true;
  const sameWidth = rows.filter((row) => row.length === header.length).length;
  return sameWidth * 2 >= rows.length;
}
