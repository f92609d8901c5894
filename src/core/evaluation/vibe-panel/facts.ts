import { knownExplicit } from '../../features/explicit-lyrics.js';
import type { CatalogDatabase } from '../../db/open-database.js';
import { foldText, nameKey, songTitleKey, splitArtists } from '../normalise-title.js';
import type { ItemKind } from '../types.js';
import type { Feature, Predicate } from './panel-schema.js';

/**
 * The catalog facts the panel's predicates ask about, for the handful of results a query
 * returns, and the predicates themselves in code and in plain words.
 */
export interface ItemFacts {
  readonly kind: ItemKind;
  readonly id: number;
  /** How a person names it: "Dancing Queen — ABBA", "Spirited Away (2001)". */
  readonly label: string;
  readonly title: string;
  /** Folded genre names ("hip hop", "science fiction"). */
  readonly genres: readonly string[];
  /** Folded film keywords (empty for songs). */
  readonly keywords: readonly string[];
  /** Artist name keys (empty for films). */
  readonly artists: readonly string[];
  /** Folded credit line as stored ("earth wind and fire"), for names that contain the separator. */
  readonly credits: string;
  /** Folded title plus album (songs) or original title (films), for the "text" fact. */
  readonly text: string;
  readonly year: number | null;
  readonly language: string | null;
  readonly explicit: boolean | null;
  readonly features: Partial<Record<Feature, number>>;
  /** Songs: the comparison key of the title, for spotting the same recording twice. */
  readonly recordingKey: string | null;
}

/** Genres, keywords and phrases compare folded, with hyphens read as spaces ("hip-hop" = "Hip Hop"). */
const foldTerm = (term: string): string => foldText(term);

interface SongRow {
  id: number;
  title: string;
  artists: string;
  album: string | null;
  release_year: number | null;
  explicit: number | null;
  energy: number | null;
  valence: number | null;
  danceability: number | null;
  acousticness: number | null;
  instrumentalness: number | null;
  speechiness: number | null;
  tempo: number | null;
}

interface MovieRow {
  id: number;
  title: string;
  original_title: string | null;
  release_year: number | null;
  original_language: string | null;
  runtime_minutes: number | null;
}

const known = (value: number | null): value is number => value !== null && Number.isFinite(value);

/** Facts of the given items, in the order given; ids not in the catalog are left out. */
export function loadFacts(db: CatalogDatabase, kind: ItemKind, ids: readonly number[]): ItemFacts[] {
  if (ids.length === 0) return [];
  return kind === 'song' ? loadSongFacts(db, ids) : loadMovieFacts(db, ids);
}

function namesBy(db: CatalogDatabase, sql: string, ids: readonly number[]): Map<number, string[]> {
  const byId = new Map<number, string[]>();
  const rows = db
    .prepare(sql.replace('?', ids.map(() => '?').join(',')))
    .raw()
    .all(...ids) as [number, string][];
  for (const [id, name] of rows) {
    const names = byId.get(id) ?? [];
    names.push(foldTerm(name));
    byId.set(id, names);
  }
  return byId;
}

function loadSongFacts(db: CatalogDatabase, ids: readonly number[]): ItemFacts[] {
  const placeholders = ids.map(() => '?').join(',');
  const rows = db
    .prepare(
      `SELECT id, title, artists, album, release_year, explicit, energy, valence, danceability, acousticness, instrumentalness, speechiness, tempo
       FROM songs WHERE id IN (${placeholders})`,
    )
    .all(...ids) as SongRow[];
  const genres = namesBy(db, `SELECT sg.song_id, g.name FROM song_genres sg JOIN genres g ON g.id = sg.genre_id WHERE sg.song_id IN (?)`, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const features: Partial<Record<Feature, number>> = {};
    for (const feature of ['energy', 'valence', 'danceability', 'acousticness', 'instrumentalness', 'speechiness', 'tempo'] as const) {
      const value = row[feature];
      if (known(value)) features[feature] = value;
    }
    return [
      {
        kind: 'song' as const,
        id,
        label: `${row.title} — ${row.artists}`,
        title: row.title,
        genres: genres.get(id) ?? [],
        keywords: [],
        artists: splitArtists(row.artists).map(nameKey),
        credits: foldText(row.artists),
        text: foldText(`${row.title} ${row.album ?? ''}`),
        year: row.release_year,
        language: null,
        // A title such as "California Love (Explicit)" says so where the source has no flag.
        explicit: knownExplicit(row.explicit, row.title),
        features,
        recordingKey: songTitleKey(row.title),
      },
    ];
  });
}

function loadMovieFacts(db: CatalogDatabase, ids: readonly number[]): ItemFacts[] {
  const placeholders = ids.map(() => '?').join(',');
  const rows = db
    .prepare(`SELECT id, title, original_title, release_year, original_language, runtime_minutes FROM movies WHERE id IN (${placeholders})`)
    .all(...ids) as MovieRow[];
  const genres = namesBy(db, `SELECT mg.movie_id, g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id IN (?)`, ids);
  const keywords = namesBy(db, `SELECT mk.movie_id, k.name FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id WHERE mk.movie_id IN (?)`, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        kind: 'movie' as const,
        id,
        label: `${row.title} (${row.release_year ?? 'year unknown'})`,
        title: row.title,
        genres: genres.get(id) ?? [],
        keywords: keywords.get(id) ?? [],
        artists: [],
        credits: '',
        text: foldText(`${row.title} ${row.original_title ?? ''}`),
        year: row.release_year,
        language: row.original_language && row.original_language.trim() !== '' ? row.original_language.trim().toLowerCase() : null,
        explicit: null,
        features: known(row.runtime_minutes) ? { runtime: row.runtime_minutes } : {},
        recordingKey: null,
      },
    ];
  });
}

