import fs from 'node:fs';
import {
  MOVIE_FIELDS as MOVIE_CATALOG_FIELDS,
  SONG_FIELDS as SONG_CATALOG_FIELDS,
  columnMappingSchema as sharedMappingSchema,
  type CatalogField,
  type ColumnMapping,
  type FieldType,
} from '../../../shared/catalog-fields.js';
import { normaliseImdbId, parsePitchClass, readReleaseDate, splitList } from '../fields.js';
import { emptyMovie, emptySong, type MovieRecord, type SongRecord } from '../records.js';
import type { RowReader } from '../row.js';
import { FormatMismatchError } from './detect.js';
import type { AnyFormat } from './types.js';

// The fields, their types and the mapping schema are shared names (src/shared/catalog-fields.ts).
type FieldKind = FieldType;
const fieldTypes = (fields: readonly CatalogField[]): Record<string, FieldKind> => Object.fromEntries(fields.map((field) => [field.id, field.type]));
const SONG_FIELDS = fieldTypes(SONG_CATALOG_FIELDS);
const MOVIE_FIELDS = fieldTypes(MOVIE_CATALOG_FIELDS);
// Every record field can be mapped (a compile error names a field missing from the shared lists).
const _everySongField: Exclude<keyof SongRecord, (typeof SONG_CATALOG_FIELDS)[number]['id']> extends never ? true : never = true;
const _everyMovieField: Exclude<keyof MovieRecord, 'votesAreFallback' | (typeof MOVIE_CATALOG_FIELDS)[number]['id']> extends never ? true : never = true;
const columnMappingSchema = sharedMappingSchema.strict();

export type { ColumnMapping };

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

export function loadColumnMapping(file: string): ColumnMapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new MappingError(`The column mapping ${file} cannot be read. Check the path.`);
  }
  try {
    return JSON.parse(text) as ColumnMapping;
  } catch (error) {
    throw new MappingError(`The column mapping ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Builds a format from a user's mapping of catalog fields to the file's columns. */
export function formatFromMapping(input: ColumnMapping, header: readonly string[]): AnyFormat {
  const parsed = columnMappingSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ');
    throw new MappingError(`The column mapping is invalid: ${problems}. Expected {"kind": "songs"|"movies", "columns": {"title": "Column", ...}}.`);
  }
  const mapping = parsed.data;
  const fields: Record<string, FieldKind> = mapping.kind === 'songs' ? SONG_FIELDS : MOVIE_FIELDS;
  const unknown = Object.keys(mapping.columns).filter((field) => !(field in fields));
  if (unknown.length > 0)
    throw new MappingError(`The column mapping names unknown ${mapping.kind} field(s) ${unknown.join(', ')}. Known fields: ${Object.keys(fields).join(', ')}.`);
  if (!mapping.columns.title) throw new MappingError('The column mapping must map "title" to a column.');
  const requiredColumns = Object.values(mapping.columns);
  const format = {
    id: 'mapping',
    label: `Column mapping (${mapping.kind})`,
    requiredColumns,
  };
  const present = new Set(header.map((column) => column.trim().toLowerCase()));
  const missing = requiredColumns.filter((column) => !present.has(column.toLowerCase()));
  if (missing.length > 0)
    throw new FormatMismatchError('the file', { ...format, kind: mapping.kind, createParser: () => () => emptySong() } as AnyFormat, missing);

  const readers = Object.entries(mapping.columns).map(([field, column]) => {
    const kind = fields[field]!;
    return (row: RowReader, target: Record<string, unknown>) => {
      target[field] = readField(row, column, kind, mapping.listSeparator ?? ',', mapping.featuresInPercent ?? false);
    };
  });
  /** A parser filling an empty record of the mapping's kind from the mapped columns. */
  const parserOf =
    <R extends object>(empty: () => R) =>
    () =>
    (row: RowReader): R => {
      const target = empty() as unknown as Record<string, unknown>;
      for (const read of readers) read(row, target);
      if (target.title === null || target.title === undefined) throw row.error(mapping.columns.title!, 'a title');
      if (target.releaseDate !== undefined && target.releaseYear === undefined && typeof target.releaseDate === 'string')
        target.releaseYear = Number(target.releaseDate.slice(0, 4));
      return target as unknown as R;
    };
  return mapping.kind === 'songs'
    ? { ...format, kind: 'songs', createParser: parserOf(emptySong) }
    : { ...format, kind: 'movies', createParser: parserOf(emptyMovie) };
}

function readField(row: RowReader, column: string, kind: FieldKind, separator: string, percent: boolean): unknown {
  switch (kind) {
    case 'text':
      return row.text(column);
    case 'list':
      return splitList(row.text(column), separator);
    case 'date': {
      return readReleaseDate(row, column, '2019-06-14, 2019-06 or 2019').date;
    }
    case 'year':
      return row.number(column, { integer: true, min: 1850, max: 2100 });
    case 'integer':
      return row.number(column, { integer: true, thousands: true });
    case 'number':
      return row.number(column, { thousands: true });
    case 'unit': {
      const value = row.number(column, percent ? { min: 0, max: 100 } : { min: 0, max: 1 });
      return value === null ? null : percent ? value / 100 : value;
    }
    case 'boolean':
      return row.boolean(column);
    case 'pitch': {
      const text = row.text(column);
      if (text === null) return null;
      if (/^-?\d+$/.test(text)) return row.number(column, { integer: true, min: -1, max: 11 });
      const pitch = parsePitchClass(text);
      if (pitch === null) throw row.error(column, 'a pitch class 0-11 or a note name such as C#');
      return pitch;
    }
    case 'mode': {
      const text = row.text(column)?.toLowerCase() ?? null;
      if (text === null) return null;
      if (text === '1' || text === 'major') return 1;
      if (text === '0' || text === 'minor') return 0;
      throw row.error(column, '1, 0, Major or Minor');
    }
    case 'imdb': {
      const text = row.text(column);
      if (text === null) return null;
      const id = normaliseImdbId(text);
      if (id === null) throw row.error(column, 'an IMDb id such as tt0114709');
      return id;
    }
  }
}
