import { parse } from 'csv-parse/sync';
import { TasteImportError, type ExportFile } from './export-files.js';

/** Which Letterboxd export file an entry came from. */
type LetterboxdList = 'ratings' | 'diary' | 'watched' | 'watchlist';

export interface LetterboxdFilm {
  readonly list: LetterboxdList;
  /** The CSV line, for the report. */
  readonly line: number;
  readonly name: string;
  readonly year: number | null;
  /** 0.5 … 5 stars, or null. */
  readonly rating: number | null;
  /** Present in Letterboxd's import format and some tools' exports; the official export has neither. */
  readonly tmdbId: number | null;
  readonly imdbId: string | null;
  /** Diary: the day the film was watched (YYYY-MM-DD). */
  readonly watchedDate: string | null;
}

const COLUMN_ALIASES = {
  name: ['name', 'title'],
  year: ['year'],
  rating: ['rating'],
  tmdbId: ['tmdbid', 'tmdb id', 'tmdb'],
  imdbId: ['imdbid', 'imdb id', 'imdb'],
  watchedDate: ['watched date', 'watcheddate'],
  date: ['date'],
} as const;

export function letterboxdListOf(baseName: string): LetterboxdList | null {
  const match = /^(watched|ratings|diary|watchlist)\.csv$/i.exec(baseName);
  return match ? (match[1]!.toLowerCase() as LetterboxdList) : null;
}

/**
 * Reads one Letterboxd export CSV (watched, ratings, diary or watchlist: Date, Name, Year,
 * Letterboxd URI, and Rating, Rewatch, Tags, Watched Date where they apply). A row without a name
 * or with an unreadable year or rating is reported by line and left out; the rest is read.
 */
export function readLetterboxdCsv(file: ExportFile, list: LetterboxdList): { films: LetterboxdFilm[]; problems: string[] } {
  let rows: string[][];
  try {
    rows = parse(file.text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TasteImportError(`${file.shownName}: not a readable CSV file (${message}).`);
  }
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const column = (names: readonly string[]) => header.findIndex((cell) => names.includes(cell));
  const at = {
    name: column(COLUMN_ALIASES.name),
    year: column(COLUMN_ALIASES.year),
    rating: column(COLUMN_ALIASES.rating),
    tmdbId: column(COLUMN_ALIASES.tmdbId),
    imdbId: column(COLUMN_ALIASES.imdbId),
    watchedDate: column(COLUMN_ALIASES.watchedDate),
  };
  if (at.name < 0)
    throw new TasteImportError(
      `${file.shownName}: line 1: expected Letterboxd's header (Date, Name, Year, Letterboxd URI${list === 'ratings' || list === 'diary' ? ', Rating' : ''}), found ${JSON.stringify((rows[0] ?? []).join(','))}.`,
    );
  const films: LetterboxdFilm[] = [];
  const problems: string[] = [];
  rows.slice(1).forEach((row, index) => {
    const line = index + 2;
    const cell = (position: number) => (position >= 0 ? (row[position] ?? '').trim() : '');
    const name = cell(at.name);
    if (name === '') {
      problems.push(`${file.shownName}: line ${line}: column Name is empty; the row was left out.`);
      return;
    }
    const yearText = cell(at.year);
    const year = yearText === '' ? null : Number(yearText);
    if (year !== null && (!Number.isInteger(year) || year < 1870 || year > 2200)) {
      problems.push(`${file.shownName}: line ${line}: column Year: expected a year such as 1999, found ${JSON.stringify(yearText)}; the row was left out.`);
      return;
    }
    const ratingText = cell(at.rating);
    const rating = ratingText === '' ? null : Number(ratingText);
    if (rating !== null && (!Number.isFinite(rating) || rating < 0.5 || rating > 5 || (rating * 2) % 1 !== 0)) {
      problems.push(
        `${file.shownName}: line ${line}: column Rating: expected 0.5 to 5 in half stars, found ${JSON.stringify(ratingText)}; the row was left out.`,
      );
      return;
    }
    const tmdb = Number(cell(at.tmdbId));
    const imdb = cell(at.imdbId).toLowerCase();
    films.push({
      list,
      line,
      name,
      year,
      rating,
      tmdbId: Number.isInteger(tmdb) && tmdb > 0 ? tmdb : null,
      imdbId: /^tt\d+$/.test(imdb) ? imdb : null,
      watchedDate: /^\d{4}-\d{2}-\d{2}$/.test(cell(at.watchedDate)) ? cell(at.watchedDate) : null,
    });
  });
  return { films, problems };
}

/** "★★★★½" for 4.5. */
export function stars(rating: number): string {
  return '★'.repeat(Math.floor(rating)) + (rating % 1 === 0.5 ? '½' : '');
}
