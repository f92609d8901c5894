import type { ImportKind, RecordOf } from '../records.js';
import type { RowReader } from '../row.js';

export interface FormatContext {
  /** The file being imported, for formats that join sibling files (MovieLens links.csv, tags.csv). */
  readonly filePath: string;
  /** How messages name the file: its path, or for an upload the name it was chosen under. */
  readonly displayName: string;
  /** The file was uploaded from a browser: its folder is internal, and its siblings are the files uploaded with it. */
  readonly uploaded: boolean;
  readonly signal?: AbortSignal;
  /** Non-fatal notes for the import report (e.g. "links.csv not found next to movies.csv"). */
  warn(message: string): void;
}

/** Turns one CSV row into a record. Throw FieldError (via RowReader) to skip the row with a reason. */
export type RowParser<K extends ImportKind> = (row: RowReader) => RecordOf<K>;

export interface FormatDefinition<K extends ImportKind = ImportKind> {
  readonly id: string;
  readonly kind: K;
  /** Human name, e.g. "Spotify Tracks Dataset (Hugging Face dataset.csv)". */
  readonly label: string;
  /** Columns whose presence identifies the format (case-insensitive). Shown in "unknown header" errors. */
  readonly requiredColumns: readonly string[];
  /** Columns read when present. */
  readonly optionalColumns?: readonly string[];
  /** Prepares the row parser; may read side files. Runs once per import. */
  createParser(context: FormatContext): Promise<RowParser<K>> | RowParser<K>;
}

export type AnyFormat = FormatDefinition<'songs'> | FormatDefinition<'movies'>;
