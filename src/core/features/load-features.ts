import type { CatalogDatabase } from '../db/open-database.js';
import { loadBridges, type Bridges } from './bridges.js';
import { movieFeatures } from './movie-features.js';
import { meanOfKnown } from './normalise.js';
import { columnRanker, type RankTables } from './ranked-columns.js';
import { genreProfile, songFeatures, type GenreProfile, type SongInput } from './song-features.js';
import type { ItemFeatures, MoodAxes, PosterColour } from './types.js';
import { tagHints, type TagHints } from './tag-hints.js';
import { mainArtistKeys, songRows, songScope, type SongFacts, type SongScope } from '../catalog/recordings.js';
import { guessSongLanguage, type LanguageGuess } from './song-language.js';
import { ERA_BIN_COUNT, songEraDistribution, type SongEra } from './era.js';
import { isCompilation } from './song-years.js';
import { loadExplicitLyrics, type ExplicitLyrics } from './explicit-lyrics.js';
import { christmasSongs } from './christmas.js';
import { songTopics } from './music-topics.js';

/**
 * Features for the whole catalog. Each table is read once (genre and keyword links grouped per
 * item with GROUP_CONCAT), the percentiles that need the whole catalog (popularity, streams,
 * loudness, votes, revenue) are computed here, and items with the same genre set share their
 * concept and region maps, so a million songs load in a few seconds.
 */

export interface LoadFeaturesOptions {
  /** Default: loadBridges() from resources/vibe. */
  readonly bridges?: Bridges;
  /** Songs: what other sources know about a song (filled years, Last.fm tags). */
  readonly extras?: SongExtras;
  /**
   * Only these items' features (an incremental build's new items). The catalog-wide statistics
   * (explicit genres, and the percentile ranks unless `ranks` has stored ones) still come from
   * every row and the per-artist ones (artist eras, explicit shares) from every song of the items'
   * artists, so each item's features are the same as in a whole-catalog read.
   */
  readonly only?: ReadonlySet<number>;
  /** Songs: the scope of `only`, when the caller already made it (songScope). */
  readonly scope?: SongScope;
  /** Songs: the per-artist statistics, when the caller made them from the songs it read once (songArtistStatistics). */
  readonly artistStatistics?: SongArtistStatistics;
  /** The percentile distributions (popularity, loudness, votes …): a model's stored ones, else read from the catalog. */
  readonly ranks?: RankTables;
}

/** What a song's artist says of it: explicit lyrics (with its own flag, title and genres), and the artist's era. */
interface SongArtistStatistics {
  readonly explicitLyrics: ExplicitLyrics;
  /** The spread of the main artist's dated songs over the era bins (null with too few). */
  readonly eraOfArtist: (artists: string) => Float32Array | null;
}

/** The per-artist statistics of every song (of a scope's songs, with one), from `facts` when the caller read them. */
export function songArtistStatistics(db: CatalogDatabase, scope?: SongScope, facts?: SongFacts): SongArtistStatistics {
  return { eraOfArtist: artistEraDistributions(db, scope, facts), explicitLyrics: loadExplicitLyrics(db, scope, facts) };
}

interface SongExtras {
  /** The release era of songs whose row has no year, from other sources of the same recording or album, or decade tags. */
  readonly eras?: ReadonlyMap<number, SongEra>;
  /** Last.fm tags per song: lower-case tag → weight in (0, 1]. */
  readonly tags?: ReadonlyMap<number, ReadonlyMap<string, number>>;
}

type SongRow = [
  id: number,
  title: string,
  artists: string,
  releaseYear: number | null,
  explicit: number | null,
  popularity: number | null,
  streams: number | null,
  danceability: number | null,
  energy: number | null,
  valence: number | null,
  acousticness: number | null,
  instrumentalness: number | null,
  speechiness: number | null,
  liveness: number | null,
  loudness: number | null,
  tempo: number | null,
  mode: number | null,
  album: string | null,
  genreIds: string | null,
];

const CHRISTMAS_TAG = 'christmas';

function withChristmas(tags: ReadonlyMap<string, number> | undefined, christmas: boolean): ReadonlyMap<string, number> | undefined {
  return christmas ? new Map([...(tags ?? []), [CHRISTMAS_TAG, 1]]) : tags;
}

