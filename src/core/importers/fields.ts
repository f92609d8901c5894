/** Parsers for the small value languages found inside dataset cells. */
import type { RowReader } from './row.js';

/** "['Years & Years', \"Guns N' Roses\"]" (a Python list literal, as pandas writes lists). */
export function parsePythonList(value: string): string[] | null {
  const text = value.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return null;
  const items: string[] = [];
  let index = 1;
  const end = text.length - 1;
  while (index < end) {
    const char = text[index]!;
    if (char === ' ' || char === ',') {
      index++;
      continue;
    }
    if (char !== "'" && char !== '"') return null;
    let item = '';
    index++;
    while (index < end && text[index] !== char) {
      if (text[index] === '\\' && index + 1 < end) index++;
      item += text[index];
      index++;
    }
    if (text[index] !== char) return null;
    items.push(item);
    index++;
  }
  return items;
}

/** TMDB 5000's genre and keyword cells: '[{"id": 28, "name": "Action"}, ...]'. */
export function parseJsonNames(value: string): string[] | null {
  const text = value.trim();
  if (text === '') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return null;
    const names: string[] = [];
    for (const entry of parsed) {
      if (typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string') {
        names.push((entry as { name: string }).name);
      } else return null;
    }
    return names;
  } catch {
    return null;
  }
}

export function splitList(value: string | null, separator: string | RegExp): string[] {
  if (value === null) return [];
  return [
    ...new Set(
      value
        .split(separator)
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ];
}

/** Accepts "2019-06-14", "2019-06", "2019", and day-first or US dates are rejected (ambiguous). */
export function parseReleaseDate(value: string | null): { date: string | null; year: number | null } | null {
  if (value === null) return { date: null, year: null };
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$/.exec(value.trim());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1850 || year > 2100) return null;
  const month = match[2] ? Number(match[2]) : null;
  const day = match[3] ? Number(match[3]) : null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  const date = [String(year), month === null ? null : String(month).padStart(2, '0'), day === null ? null : String(day).padStart(2, '0')]
    .filter((part) => part !== null)
    .join('-');
  return { date, year };
}

/** "tt0114709", "0114709", "114709" and "tt114709" all become "tt0114709". */
export function normaliseImdbId(value: string | null): string | null {
  if (value === null) return null;
  const match = /^(?:tt)?0*(\d{1,10})$/i.exec(value.trim());
  if (!match) return null;
  return `tt${match[1]!.padStart(7, '0')}`;
}

/** MovieLens "Shawshank Redemption, The (1994)" becomes title "The Shawshank Redemption", year 1994. */
export function splitMovieLensTitle(value: string): { title: string; year: number | null } {
  let title = value.trim();
  let year: number | null = null;
  const yearMatch = /\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$/.exec(title);
  if (yearMatch) {
    year = Number(yearMatch[1]);
    title = title.slice(0, yearMatch.index).trim();
  }
  // The article may be followed by an alternative title in parentheses: "Cité des enfants perdus, La (City of Lost Children, The)".
  const articleMatch = /^(.*), (The|A|An|Les|Le|La|L'|Il|Der|Die|Das|El|Los|Las|Un|Une|Gli|Os|Det|Den|Het|Lo)(\s*\(.*\))?$/.exec(title);
  if (articleMatch) {
    const [, rest, article, alternative] = articleMatch;
    const joiner = article!.endsWith("'") ? '' : ' ';
    title = `${article}${joiner}${rest}${alternative ?? ''}`;
  }
  return { title, year };
}

/** Key for songs without a Spotify id: case, accents, punctuation and artist order do not matter. */
export function songNaturalKey(title: string, artists: readonly string[]): string {
  const fold = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return `ta:${fold(title)}|${artists.map(fold).sort().join(',')}`;
}

const PITCH_CLASSES: Record<string, number> = {
  C: 0,
  'C#': 1,
  DB: 1,
  D: 2,
  'D#': 3,
  EB: 3,
  E: 4,
  F: 5,
  'F#': 6,
  GB: 6,
  G: 7,
  'G#': 8,
  AB: 8,
  A: 9,
  'A#': 10,
  BB: 10,
  B: 11,
};

/** "C#" -> 1, "Bb" -> 10; null for anything else. */
export function parsePitchClass(value: string): number | null {
  return PITCH_CLASSES[value.trim().toUpperCase().replace('♯', '#').replace('♭', 'B')] ?? null;
}

/** The release date in `column` (parseReleaseDate); anything else is the row's error, naming `example` dates. */
export function readReleaseDate(row: RowReader, column: string, example: string): { date: string | null; year: number | null } {
  const released = parseReleaseDate(row.text(column));
  if (released === null) throw row.error(column, `a date like ${example}`);
  return released;
}
