/**
 * Test-only helpers: small CSV files in the movie formats' schemas, built row by row from
 * defaults (Toy Story) plus overrides, so each test states only what it is about.
 */
import type { CatalogDatabase } from '../../../db/open-database.js';

export type Cells = Readonly<Record<string, string | number>>;

/** One CSV line, quoting cells that hold the delimiter, quotes or line breaks. */
export function csvLine(values: readonly (string | number)[], delimiter = ','): string {
  return values
    .map((value) => {
      const text = String(value);
      return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(delimiter);
}

/** A whole file: header plus rows (missing cells are empty), joined with `eol`, ending with one. */
export function csvText(columns: readonly string[], rows: readonly Cells[], eol = '\n'): string {
  return [csvLine(columns), ...rows.map((row) => csvLine(columns.map((column) => row[column] ?? '')))].join(eol) + eol;
}

export const V11_COLUMNS = [
  'id',
  'title',
  'vote_average',
  'vote_count',
  'status',
  'release_date',
  'revenue',
  'runtime',
  'adult',
  'backdrop_path',
  'budget',
  'homepage',
  'imdb_id',
  'original_language',
  'original_title',
  'overview',
  'popularity',
  'poster_path',
  'tagline',
  'genres',
  'production_companies',
  'production_countries',
  'spoken_languages',
  'keywords',
] as const;

/** The 23 columns of the shared Excel re-save, which dropped "keywords". */
export const V11_COLUMNS_WITHOUT_KEYWORDS = V11_COLUMNS.filter((column) => column !== 'keywords');

export function v11Row(overrides: Cells = {}): Cells {
  return {
    id: 862,
    title: 'Toy Story',
    vote_average: 7.97,
    vote_count: 17262,
    status: 'Released',
    release_date: '1995-10-30',
    revenue: 394436586,
    runtime: 81,
    adult: 'False',
    backdrop_path: '/3Rfvhy1Nl6sSGJwyjb0QiZzZYlB.jpg',
    budget: 30000000,
    homepage: 'http://toystory.disney.com/toy-story',
    imdb_id: 'tt0114709',
    original_language: 'en',
    original_title: 'Toy Story',
    overview: "Led by Woody, Andy's toys live happily in his room.",
    popularity: 101.463,
    poster_path: '/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg',
    tagline: 'Hang on for the comedy that goes to infinity and beyond!',
    genres: 'Animation, Adventure, Family, Comedy',
    production_companies: 'Pixar',
    production_countries: 'United States of America',
    spoken_languages: 'English',
    keywords: 'rescue, friendship, toy, Friendship',
    ...overrides,
  };
}

export const TMDB5000_COLUMNS = [
  'budget',
  'genres',
  'homepage',
  'id',
  'keywords',
  'original_language',
  'original_title',
  'overview',
  'popularity',
  'production_companies',
  'production_countries',
  'release_date',
  'revenue',
  'runtime',
  'spoken_languages',
  'status',
  'tagline',
  'title',
  'vote_average',
  'vote_count',
] as const;

const jsonNames = (names: readonly string[]) => JSON.stringify(names.map((name, index) => ({ id: index + 1, name })));

export function tmdb5000Row(overrides: Cells = {}): Cells {
  return {
    budget: 30000000,
    genres: jsonNames(['Animation', 'Comedy', 'Family']),
    homepage: 'http://toystory.disney.com/toy-story',
    id: 862,
    keywords: jsonNames(['jealousy', 'toy', 'boy', 'friendship']),
    original_language: 'en',
    original_title: 'Toy Story',
    overview: "Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz Lightyear onto the scene.",
    popularity: 73.640445,
    production_companies: '[{"name": "Pixar Animation Studios", "id": 3}]',
    production_countries: '[{"iso_3166_1": "US", "name": "United States of America"}]',
    release_date: '1995-10-30',
    revenue: 373554033,
    runtime: 81,
    spoken_languages: '[{"iso_639_1": "en", "name": "English"}]',
    status: 'Released',
    tagline: '',
    title: 'Toy Story',
    vote_average: 7.7,
    vote_count: 5269,
    ...overrides,
  };
}

/** Avatar (TMDb 19995) in the TMDB 5000 schema: Toy Story's row with Avatar's id and titles, plus `overrides`. */
export function avatar5000Row(overrides: Cells = {}): Cells {
  return tmdb5000Row({ id: 19995, title: 'Avatar', original_title: 'Avatar', ...overrides });
}
export { jsonNames };

export const TOP10K_COLUMNS = ['id', 'title', 'genre', 'original_language', 'overview', 'popularity', 'release_date', 'vote_average', 'vote_count'] as const;

export function top10kRow(overrides: Cells = {}): Cells {
  return {
    id: 278,
    title: 'The Shawshank Redemption',
    genre: 'Drama,Crime',
    original_language: 'en',
    overview: 'Framed in the 1940s for the double murder of his wife and her lover, upstanding banker Andy Dufresne begins a new life.',
    popularity: 94.075,
    release_date: '1994-09-23',
    vote_average: 8.7,
    vote_count: 21862,
    ...overrides,
  };
}

export const count = (db: CatalogDatabase, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

export function movieWhere(db: CatalogDatabase, where: string, ...params: unknown[]): Record<string, unknown> | undefined {
  return db.prepare(`SELECT * FROM movies WHERE ${where}`).get(...params) as Record<string, unknown> | undefined;
}

export function genresOf(db: CatalogDatabase, movieId: unknown): string[] {
  return db
    .prepare(`SELECT g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = ? ORDER BY g.name`)
    .pluck()
    .all(movieId) as string[];
}

export function keywordsOf(db: CatalogDatabase, movieId: unknown): string[] {
  return db
    .prepare(`SELECT k.name FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id WHERE mk.movie_id = ? ORDER BY k.name`)
    .pluck()
    .all(movieId) as string[];
}