export function loadSongFeatures(db: CatalogDatabase, options: LoadFeaturesOptions = {}): ItemFeatures[] {
  const features: ItemFeatures[] = [];
  visitSongFeatures(db, options, (item) => features.push(item));
  return features;
}

/**
 * Each song's features in id order, handed to `visit` and not kept: a full build of a million
 * songs encodes them as they come instead of holding a million feature objects.
 */
export function visitSongFeatures(db: CatalogDatabase, options: LoadFeaturesOptions, visit: (item: ItemFeatures) => void): void {
  const bridges = options.bridges ?? loadBridges();
  const genreNames = namesById(db, `SELECT id, name FROM genres WHERE domain = 'music'`);
  const popularity = columnRanker(db, 'song.popularity', options.ranks);
  const streams = columnRanker(db, 'song.streams', options.ranks);
  const loudness = columnRanker(db, 'song.loudness', options.ranks);

  // Keyed by the GROUP_CONCAT of genre ids: songs with the same genres share one profile and one list of names.
  const profiles = new Map<string, { readonly profile: GenreProfile; readonly names: readonly string[] }>();
  const genresOf = (ids: string | null) => {
    const key = ids ?? '';
    let genres = profiles.get(key);
    if (!genres) {
      const names = namesOf(ids, genreNames);
      profiles.set(key, (genres = { profile: genreProfile(names, bridges), names }));
    }
    return genres;
  };

  const rows = itemRows<SongRow>(db, options.only, {
    table: 'songs',
    columns: `id, title, artists, release_year, explicit, popularity, streams, danceability, energy, valence, acousticness,
              instrumentalness, speechiness, liveness, loudness, tempo, mode, album`,
    lists: [{ table: 'song_genres', key: 'song_id', value: 'genre_id' }],
  });
  const eras = options.extras?.eras;
  const tags = options.extras?.tags;
  // Only some songs: their artists' statistics are all they read.
  const scope = options.only ? (options.scope ?? songScope(db, options.only)) : undefined;
  const { eraOfArtist, explicitLyrics } = options.artistStatistics ?? songArtistStatistics(db, scope);
  const isChristmasSong = christmasSongs(db, scope);
  // Songs of one artist share one tag map: read each map's hints once.
  const hintCache = new Map<ReadonlyMap<string, number>, TagHints>();
  const hintsOf = (songTags: ReadonlyMap<string, number>): TagHints => {
    let hints = hintCache.get(songTags);
    if (!hints) hintCache.set(songTags, (hints = tagHints(songTags)));
    return hints;
  };
  // Songs of one genre profile (whose regions they share) guessed in one language with one confidence share their regions.
  const withLanguages = new Map<ReadonlyMap<string, number>, Map<string, ReadonlyMap<string, number>>>();
  const regionsWithLanguage = (regions: ReadonlyMap<string, number>, language: LanguageGuess | null): ReadonlyMap<string, number> => {
    if (!language) return regions;
    let byLanguage = withLanguages.get(regions);
    if (!byLanguage) withLanguages.set(regions, (byLanguage = new Map()));
    const key = `${language.language}\u0000${language.confidence}`;
    let merged = byLanguage.get(key);
    if (!merged) byLanguage.set(key, (merged = withLanguage(regions, language, bridges)));
    return merged;
  };
  // A year alone always gives the same distribution: one per year, shared (as the artists' are) instead of one per song.
  const eraOfYear = new Map<number, Float32Array | null>();
  const eraOfKnown = (known: SongEra): Float32Array | null => {
    if (known.year === null || (known.decades !== undefined && known.decades.size > 0)) return songEraDistribution(known);
    let era = eraOfYear.get(known.year);
    if (era === undefined) eraOfYear.set(known.year, (era = songEraDistribution(known)));
    return era;
  };
  // Songs of one genre set and one artist's tags share their topics.
  const topicCache = new Map<string, Map<ReadonlyMap<string, number> | undefined, Float32Array | null>>();
  const topicsOf = (genreIds: string | null, genres: readonly string[], songTags: ReadonlyMap<string, number> | undefined, christmas: boolean) => {
    const key = `${christmas ? 'x' : ''}${genreIds ?? ''}`;
    let byTags = topicCache.get(key);
    if (!byTags) topicCache.set(key, (byTags = new Map()));
    let topics = byTags.get(songTags);
    if (topics === undefined) byTags.set(songTags, (topics = songTopics(genres, songTags, christmas)));
    return topics;
  };
  for (const row of rows) {
    const song: SongInput = {
      id: row[0],
      releaseYear: row[3],
      explicit: explicitLyrics(row[4], row[1], row[2], row[18]),
      popularity: row[5],
      streams: row[6],
      danceability: row[7],
      energy: row[8],
      valence: row[9],
      acousticness: row[10],
      instrumentalness: row[11],
      speechiness: row[12],
      liveness: row[13],
      loudness: row[14],
      tempo: row[15],
      mode: row[16],
      genres: [],
    };
    // Spotify popularity where the source has it, else streams (Most Streamed 2023), else neutral.
    const rank = popularity(song.popularity) ?? streams(song.streams) ?? 0.5;
    const { profile, names: genres } = genresOf(row[18]);
    const songTags = tags?.get(song.id);
    const christmas = isChristmasSong(row[1], row[17]);
    const conceptTags = withChristmas(songTags, christmas);
    const base = songFeatures(song, bridges, { popularity: rank, loudness: loudness(song.loudness), profile, ...(conceptTags ? { tags: conceptTags } : {}) });
    const language = guessSongLanguage({ title: row[1], artists: row[2], genres, ...(songTags ? { tags: songTags } : {}) });
    const hints = songTags && songTags.size > 0 ? hintsOf(songTags) : null;
    // loadSongYears: the earliest year of the recording (with the artist's decades when it may date a re-release), the album or the decade tags; then the artist's dated songs.
    const known = eras ? eras.get(song.id) : song.releaseYear !== null ? { year: song.releaseYear, decade: null } : undefined;
    const era = known ? eraOfKnown(known) : eraOfArtist(row[2]);
    const mood = hints ? withTagMood(base.mood, hints, song) : base.mood;
    visit({ ...base, mood, era, language, regions: regionsWithLanguage(base.regions, language), topics: topicsOf(row[18], genres, songTags, christmas) });
  }
}

