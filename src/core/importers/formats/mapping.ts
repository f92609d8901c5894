import fs from 'node:fs';
import { z } from 'zod';
import { normaliseImdbId, parsePitchClass, parseReleaseDate, splitList } from '../fields.js';
import { emptyMovie, emptySong, type MovieRecord, type SongRecord } from '../records.js';
import type { RowReader } from '../row.js';
import { FormatMismatchError } from './detect.js';
import type { AnyFormat } from './types.js';

type FieldKind = 'text' | 'list' | 'date' | 'year' | 'integer' | 'number' | 'unit' | 'boolean' | 'pitch' | 'mode' | 'imdb';

const SONG_FIELDS = {
  spotifyId: 'text', title: 'text', artists: 'list', album: 'text', spotifyAlbumId: 'text', releaseDate: 'date', releaseYear: 'year',
  durationMs: 'integer', explicit: 'boolean', popularity: 'number', streams: 'integer', danceability: 'unit', energy: 'unit',
  musicalKey: 'pitch', loudness: 'number', mode: 'mode', speechiness: 'unit', acousticness: 'unit', instrumentalness: 'unit',
  liveness: 'unit', valence: 'unit', tempo: 'number', timeSignature: 'integer', genres: 'list',
} as const satisfies Record<Exclude<keyof SongRecord, never>, FieldKind>;

const MOVIE_FIELDS = {
  tmdbId: 'integer', imdbId: 'imdb', movielensId: 'integer', title: 'text', originalTitle: 'text', releaseDate: 'date',
  releaseYear: 'year', overview: 'text', tagline: 'text', runtimeMinutes: 'number', originalLanguage: 'text', popularity: 'number',
  voteAverage: 'number', voteCount: 'integer', revenue: 'integer', budget: 'integer', adult: 'boolean', status: 'text',
  posterPath: 'text', genres: 'list', keywords: 'list',
} as const satisfies Record<Exclude<keyof MovieRecord, 'votesAreFallback'>, FieldKind>;

const columnMappingSchema = z
  .object({
    kind: z.enum(['songs', 'movies']),
    /** Catalog field -> column name in the file. */
    columns: z.record(z.string(), z.string().min(1)),
    /** Separator inside list cells (artists, genres, keywords). Default ",". */
    listSeparator: z.string().min(1).default(','),
    /** Percent-scaled audio features (0..100), as in "Most Streamed Spotify Songs 2023". */
    featuresInPercent: z.boolean().default(false),
  })
  .strict();

export type ColumnMapping = z.input<typeof columnMappingSchema>;

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
  if (missing.length > 0) throw new FormatMismatchError('the file', { ...format, kind: mapping.kind, createParser: () => () => emptySong() } as AnyFormat, missing);

  const readers = Object.entries(mapping.columns).map(([field, column]) => {
    const kind = fields[field]!;
    return (row: RowReader, target: Record<string, unknown>) => {
      target[field] = readField(row, column, kind, mapping.listSeparator, mapping.featuresInPercent);
    };
  });
  const build = (row: RowReader, target: Record<string, unknown>) => {
    for (const read of readers) read(row, target);
    if (target.title === null || target.title === undefined) throw row.error(mapping.columns.title!, 'a title');
    if (target.releaseDate !== undefined && target.releaseYear === undefined && typeof target.releaseDate === 'string')
      target.releaseYear = Number(target.releaseDate.slice(0, 4));
  };
  if (mapping.kind === 'songs') {
    return { ...format, kind: 'songs', createParser: () => (row) => { const song = emptySong(); build(row, song as unknown as Record<string, unknown>); return song; } };
  }
  return { ...format, kind: 'movies', createParser: () => (row) => { const movie = emptyMovie(); build(row, movie as unknown as Record<string, unknown>); return movie; } };
}

function readField(row: RowReader, column: string, kind: FieldKind, separator: string, percent: boolean): unknown {
  switch (kind) {
    case 'text':
      return row.text(column);
    case 'list':
      return splitList(row.text(column), separator);
    case 'date': {
      const date = parseReleaseDate(row.text(column));
      if (date === null) throw row.error(column, 'a date like 2019-06-14, 2019-06 or 2019');
      return date.date;
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
