/**
 * Deterministic generators of large CSV fixtures in real dataset schemas, for the crash-safety
 * test and the benchmarks. The same options always give byte-identical files (seeded PRNG, no
 * clock, no Math.random), and rows are written in ~1 MB chunks, so a million rows never sit in
 * memory.
 *
 *   node --import tsx tests/support/generate-fixtures.ts spotify 200000 out.csv [seed]
 *   node --import tsx tests/support/generate-fixtures.ts tmdb 1000000 out.csv [seed]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../src/core/random.js';

// ---------------------------------------------------------------- PRNG

/** Seeded draws for fixtures (mulberry32 from src/core/random.ts), identical on every platform. */
export class Prng {
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.random();
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Skewed towards the start of the list (popular words, popular genres). */
  pickSkewed<T>(items: readonly T[]): T {
    const u = this.next();
    return items[Math.floor(u * u * items.length)]!;
  }

  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number {
    const value = mean + (this.next() + this.next() + this.next() - 1.5) * spread;
    return Math.min(max, Math.max(min, value));
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomBase62(rng: Prng, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += BASE62[Math.floor(rng.next() * 62)];
  return text;
}

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  for (let index = 0; index < width; index++) {
    text = BASE62[rest % 62]! + text;
    rest = Math.floor(rest / 62);
  }
  return text;
}

// ---------------------------------------------------------------- CSV writing

/** RFC 4180 quoting: only when needed, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Buffers text and writes it to the file in ~1 MB synchronous chunks. */
class ChunkedWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.fd = fs.openSync(file, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    fs.writeSync(this.fd, buffer);
    this.bytes += buffer.length;
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

// ---------------------------------------------------------------- vocabulary

const WORDS = [
  'Love',
  'Night',
  'Heart',
  'Dream',
  'Fire',
  'Rain',
  'Summer',
  'Midnight',
  'Light',
  'Blue',
  'Gold',
  'Wild',
  'Dance',
  'Stars',
  'Shadow',
  'River',
  'Ocean',
  'Sky',
  'City',
  'Girl',
  'Boy',
  'Time',
  'Forever',
  'Home',
  'Road',
  'Moon',
  'Sun',
  'Angel',
  'Ghost',
  'Paradise',
  'Echo',
  'Silence',
  'Thunder',
  'Velvet',
  'Neon',
  'Paper',
  'Glass',
  'Electric',
  'Golden',
  'Broken',
  'Lonely',
  'Sweet',
  'Crazy',
  'Happy',
  'Lost',
  'Young',
  'Free',
  'Higher',
  'Deep',
  'Cold',
  'Hot',
  'Secret',
  'Magic',
  'Holy',
  'Lucky',
  'Last',
  'First',
  'Morning',
  'Evening',
  'Winter',
  'Spring',
  'Autumn',
  'Storm',
  'Wave',
  'Garden',
  'Mirror',
  'Window',
  'Train',
  'Highway',
  'Desert',
  'Mountain',
  'Island',
  'Kingdom',
  'Empire',
  'Revolution',
  'Memory',
  'Promise',
  'Whisper',
  'Tears',
  'Smile',
  'Kiss',
  'Goodbye',
  'Hello',
  'Tonight',
  'Tomorrow',
  'Yesterday',
  'Satellite',
  'Horizon',
  'Diamond',
  'Silver',
  'Crystal',
  'Phoenix',
  'Dragon',
  'Tiger',
  'Wolf',
  'Butterfly',
  'Rose',
  'Lily',
  'Cherry',
  'Honey',
  'Sugar',
  'Coffee',
  'Whiskey',
  'Cigarette',
  'Radio',
  'Television',
  'Machine',
  'Rhythm',
  'Melody',
  'Symphony',
  'Ballad',
  'Blues',
  'Soul',
  'Groove',
  'Funk',
  'Fever',
  'Hurricane',
  'Tornado',
  'Volcano',
];
const ACCENTED_WORDS = [
  'Corazón',
  'Canción',
  'Mañana',
  'Niño',
  'Señorita',
  'Café',
  'Été',
  'Rêve',
  'Désir',
  'Mélodie',
  'Über',
  'Träume',
  'Schön',
  'Fräulein',
  'Smörgåsbord',
  'Sjöman',
  'Ångest',
  'Øen',
  'Ærlig',
  'Música',
  'Pájaro',
  'Ilusión',
  'Canção',
  'Saudação',
  'Coração',
  'Żółw',
  'Łąka',
  'Český',
  'Dvořák',
  'Mötley',
  'Björk',
  'Sigur',
  'Rós',
  'Nézet',
  'Séguin',
  'Beyoncé',
  'Chloé',
  'Zoë',
  'Noël',
  'Garçon',
  'Façade',
  'Naïve',
  'Jalapeño',
  'Piñata',
  'Ünal',
  'Gül',
  'Şarkı',
  'Ἀγάπη',
  'Любовь',
  'Ночь',
  'Звезда',
  '夜',
  '愛',
  '東京',
  '花火',
  '風',
  '사랑',
  '별',
  'قمر',
  'שיר',
];
const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Cleo',
  'Dario',
  'Elena',
  'Felix',
  'Greta',
  'Hugo',
  'Iris',
  'Jonas',
  'Kira',
  'Leo',
  'Maya',
  'Nico',
  'Olivia',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Umar',
  'Vera',
  'Will',
  'Xena',
  'Yara',
  'Zane',
  'José',
  'Zoë',
  'Renée',
  'André',
  'Søren',
  'Björn',
  'Inès',
  'Agnès',
  'François',
  'Mónica',
  'Iñaki',
  'Jürgen',
  'Małgorzata',
  'Dvořák',
  'Ólafur',
  'Łukasz',
  'Héloïse',
  'Nuño',
];
const LAST_NAMES = [
  'Adams',
  'Baker',
  'Carter',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hill',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Nakamura',
  'Olsen',
  'Park',
  'Quinn',
  'Rossi',
  'Silva',
  'Taylor',
  'Ueda',
  'Vogel',
  'Walker',
  'Young',
  'Zimmer',
  'Nuñez',
  'Müller',
  'Gómez',
  'Sánchez',
  'Pérez',
  'Lefèvre',
  'Dubois',
  'Håkansson',
  'Østergaard',
  'Çelik',
  'Yılmaz',
  'Nováková',
  'Wiśniewski',
  'Ibáñez',
];
const BAND_PATTERNS = ['The {w}s', '{w} {w}', 'The {w} {w}', '{w} & The {w}s', '{w}{w}', 'Los {w}s', 'DJ {w}', 'MC {w}', '{w} Club'];

/** The 114 genres of the Hugging Face Spotify Tracks dataset. */
export const SPOTIFY_GENRES = [
  'acoustic',
  'afrobeat',
  'alt-rock',
  'alternative',
  'ambient',
  'anime',
  'black-metal',
  'bluegrass',
  'blues',
  'brazil',
  'breakbeat',
  'british',
  'cantopop',
  'chicago-house',
  'children',
  'chill',
  'classical',
  'club',
  'comedy',
  'country',
  'dance',
  'dancehall',
  'death-metal',
  'deep-house',
  'detroit-techno',
  'disco',
  'disney',
  'drum-and-bass',
  'dub',
  'dubstep',
  'edm',
  'electro',
  'electronic',
  'emo',
  'folk',
  'forro',
  'french',
  'funk',
  'garage',
  'german',
  'gospel',
  'goth',
  'grindcore',
  'groove',
  'grunge',
  'guitar',
  'happy',
  'hard-rock',
  'hardcore',
  'hardstyle',
  'heavy-metal',
  'hip-hop',
  'honky-tonk',
  'house',
  'idm',
  'indian',
  'indie-pop',
  'indie',
  'industrial',
  'iranian',
  'j-dance',
  'j-idol',
  'j-pop',
  'j-rock',
  'jazz',
  'k-pop',
  'kids',
  'latin',
  'latino',
  'malay',
  'mandopop',
  'metal',
  'metalcore',
  'minimal-techno',
  'mpb',
  'new-age',
  'opera',
  'pagode',
  'party',
  'piano',
  'pop-film',
  'pop',
  'power-pop',
  'progressive-house',
  'psych-rock',
  'punk-rock',
  'punk',
  'r-n-b',
  'reggae',
  'reggaeton',
  'rock-n-roll',
  'rock',
  'rockabilly',
  'romance',
  'sad',
  'salsa',
  'samba',
  'sertanejo',
  'show-tunes',
  'singer-songwriter',
  'ska',
  'sleep',
  'songwriter',
  'soul',
  'spanish',
  'study',
  'swedish',
  'synth-pop',
  'tango',
  'techno',
  'trance',
  'trip-hop',
  'turkish',
  'world-music',
] as const;

function word(rng: Prng, accentRate: number): string {
  return rng.chance(accentRate) ? rng.pick(ACCENTED_WORDS) : rng.pickSkewed(WORDS);
}

function phrase(rng: Prng, minWords: number, maxWords: number, accentRate: number): string {
  const count = rng.int(minWords, maxWords);
  const words: string[] = [];
  for (let index = 0; index < count; index++) words.push(word(rng, accentRate));
  return words.join(' ');
}

function personName(rng: Prng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

function artistName(rng: Prng): string {
  if (rng.chance(0.55)) return personName(rng);
  return rng.pick(BAND_PATTERNS).replace(/\{w\}/g, () => word(rng, 0.08));
}

// ---------------------------------------------------------------- number formatting

/** Formats a float the way pandas/Python repr writes it: "0.0", "0.123", "1.84e-06". */
export function pythonFloat(value: number, significant = 3): string {
  if (value === 0) return '0.0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4) {
    const [mantissa, exponent] = value.toExponential(significant - 1).split('e') as [string, string];
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${trimmed}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  const decimals = Math.max(0, significant - 1 - Math.floor(Math.log10(magnitude)));
  return withPoint(String(Math.round(value * 10 ** decimals) / 10 ** decimals));
}

function withPoint(text: string): string {
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}

function fixed(value: number, decimals: number): string {
  return withPoint(String(Math.round(value * 10 ** decimals) / 10 ** decimals));
}

// ---------------------------------------------------------------- Spotify Tracks (Hugging Face)

export const SPOTIFY_TRACKS_HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,' +
  'acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';

export interface SpotifyFixtureOptions {
  readonly rows: number;
  readonly seed?: number;
  /** Share of rows that repeat an earlier track under another genre (the real file has ~21%; its 10K sample ~2.5%). */
  readonly repeatRate?: number;
  readonly lineEnding?: '\n' | '\r\n';
  /** Sees every generated row (e.g. to keep the track ids in file order). */
  readonly onRow?: (row: SpotifyTrackRow) => void;
}

export interface SpotifyTrackRow {
  /** 0-based data row number (the file's index column). */
  readonly index: number;
  readonly trackId: string;
  readonly genre: string;
  /** True when this track id already appeared in an earlier row. */
  readonly repeat: boolean;
  /** The CSV line, without line ending. */
  readonly line: string;
}

interface SpotifyTrack {
  readonly trackId: string;
  /** Every column after track_id up to (not including) track_genre, already CSV-encoded. */
  readonly body: string;
  readonly genres: string[];
}

/** Generates the rows of a Spotify Tracks (Hugging Face) file, one at a time. */
export function* spotifyTrackRows(options: SpotifyFixtureOptions): Generator<SpotifyTrackRow> {
  const rng = new Prng(options.seed ?? 1);
  const repeatRate = options.repeatRate ?? 0.08;
  const recent: SpotifyTrack[] = [];
  const RECENT = 4096;
  let distinct = 0;
  for (let index = 0; index < options.rows; index++) {
    const candidate = recent.length > 0 && rng.chance(repeatRate) ? rng.pick(recent) : null;
    if (candidate && candidate.genres.length < 6) {
      let genre = rng.pick(SPOTIFY_GENRES) as string;
      while (candidate.genres.includes(genre)) genre = rng.pick(SPOTIFY_GENRES);
      candidate.genres.push(genre);
      yield { index, trackId: candidate.trackId, genre, repeat: true, line: `${index},${candidate.trackId},${candidate.body},${genre}` };
      continue;
    }
    // A unique id: 16 random base62 characters, then the running track number (62^6 > 56 billion).
    const trackId = randomBase62(rng, 16) + base62(distinct++, 6);
    const track: SpotifyTrack = { trackId, body: spotifyTrackBody(rng), genres: [rng.pickSkewed(SPOTIFY_GENRES)] };
    if (recent.length < RECENT) recent.push(track);
    else recent[rng.int(0, RECENT - 1)] = track;
    yield { index, trackId, genre: track.genres[0]!, repeat: false, line: `${index},${trackId},${track.body},${track.genres[0]}` };
  }
}

function spotifyTrackBody(rng: Prng): string {
  // The real file has one row with an id and nothing else.
  const nameless = rng.chance(0.0001);
  const artistCount = rng.chance(0.2) ? rng.int(2, 4) : 1;
  const artists: string[] = [];
  for (let index = 0; index < artistCount; index++) artists.push(artistName(rng));
  let title = phrase(rng, 1, 4, 0.06);
  if (rng.chance(0.06)) title += ` - Remastered ${rng.int(1995, 2022)}`;
  if (rng.chance(0.05)) title += ` (feat. ${personName(rng)})`;
  if (rng.chance(0.02)) title = `"${title}"`;
  if (rng.chance(0.03)) title = `${word(rng, 0.1)}, ${title}`;
  const album = rng.chance(0.3) ? title : rng.chance(0.05) ? `${phrase(rng, 1, 3, 0.06)}, Vol. ${rng.int(1, 5)}` : phrase(rng, 1, 4, 0.06);
  const silent = rng.chance(0.0015); // tempo 0 and time_signature 0: no beat found
  const acousticness = rng.chance(0.08) ? rng.next() * 1e-4 : rng.next();
  const instrumentalness = rng.chance(0.35) ? 0 : rng.chance(0.3) ? rng.next() * 1e-4 : rng.next();
  const values = [
    nameless ? '' : csvField(artists.join(';')),
    nameless ? '' : csvField(album),
    nameless ? '' : csvField(title),
    String(Math.round(rng.around(35, 50, 0, 100))),
    String(rng.int(30_000, 600_000)),
    rng.chance(0.085) ? 'True' : 'False',
    pythonFloat(rng.around(0.57, 0.5, 0, 0.985)),
    pythonFloat(rng.around(0.64, 0.7, 0, 1)),
    String(rng.int(0, 11)),
    fixed(-rng.around(8, 12, 0.1, 49), 3),
    String(rng.chance(0.64) ? 1 : 0),
    pythonFloat(rng.chance(0.85) ? 0.02 + rng.next() * 0.1 : rng.next() * 0.96),
    pythonFloat(acousticness),
    pythonFloat(instrumentalness),
    pythonFloat(rng.around(0.2, 0.4, 0.01, 1)),
    pythonFloat(rng.around(0.47, 0.8, 0, 0.995)),
    silent ? '0.0' : fixed(rng.around(122, 80, 40, 243), 3),
    String(silent ? 0 : rng.chance(0.9) ? 4 : rng.pick([1, 3, 5])),
  ];
  return values.join(',');
}

export interface FixtureSummary {
  readonly file: string;
  readonly rows: number;
  readonly bytes: number;
  /** Distinct items the file should import as (Spotify: distinct track ids; TMDb: distinct movie ids). */
  readonly distinctItems: number;
}

export function writeSpotifyTracksCsv(file: string, options: SpotifyFixtureOptions): FixtureSummary {
  const eol = options.lineEnding ?? '\n';
  const writer = new ChunkedWriter(file);
  let distinct = 0;
  try {
    writer.write(SPOTIFY_TRACKS_HEADER + eol);
    for (const row of spotifyTrackRows(options)) {
      options.onRow?.(row);
      if (!row.repeat) distinct++;
      writer.write(row.line + eol);
    }
  } finally {
    writer.close();
  }
  return { file, rows: options.rows, bytes: writer.bytes, distinctItems: distinct };
}

// ---------------------------------------------------------------- TMDb Movies Dataset 2023 (v11)

export const TMDB_V11_HEADER =
  'id,title,vote_average,vote_count,status,release_date,revenue,runtime,adult,backdrop_path,budget,homepage,imdb_id,' +
  'original_language,original_title,overview,popularity,poster_path,tagline,genres,production_companies,production_countries,' +
  'spoken_languages,keywords';

const MOVIE_GENRES = [
  'Drama',
  'Comedy',
  'Documentary',
  'Animation',
  'Horror',
  'Romance',
  'Music',
  'Thriller',
  'Action',
  'Crime',
  'Family',
  'TV Movie',
  'Adventure',
  'Fantasy',
  'Science Fiction',
  'Mystery',
  'History',
  'War',
  'Western',
];
const LANGUAGES: readonly (readonly [string, string])[] = [
  ['en', 'English'],
  ['fr', 'French'],
  ['es', 'Spanish'],
  ['de', 'German'],
  ['ja', 'Japanese'],
  ['it', 'Italian'],
  ['pt', 'Portuguese'],
  ['ru', 'Russian'],
  ['ko', 'Korean'],
  ['zh', 'Mandarin'],
  ['sv', 'Swedish'],
  ['hi', 'Hindi'],
  ['tr', 'Turkish'],
  ['pl', 'Polish'],
];
const COUNTRIES = [
  'United States of America',
  'United Kingdom',
  'France',
  'Germany',
  'Japan',
  'Canada',
  'Spain',
  'Italy',
  'India',
  'Brazil',
  'Mexico',
  'South Korea',
  'Sweden',
  "Côte d'Ivoire",
  'Türkiye',
];
const COMPANY_SUFFIXES = ['Pictures', 'Films', 'Studios', 'Entertainment', 'Productions', 'Media', 'Film Company', 'Cinéma'];
const STATUSES = [
  'Released',
  'Released',
  'Released',
  'Released',
  'Released',
  'Released',
  'Released',
  'Released',
  'Released',
  'Post Production',
  'In Production',
  'Planned',
  'Rumored',
  'Canceled',
];
const OVERVIEW_SUBJECTS = [
  'A young woman',
  'Two brothers',
  'A retired detective',
  'A small-town teacher',
  'An ambitious chef',
  'A family of five',
  'A lonely robot',
  'A group of friends',
  'A disgraced boxer',
  'A ghost',
  'Señora Núñez',
  'A jazz pianist',
];
const OVERVIEW_VERBS = [
  'discovers',
  'must confront',
  'sets out to find',
  'falls for',
  'is haunted by',
  'tries to escape',
  'learns the truth about',
  'fights to save',
  'stumbles upon',
];
const OVERVIEW_ENDINGS = [
  'before it is too late.',
  'and nothing is ever the same.',
  'in a city that never sleeps.',
  'while a storm closes in.',
  'against all odds.',
  'with hilarious results.',
  'as the summer comes to an end.',
];

export interface TmdbFixtureOptions {
  readonly rows: number;
  readonly seed?: number;
  readonly lineEnding?: '\n' | '\r\n';
}

/** A bijection of [0, size) for i < size (7919 is prime and size is no multiple of it): unique, shuffled ids. */
function scatter(index: number, size: number, multiplier: number, offset: number): number {
  return (index * multiplier + offset) % size;
}

function scatterSize(rows: number, multiplier: number): number {
  let size = Math.max(1000, Math.ceil(rows * 1.37));
  while (size % multiplier === 0) size++;
  return size;
}

function imagePath(rng: Prng): string {
  return `/${randomBase62(rng, 27)}.jpg`;
}

function joinList(rng: Prng, pool: readonly string[], min: number, max: number): string {
  const picked = new Set<string>();
  const count = rng.int(min, max);
  for (let index = 0; index < count; index++) picked.add(rng.pickSkewed(pool));
  return [...picked].join(', ');
}

function overview(rng: Prng): string {
  const sentences: string[] = [];
  const count = rng.int(1, 3);
  for (let index = 0; index < count; index++) {
    let sentence = `${rng.pick(OVERVIEW_SUBJECTS)} ${rng.pick(OVERVIEW_VERBS)} the ${word(rng, 0.05).toLowerCase()}`;
    if (rng.chance(0.5)) sentence += `, ${rng.pick(['a mysterious', 'an old', 'a forbidden', 'a stolen'])} ${word(rng, 0.05).toLowerCase()}`;
    if (rng.chance(0.25)) sentence += ` called "${phrase(rng, 1, 2, 0.1)}"`;
    if (rng.chance(0.05)) sentence += ` (a.k.a. 'the ${word(rng, 0).toLowerCase()}')`;
    sentences.push(`${sentence} ${rng.pick(OVERVIEW_ENDINGS)}`);
  }
  // A few real overviews hold line breaks inside the quoted cell.
  return sentences.join(rng.chance(0.002) ? '\n' : ' ');
}

export function* tmdbV11Lines(options: TmdbFixtureOptions): Generator<{ readonly index: number; readonly tmdbId: number; readonly line: string }> {
  const rng = new Prng(options.seed ?? 2);
  const idSize = scatterSize(options.rows, 7919);
  const imdbSize = scatterSize(options.rows, 7907);
  for (let index = 0; index < options.rows; index++) {
    const tmdbId = 2 + scatter(index, idSize, 7919, 11);
    const [language, languageName] = rng.chance(0.6) ? LANGUAGES[0]! : rng.pick(LANGUAGES);
    let title = phrase(rng, 1, 4, 0.04);
    if (rng.chance(0.04)) title = `${title}, ${phrase(rng, 1, 2, 0.04)}`;
    if (rng.chance(0.01)) title = `"${word(rng, 0)}" ${title}`;
    if (rng.chance(0.05)) title += `: ${phrase(rng, 1, 3, 0.04)}`;
    const originalTitle = language === 'en' || rng.chance(0.3) ? title : phrase(rng, 1, 3, 0.6);
    const obscure = rng.chance(0.7);
    const voteCount = obscure ? (rng.chance(0.5) ? 0 : rng.int(1, 20)) : Math.floor(Math.exp(rng.next() * 10.4));
    const voteAverage = voteCount === 0 ? 0 : Number(rng.around(6.2, 5, 0.5, 10).toFixed(3));
    const released = rng.chance(0.93);
    const releaseDate = released ? `${rng.int(1895, 2023)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : '';
    const revenue = obscure || rng.chance(0.6) ? 0 : rng.int(10_000, 900_000_000);
    const budget = obscure || rng.chance(0.5) ? 0 : rng.int(50_000, 250_000_000);
    const hasImdb = rng.chance(0.55);
    const imdbId = hasImdb ? `tt${String(100_000 + scatter(index, imdbSize, 7907, 5)).padStart(7, '0')}` : '';
    const taglineText = rng.chance(0.15) ? `${phrase(rng, 2, 6, 0.03)}${rng.pick(['.', '!', '...', '?'])}` : '';
    const tagline = taglineText && rng.chance(0.1) ? `"${taglineText}"` : taglineText;
    const values = [
      String(tmdbId),
      csvField(title),
      fixed(voteAverage, 3),
      String(voteCount),
      rng.pick(STATUSES),
      releaseDate,
      String(revenue),
      String(rng.chance(0.1) ? 0 : rng.int(3, 210)),
      rng.chance(0.01) ? 'True' : 'False',
      rng.chance(0.6) ? imagePath(rng) : '',
      String(budget),
      rng.chance(0.15) ? `https://www.${word(rng, 0).toLowerCase()}movie.com/` : '',
      imdbId,
      language,
      csvField(originalTitle),
      rng.chance(0.03) ? '' : csvField(overview(rng)),
      fixed(rng.chance(0.7) ? rng.next() * 2 : rng.next() * 150, 3),
      rng.chance(0.7) ? imagePath(rng) : '',
      csvField(tagline),
      csvField(rng.chance(0.1) ? '' : joinList(rng, MOVIE_GENRES, 1, 3)),
      csvField(rng.chance(0.4) ? '' : Array.from({ length: rng.int(1, 3) }, () => `${word(rng, 0.05)} ${rng.pick(COMPANY_SUFFIXES)}`).join(', ')),
      csvField(rng.chance(0.3) ? '' : joinList(rng, COUNTRIES, 1, 2)),
      csvField(rng.chance(0.3) ? '' : [...new Set([languageName, ...(rng.chance(0.2) ? [rng.pick(LANGUAGES)[1]] : [])])].join(', ')),
      csvField(rng.chance(0.5) ? '' : Array.from({ length: rng.int(1, 6) }, () => phrase(rng, 1, 2, 0.03).toLowerCase()).join(', ')),
    ];
    yield { index, tmdbId, line: values.join(',') };
  }
}

export function writeTmdbV11Csv(file: string, options: TmdbFixtureOptions): FixtureSummary {
  const eol = options.lineEnding ?? '\n';
  const writer = new ChunkedWriter(file);
  try {
    writer.write(TMDB_V11_HEADER + eol);
    for (const row of tmdbV11Lines(options)) writer.write(row.line + eol);
  } finally {
    writer.close();
  }
  return { file, rows: options.rows, bytes: writer.bytes, distinctItems: options.rows };
}

// ---------------------------------------------------------------- command line

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [kind, rows, file, seed] = process.argv.slice(2);
  if ((kind !== 'spotify' && kind !== 'tmdb') || !rows || !file) {
    console.error('usage: generate-fixtures.ts spotify|tmdb <rows> <file.csv> [seed]');
    process.exit(2);
  }
  const options = { rows: Number(rows), ...(seed ? { seed: Number(seed) } : {}) };
  const started = performance.now();
  const summary = kind === 'spotify' ? writeSpotifyTracksCsv(file, options) : writeTmdbV11Csv(file, options);
  console.log(JSON.stringify({ ...summary, ms: Math.round(performance.now() - started) }));
}