type MovieRow = [
  id: number,
  releaseYear: number | null,
  overview: string | null,
  tagline: string | null,
  runtimeMinutes: number | null,
  originalLanguage: string | null,
  popularity: number | null,
  voteCount: number | null,
  revenue: number | null,
  genreIds: string | null,
  keywordIds: string | null,
];

export function loadMovieFeatures(db: CatalogDatabase, options: LoadFeaturesOptions = {}): ItemFeatures[] {
  const features: ItemFeatures[] = [];
  visitMovieFeatures(db, options, (item) => features.push(item));
  return features;
}

/** Each movie's features in id order, handed to `visit` and not kept (see visitSongFeatures). */
export function visitMovieFeatures(db: CatalogDatabase, options: LoadFeaturesOptions, visit: (item: ItemFeatures) => void): void {
  const bridges = options.bridges ?? loadBridges();
  const genreNames = namesById(db, `SELECT id, name FROM genres WHERE domain = 'movie'`);
  const keywordNames = namesById(db, `SELECT id, name FROM keywords`);
  const votes = columnRanker(db, 'movie.votes', options.ranks);
  const popularity = columnRanker(db, 'movie.popularity', options.ranks);
  const revenue = columnRanker(db, 'movie.revenue', options.ranks);
  const posters = loadPosterColours(db);
  const posterCentre =
    posters.size > 0
      ? { brightness: median([...posters.values()].map((p) => p.brightness)), saturation: median([...posters.values()].map((p) => p.saturation)) }
      : null;

  const genreLists = new Map<string, string[]>();
  const genresOf = (ids: string | null): string[] => {
    const key = ids ?? '';
    let names = genreLists.get(key);
    if (!names) {
      names = namesOf(ids, genreNames);
      genreLists.set(key, names);
    }
    return names;
  };

  const rows = itemRows<MovieRow>(db, options.only, {
    table: 'movies',
    columns: 'id, release_year, overview, tagline, runtime_minutes, original_language, popularity, vote_count, revenue',
    lists: [
      { table: 'movie_genres', key: 'movie_id', value: 'genre_id' },
      { table: 'movie_keywords', key: 'movie_id', value: 'keyword_id' },
    ],
  });
  for (const row of rows) {
    // Votes, popularity and revenue measure different things at different scales: the mean of the known percentiles.
    const rank = meanOfKnown([votes(row[7]), popularity(row[6]), revenue(row[8] !== null && row[8] > 0 ? row[8] : null)]) ?? 0.5;
    visit(
      movieFeatures(
        {
          id: row[0],
          releaseYear: row[1],
          overview: row[2],
          tagline: row[3],
          runtimeMinutes: row[4],
          originalLanguage: row[5],
          genres: genresOf(row[9]),
          keywords: namesOf(row[10], keywordNames),
          poster: posters.get(row[0]) ?? null,
        },
        bridges,
        { popularity: rank, posterCentre },
      ),
    );
  }
}