/**
 * Whether a song credits the artist `name`: one of its split artists is that name, or, because the
 * catalog joins artists with ", ", the whole credit line contains it as whole words (a band
 * called "Earth, Wind & Fire" is stored split in three).
 */
export function creditsArtist(artistKeys: readonly string[], foldedCredits: string, name: string): boolean {
  return artistKeys.includes(nameKey(name)) || (name.includes(',') && hasPhrase(foldedCredits, name));
}

/** Whether `phrase` occurs in `folded` as whole words. */
function hasPhrase(folded: string, phrase: string): boolean {
  const needle = foldTerm(phrase);
  return needle !== '' && ` ${folded} `.includes(` ${needle} `);
}

/** The predicate's answer for one item; a fact the catalog does not know answers no. */
export function holds(predicate: Predicate, item: ItemFacts): boolean {
  switch (predicate.fact) {
    case 'genre':
      return predicate.any.some((genre) => item.genres.includes(foldTerm(genre)));
    case 'keyword':
      return predicate.any.some((keyword) => item.keywords.includes(foldTerm(keyword)));
    case 'language':
      return item.language !== null && predicate.any.includes(item.language);
    case 'artist':
      return creditsArtist(item.artists, item.credits, predicate.is);
    case 'text':
      return predicate.any.some((phrase) => hasPhrase(item.text, phrase));
    case 'year':
      return item.year !== null && (predicate.from === undefined || item.year >= predicate.from) && (predicate.to === undefined || item.year <= predicate.to);
    case 'explicit':
      return item.explicit === true;
    case 'feature': {
      const value = item.features[predicate.feature];
      return value !== undefined && (predicate.below === undefined || value < predicate.below) && (predicate.above === undefined || value > predicate.above);
    }
    case 'anyOf':
      return predicate.of.some((inner) => holds(inner, item));
    case 'allOf':
      return predicate.of.every((inner) => holds(inner, item));
    case 'not':
      return !holds(predicate.of, item);
  }
}

const orList = (values: readonly string[]) => (values.length === 1 ? values[0]! : `${values.slice(0, -1).join(', ')} or ${values.at(-1)!}`);

/**
 * The predicate in plain words as a noun phrase about results of `kind`, singular for a count
 * of 1 ("1 song in the genre comedy", "3 films with the keyword boxing").
 */
export function describe(predicate: Predicate, kind: ItemKind, count = 2): string {
  const one = count === 1;
  const noun = kind === 'song' ? (one ? 'song' : 'songs') : one ? 'film' : 'films';
  switch (predicate.fact) {
    case 'genre':
      return `${noun} in the genre ${orList(predicate.any)}`;
    case 'keyword':
      return `${noun} with the keyword ${orList(predicate.any)}`;
    case 'language':
      return `${noun} in the original language ${orList(predicate.any)}`;
    case 'artist':
      return `${noun} by ${predicate.is}`;
    case 'text':
      return `${noun} whose title${kind === 'song' ? ' or album' : ''} mentions ${orList(predicate.any.map((phrase) => `"${phrase}"`))}`;
    case 'year':
      if (predicate.from !== undefined && predicate.to !== undefined) return `${noun} from ${predicate.from}–${predicate.to}`;
      return predicate.from !== undefined ? `${noun} from ${predicate.from} or later` : `${noun} from ${predicate.to} or earlier`;
    case 'explicit':
      return `explicit ${noun}`;
    case 'feature': {
      const bounds = [
        predicate.above !== undefined ? `above ${predicate.above}` : null,
        predicate.below !== undefined ? `below ${predicate.below}` : null,
      ].filter((bound) => bound !== null);
      return `${noun} with ${predicate.feature} ${bounds.join(' and ')}`;
    }
    case 'anyOf':
      return `(${predicate.of.map((inner) => describe(inner, kind, count)).join(', or ')})`;
    case 'allOf':
      return `(${predicate.of.map((inner) => describe(inner, kind, count)).join(', and ')})`;
    case 'not':
      return `not ${describe(predicate.of, kind, count)}`;
  }
}

/** Why an item matched, shortly, for failure messages: its genres or the fact asked about. */
export function evidence(predicate: Predicate, item: ItemFacts): string {
  const facts = new Set<string>();
  const collect = (inner: Predicate): void => {
    if (inner.fact === 'anyOf' || inner.fact === 'allOf') inner.of.forEach(collect);
    else if (inner.fact === 'not') collect(inner.of);
    else if (inner.fact === 'genre' && item.genres.length > 0) facts.add(item.genres.join(', '));
    else if (inner.fact === 'keyword')
      inner.any.filter((keyword) => item.keywords.includes(foldTerm(keyword))).forEach((keyword) => facts.add(`keyword ${keyword}`));
    else if (inner.fact === 'language' && item.language) facts.add(`language ${item.language}`);
    else if (inner.fact === 'year' && item.year !== null) facts.add(String(item.year));
    else if (inner.fact === 'explicit' && item.explicit) facts.add('explicit');
    else if (inner.fact === 'feature' && item.features[inner.feature] !== undefined) facts.add(`${inner.feature} ${round(item.features[inner.feature]!)}`);
  };
  collect(predicate);
  return facts.size > 0 ? `${item.label} [${[...facts].join('; ')}]` : item.label;
}

export const round = (value: number): string => (Math.round(value * 100) / 100).toString();