const POSTER_COLUMNS = ['poster_id', 'brightness', 'saturation', 'warmth', 'contrast', 'colourfulness'] as const;

/**
 * Mean poster colour per movie from poster_embeddings (migration 0007, another engineer's) joined
 * through posters(movie_id). An empty map when the table is absent or lacks the columns, so this
 * works on catalogs from before that migration.
 */
export function loadPosterColours(db: CatalogDatabase): Map<number, PosterColour> {
  const result = new Map<number, PosterColour>();
  if (!tableExists(db, 'poster_embeddings') || !tableExists(db, 'posters')) return result;
  const columns = new Set((db.prepare(`SELECT name FROM pragma_table_info('poster_embeddings')`).pluck().all() as string[]).map((name) => name.toLowerCase()));
  if (!POSTER_COLUMNS.every((name) => columns.has(name))) return result;
  // Rows of the embedding job that are not finished (status pending/failed) carry no statistics.
  const done = columns.has('status') ? `AND e.status = 'done'` : '';
  const rows = db
    .prepare(
      `SELECT p.movie_id, avg(e.brightness), avg(e.saturation), avg(e.warmth), avg(e.contrast), avg(e.colourfulness)
         FROM poster_embeddings e JOIN posters p ON p.id = e.poster_id
        WHERE e.brightness IS NOT NULL AND e.saturation IS NOT NULL ${done}
        GROUP BY p.movie_id`,
    )
    .raw()
    .all() as [number, number, number, number | null, number | null, number | null][];
  for (const [movieId, brightness, saturation, warmth, contrast, colourfulness] of rows)
    result.set(movieId, { brightness, saturation, warmth: warmth ?? 0.5, contrast: contrast ?? 0.5, colourfulness: colourfulness ?? 0.5 });
  return result;
}

/** Tag hints below this confidence are not used. */
const MIN_HINT_CONFIDENCE = 0.3;

/**
 * Listeners' mood tags ("melancholic", "energetic", "chill") fill the axes the dataset did not
 * measure, in proportion to how confident the tags are; measured audio features are never overridden.
 */
function withTagMood(mood: MoodAxes, hints: TagHints, song: SongInput): MoodAxes {
  if (hints.moodConfidence < MIN_HINT_CONFIDENCE) return mood;
  const measured: Record<keyof TagHints['mood'], number | null> = {
    valence: song.valence,
    energy: song.energy,
    acousticness: song.acousticness,
    danceability: song.danceability,
  };
  const result = { ...mood };
  for (const [axis, value] of Object.entries(hints.mood) as [keyof TagHints['mood'], number][])
    if (measured[axis] === null && Number.isFinite(value)) result[axis] = mood[axis] * (1 - hints.moodConfidence) + value * hints.moodConfidence;
  return result;
}

/**
 * For songs with no year of their own or of another source: when the same main artist has at
 * least MIN_DATED_SONGS dated songs in the catalog, the spread of their years (a distribution over
 * the era bins, never one guessed year). Explanations never show a year from it. With a scope,
 * only the scope's artists are counted.
 */
const MIN_DATED_SONGS = 2;
function artistEraDistributions(db: CatalogDatabase, scope: SongScope | undefined, facts: SongFacts | undefined): (artists: string) => Float32Array | null {
  const keyOf = facts?.artistKeyOf ?? scope?.artistKeyOf ?? mainArtistKeys();
  const years = new Map<string, number[]>();
  const addDated = (artists: string, year: number, album: string | null) => {
    // A compilation's year dates the compilation, not the artist's music.
    if (isCompilation(album, artists)) return;
    const key = keyOf(artists);
    const list = years.get(key);
    if (list) list.push(year);
    else years.set(key, [year]);
  };
  if (facts) {
    for (const row of facts.rows) if (row[5] !== null) addDated(row[2], row[5], row[3]);
  } else
    for (const [artists, year, album] of songRows<[string, number, string | null]>(
      db,
      'artists, release_year, album',
      'release_year IS NOT NULL',
      scope,
    ).iterate())
      addDated(artists, year, album);
  const result = new Map<string, Float32Array>();
  for (const [key, list] of years) {
    if (list.length < MIN_DATED_SONGS) continue;
    const distribution = new Float32Array(ERA_BIN_COUNT);
    for (const year of list) {
      const single = songEraDistribution({ year, decade: null })!;
      for (let bin = 0; bin < ERA_BIN_COUNT; bin++) distribution[bin]! += single[bin]! / list.length;
    }
    result.set(key, distribution);
  }
  return (artists) => result.get(keyOf(artists)) ?? null;
}

/** An item table's columns, then for each link table the item's linked ids (GROUP_CONCAT, or null). */
interface ItemQuery {
  readonly table: 'songs' | 'movies';
  /** Columns of the item table, comma-separated. */
  readonly columns: string;
  readonly lists: readonly { readonly table: string; readonly key: string; readonly value: string }[];
}

/**
 * An item query's rows in id order: every item (each link table grouped in one pass), or only the
 * given ids (each one's links read through the link table's primary key), so an incremental build
 * reads its new items and not the whole table. Both give the same rows, with the same GROUP_CONCAT
 * order (each link table's primary key order).
 */
function itemRows<Row>(db: CatalogDatabase, only: ReadonlySet<number> | undefined, query: ItemQuery): IterableIterator<Row> {
  const columns = query.columns
    .split(',')
    .map((column) => `t.${column.trim()}`)
    .join(', ');
  if (only) {
    const lists = query.lists.map(({ table, key, value }) => `(SELECT group_concat(${value}) FROM ${table} WHERE ${key} = t.id)`);
    const sql = `SELECT ${[columns, ...lists].join(', ')} FROM ${query.table} t WHERE t.id IN (SELECT value FROM json_each(?)) ORDER BY t.id`;
    return db
      .prepare(sql)
      .raw()
      .iterate(JSON.stringify([...only])) as IterableIterator<Row>;
  }
  const joins = query.lists.map(
    ({ table, key, value }, index) =>
      `LEFT JOIN (SELECT ${key}, group_concat(${value}) AS ids FROM ${table} GROUP BY ${key}) l${index} ON l${index}.${key} = t.id`,
  );
  const sql = `SELECT ${[columns, ...query.lists.map((_, index) => `l${index}.ids`)].join(', ')} FROM ${query.table} t ${joins.join(' ')} ORDER BY t.id`;
  return db.prepare(sql).raw().iterate() as IterableIterator<Row>;
}

/** The guessed language's regions, scaled by its confidence, over the regions the genres give (max per region). */
function withLanguage(regions: ReadonlyMap<string, number>, language: LanguageGuess | null, bridges: Bridges): ReadonlyMap<string, number> {
  const fromLanguage = language ? bridges.languageRegions(language.language) : undefined;
  if (!language || !fromLanguage || fromLanguage.size === 0) return regions;
  const merged = new Map(regions);
  for (const [region, weight] of fromLanguage) merged.set(region, Math.max(merged.get(region) ?? 0, weight * language.confidence));
  return merged;
}

function tableExists(db: CatalogDatabase, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?`).pluck().get(name) !== undefined;
}

function namesById(db: CatalogDatabase, sql: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const [id, name] of db.prepare(sql).raw().iterate() as IterableIterator<[number, string]>) names.set(id, name);
  return names;
}

function splitIds(ids: string | null): number[] {
  if (!ids) return [];
  return ids.split(',').map(Number);
}

function namesOf(ids: string | null, names: ReadonlyMap<number, string>): string[] {
  const result: string[] = [];
  for (const id of splitIds(ids)) {
    const name = names.get(id);
    if (name !== undefined) result.push(name);
  }
  return result;
}

function median(values: number[]): number {
  if (values.length === 0) return 0.5;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
