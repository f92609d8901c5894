import type { CatalogDatabase } from '../db/open-database.js';
import { filmReferences } from '../evaluation/ground-truth/film-references.js';
import { movieTitleKey } from '../evaluation/normalise-title.js';
import { storeArtistKeys } from '../catalog/artist-keys.js';
import { artistFilmLinks } from './artist-films.js';
import { LinkList, mergeLinkLists, type StoredLinkRelation } from './link-list.js';
import { songFameSql } from '../catalog/fame.js';

/**
 * Explicit soundtrack links: a song whose album or title names a film of the catalog ("Spirited
 * Away Soundtrack", "… (Original Motion Picture Soundtrack)", "… - From "Gladiator"", "Music from
 * the Motion Picture …", "… OST", "Gladiator Score", "[The Thin Red Line]") is linked to that film.
 *
 * Which film: the named title and the film's title (or original title) must have the same
 * movieTitleKey ("Title, The" forms, accents, punctuation and "&" agree). Then the year decides:
 * - a year written in the album or title ("The Lion King (1994)") must be within a year of the film's;
 * - otherwise the song's release year must be within YEAR_TOLERANCE of the film's (soundtracks come
 *   out with their film), the nearest film winning, and two films equally near are refused;
 * - a song without a year links only when one catalog film has that title ("Beauty and the Beast"
 *   1991 and 2017 stay unlinked rather than guessed).
 * A bare bracketed title ("[The Thin Red Line]") is weaker evidence than "Soundtrack", so it
 * needs a year that agrees; bracketed version notes ("[Remastered]") are never read as films.
 *
 * The table is derived data: rebuildSoundtrackLinks recomputes it after every song or movie import.
 * It reads only the songs whose album or title could name a film (an SQL filter), and finds the
 * films through the movie title search index, so it stays linear in the catalog.
 */

const YEAR_TOLERANCE = 2;
const WRITTEN_YEAR_TOLERANCE = 1;

interface SoundtrackLink {
  readonly songId: number;
  readonly movieId: number;
  readonly evidence: string;
}

interface FilmMention {
  readonly film: string;
  /** User-facing: album "Spirited Away Soundtrack". */
  readonly evidence: string;
  /** A year written beside the title, e.g. "(1994)". */
  readonly writtenYear: number | null;
  /** Only a bracketed title: needs the song's year to agree. */
  readonly weak: boolean;
}

interface Movie {
  readonly id: number;
  readonly year: number | null;
  /** ISO 639-1 as TMDb gives it ("cn" is Cantonese), or null. */
  readonly language: string | null;
  /** The title carries an alternative title in brackets, as MovieLens writes films not in English. */
  readonly foreignTitled: boolean;
}

/**
 * Music genres that say which language a song is sung in, as the languages a film of that song
 * could be in. Used against a film's original language when nothing else (a year) backs a link:
 * an Indian film song "From "Heartless"" is not from the 2009 British film of that name.
 */
const GENRE_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  indian: ['hi', 'ta', 'te', 'ml', 'kn', 'bn', 'pa', 'mr'],
  'pop-film': ['hi', 'ta', 'te', 'ml', 'kn', 'bn', 'pa', 'mr'],
  malay: ['ms', 'id', 'ml', 'ta'],
  anime: ['ja'],
  'j-pop': ['ja'],
  'j-rock': ['ja'],
  'j-idol': ['ja'],
  // Not 'j-dance': the Spotify Tracks dataset files Jamaican dancehall under it (song-language.ts).
  'k-pop': ['ko'],
  cantopop: ['zh', 'cn'],
  mandopop: ['zh', 'cn'],
  iranian: ['fa'],
  turkish: ['tr'],
};

/** The languages a song's genres allow, or null when its genres say nothing about language. */
function languagesOfGenres(genres: readonly string[]): ReadonlySet<string> | null {
  const languages = new Set<string>();
  for (const genre of genres) for (const language of GENRE_LANGUAGES[genre.toLowerCase()] ?? []) languages.add(language);
  return languages.size === 0 ? null : languages;
}

/** "… From 'Gladiator' Soundtrack": the single-quoted form filmReferences does not read. */
const FROM_SINGLE_QUOTED = /\bfrom\s+(?:the\s+(?:motion\s+picture|film|movie)\s+)?'([^']{2,80})'/iu;
/** "Gladiator Score", "Gladiator - The Score", "Gladiator (Score)". */
const BARE_SCORE = /^(.+?)\s*(?:[-:\u2013(]\s*)?(?:the\s+)?(?:film\s+)?score\)?$/iu;
const WRITTEN_YEAR = /\((1[89]\d\d|20\d\d)\)/u;
const SQUARE_BRACKETED = /\[([^[\]]{2,80})\]/gu;
/** Bracketed notes that are about the release, not a film. */
const RELEASE_NOTE =
  /\b(?:remaster(?:ed)?|live|edit|version|mix|remix|feat|ft|featuring|bonus|deluxe|demo|mono|stereo|explicit|clean|instrumental|acoustic|single|ep|album|original|from|vol|disc|cd|side|part|intro|outro|interlude|reprise|cover|karaoke|official|audio|video|lyrics?|hq|hd|\d{4})\b/iu;

/** Every film a song's album or title mentions, with the evidence to show. */
export function filmMentions(song: { readonly title: string; readonly album: string | null }): FilmMention[] {
  const mentions: FilmMention[] = [];
  const seen = new Set<string>();
  const add = (film: string, via: 'album' | 'title', text: string, weak: boolean) => {
    const key = movieTitleKey(film);
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    const year = WRITTEN_YEAR.exec(text);
    mentions.push({ film, evidence: `${via} ${JSON.stringify(text)}`, writtenYear: year ? Number(year[1]) : null, weak });
  };
  for (const reference of filmReferences(song)) add(reference.film, reference.via, reference.text, false);
  for (const [via, text] of [
    ['album', song.album],
    ['title', song.title],
  ] as const) {
    if (text === null) continue;
    const quoted = FROM_SINGLE_QUOTED.exec(text);
    if (quoted) add(quoted[1]!.trim(), via, text, false);
    if (via === 'album') {
      const score = BARE_SCORE.exec(text.trim());
      if (score && !/\b(?:original|motion picture)\s*$/iu.test(score[1]!)) add(score[1]!.replace(/[\s\-:(]+$/u, '').trim(), via, text, false);
    }
    for (const match of text.matchAll(SQUARE_BRACKETED)) {
      const inner = match[1]!.trim();
      if (!RELEASE_NOTE.test(inner)) add(inner, via, text, true);
    }
  }
  return mentions;
}

/** The film a mention names, or null when none or several fit (see the module comment). */
function chooseFilm(
  candidates: readonly Movie[],
  mention: FilmMention,
  songYear: number | null,
  songLanguages: ReadonlySet<string> | null = null,
): Movie | null {
  if (candidates.length === 0) return null;
  const anchor = mention.writtenYear ?? songYear;
  if (anchor === null) {
    if (mention.weak || candidates.length > 1) return null;
    // The title alone vouches for it: a song whose genres name a language must match the film's.
    const only = candidates[0]!;
    // Without a known language, MovieLens's "Spirited Away (Sen to Chihiro no kamikakushi)" still says "not English".
    if (songLanguages !== null && (only.language === null ? !only.foreignTitled : !songLanguages.has(only.language))) return null;
    return only;
  }
  const tolerance = mention.writtenYear !== null ? WRITTEN_YEAR_TOLERANCE : YEAR_TOLERANCE;
  const near = candidates
    .filter((movie) => movie.year !== null && Math.abs(movie.year - anchor) <= tolerance)
    .sort((a, b) => Math.abs(a.year! - anchor) - Math.abs(b.year! - anchor));
  if (near.length === 0) return null;
  if (near.length > 1 && Math.abs(near[0]!.year! - anchor) === Math.abs(near[1]!.year! - anchor)) return null;
  return near[0]!;
}

/** Songs whose album or title could name a film: a cheap filter before the exact reading. */
const CANDIDATE_SONGS = `
  SELECT id, title, album, release_year FROM songs
  WHERE album LIKE '%soundtrack%' OR album LIKE '%motion picture%' OR album LIKE '%score%' OR album LIKE '%ost%'
     OR album LIKE '%film%' OR album LIKE '%movie%' OR album LIKE '%from%' OR album LIKE '%[%'
     OR title LIKE '%from%' OR title LIKE '%[%'
  ORDER BY id`;

/** Bump when the rules that find links change: every catalog's links are then found again at its next build. */
const LINK_RULES_VERSION = 2;
const DERIVED_STATE_NAME = 'soundtrack-links';

/**
 * What the links follow: the rules, and the catalog's songs and films, which only imports and
 * their undoing change (the runs' count, last id, statuses and undos), with the largest ids for
 * rows written otherwise.
 */
function linksDigest(db: CatalogDatabase): string {
  // Poster runs change no song or movie: counting them made the next vibe build after a poster
  // scan find every link again (28 s at a million songs and a million movies).
  const state = db
    .prepare(
      `SELECT count(*), coalesce(max(r.id), 0), count(*) FILTER (WHERE r.status = 'completed'), count(r.undone_at),
              (SELECT coalesce(max(id), 0) FROM songs), (SELECT coalesce(max(id), 0) FROM movies)
         FROM import_runs r JOIN sources s ON s.id = r.source_id WHERE s.kind <> 'posters'`,
    )
    .raw()
    .get();
  return JSON.stringify([LINK_RULES_VERSION, state]);
}

/** Whether the links were last found from the catalog as it is now, by the current rules. */
export function soundtrackLinksCurrent(db: CatalogDatabase): boolean {
  return db.prepare(`SELECT digest FROM derived_state WHERE name = ?`).pluck().get(DERIVED_STATE_NAME) === linksDigest(db);
}

/** Recomputes soundtrack_links from the catalog; returns the number of links and of songs read. */
export function rebuildSoundtrackLinks(db: CatalogDatabase): { links: number; songsConsidered: number } {
  // Read first: a change while the links are found leaves a digest that no longer matches.
  const digest = linksDigest(db);
  type SongRow = [number, string, string | null, number | null];
  const songs = db.prepare(CANDIDATE_SONGS).raw().all() as SongRow[];
  const mentionsBySong = songs
    .map(([id, title, album, year]) => ({ id, year, mentions: filmMentions({ title, album }) }))
    .filter((song) => song.mentions.length > 0);
  const genresOf = db.prepare(`SELECT g.name FROM song_genres sg JOIN genres g ON g.id = sg.genre_id WHERE sg.song_id = ?`).pluck();

  const moviesByKey = new Map<string, Movie[]>();
  const lookup = db
    .prepare(
      `
    SELECT m.id, m.title, m.original_title, m.release_year, m.original_language FROM movies_fts f JOIN movies m ON m.id = f.rowid WHERE movies_fts MATCH ?`,
    )
    .raw();
  const moviesTitled = (film: string): Movie[] => {
    const key = movieTitleKey(film);
    const known = moviesByKey.get(key);
    if (known) return known;
    // Words as the search index splits them ("Don't" is "don" + "t"); "and" is left out because a
    // title may write it "&", which the index does not keep. The key comparison below is exact.
    const words = film.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '' && word.toLowerCase() !== 'and');
    const found: Movie[] = [];
    if (words.length > 0) {
      const query = words.map((word) => `"${word}"`).join(' ');
      type MovieRow = [number, string, string | null, number | null, string | null];
      for (const [id, title, originalTitle, year, language] of lookup.all(query) as MovieRow[]) {
        if (movieTitleKey(title) === key || (originalTitle !== null && movieTitleKey(originalTitle) === key))
          found.push({
            id,
            year,
            language: language === null || language === '' ? null : language.toLowerCase(),
            foreignTitled: /\([^()]*[\p{L}][^()]*\)\s*$/u.test(title),
          });
      }
    }
    moviesByKey.set(key, found);
    return found;
  };

  // In the table's key order (song, then film), as artistFilmLinks gives its links.
  const named = new LinkList();
  for (const { id, year, mentions } of mentionsBySong) {
    const linked = new Map<number, string>();
    const languages = languagesOfGenres(genresOf.all(id) as string[]);
    for (const mention of mentions) {
      const movie = chooseFilm(moviesTitled(mention.film), mention, year, languages);
      if (movie !== null && !linked.has(movie.id)) linked.set(movie.id, mention.evidence);
    }
    for (const [movieId, evidence] of [...linked].sort((a, b) => a[0] - b[0])) named.push(id, movieId, evidence, 'named');
  }
  // A song both named by its album and by the artist the film is about keeps the album's evidence.
  const aboutArtists = artistFilmLinks(db);
  const links = mergeLinkLists(named, aboutArtists.links);
  const written = writeLinks(db, links, digest);
  // After an import, its new songs' keys: the next incremental vibe build finds their artists' songs through them.
  if (aboutArtists.keys) storeArtistKeys(db, aboutArtists.keys.unstored, aboutArtists.keys.keyOf);
  return { links: written, songsConsidered: songs.length };
}

/**
 * Makes the table hold `links` by writing only what differs from its rows: after a small import
 * almost nothing, where deleting and inserting every link took 26 s for the 2.0M links of the
 * million-item bench catalog. The rows are read in the same transaction, in key order, and compared
 * in one walk; new rows are inserted in key order.
 *
 * The links were found outside this transaction, so a song or film may have gone since (an undone
 * import): new rows are checked against their song and film once per distinct id, in id order,
 * instead of by SQLite's foreign key check on every row, which looks a film up at random for each
 * of them (15 of the 30 s of writing those 2.0M links into an empty table).
 *
 * `digest`, when given, is recorded in the same transaction as what the links were found from.
 * Returns how many links the table holds after.
 */
export function writeLinks(db: CatalogDatabase, links: LinkList, digest: string | null = null): number {
  return withoutForeignKeyChecks(db, () => writeLinkDifferences(db, links, digest));
}

/**
 * Runs `body` with the connection's foreign key checks off, and on again after. SQLite ignores the
 * switch inside a transaction: there the checks simply stay on.
 */
function withoutForeignKeyChecks<T>(db: CatalogDatabase, body: () => T): T {
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enforced) db.pragma('foreign_keys = OFF');
  try {
    return body();
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}

/** Of the links at `indexes` (in key order), those whose song and film are in the catalog. */
function withExistingItems(db: CatalogDatabase, links: LinkList, indexes: readonly number[]): number[] {
  const songExists = db.prepare(`SELECT 1 FROM songs WHERE id = ?`).pluck();
  const movieExists = db.prepare(`SELECT 1 FROM movies WHERE id = ?`).pluck();
  const missingSongs = new Set<number>();
  let lastSong = -1;
  for (const index of indexes) {
    const songId = links.songIds[index]!;
    if (songId !== lastSong && songExists.get(songId) === undefined) missingSongs.add(songId);
    lastSong = songId;
  }
  const movieIds = [...new Set(indexes.map((index) => links.movieIds[index]!))].sort((a, b) => a - b);
  const missingMovies = new Set(movieIds.filter((movieId) => movieExists.get(movieId) === undefined));
  if (missingSongs.size === 0 && missingMovies.size === 0) return [...indexes];
  return indexes.filter((index) => !missingSongs.has(links.songIds[index]!) && !missingMovies.has(links.movieIds[index]!));
}

function writeLinkDifferences(db: CatalogDatabase, links: LinkList, digest: string | null): number {
  const insert = db.prepare(`INSERT INTO soundtrack_links(song_id, movie_id, evidence, relation) VALUES (?, ?, ?, ?)`);
  const update = db.prepare(`UPDATE soundtrack_links SET evidence = ?, relation = ? WHERE song_id = ? AND movie_id = ?`);
  const remove = db.prepare(`DELETE FROM soundtrack_links WHERE song_id = ? AND movie_id = ?`);
  const stored = db.prepare(`SELECT song_id, movie_id, evidence, relation FROM soundtrack_links ORDER BY song_id, movie_id`).raw();
  const recordDigest = db.prepare(`INSERT INTO derived_state(name, digest) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET digest = excluded.digest`);
  return db
    .transaction(() => {
      const added: number[] = [];
      const changed: number[] = [];
      const removed: [number, number][] = [];
      let next = 0;
      for (const [songId, movieId, evidence, relation] of stored.iterate() as IterableIterator<[number, number, string, StoredLinkRelation]>) {
        while (next < links.length && links.compare(next, songId, movieId) < 0) added.push(next++);
        if (next < links.length && links.compare(next, songId, movieId) === 0) {
          if (links.evidence[next] !== evidence || links.relations[next] !== relation) changed.push(next);
          next++;
        } else removed.push([songId, movieId]);
      }
      while (next < links.length) added.push(next++);
      for (const [songId, movieId] of removed) remove.run(songId, movieId);
      for (const index of changed) update.run(links.evidence[index], links.relations[index], links.songIds[index], links.movieIds[index]);
      const insertable = withExistingItems(db, links, added);
      for (const index of insertable) insert.run(links.songIds[index], links.movieIds[index], links.evidence[index], links.relations[index]);
      if (digest !== null) recordDigest.run(DERIVED_STATE_NAME, digest);
      return links.length - (added.length - insertable.length);
    })
    .immediate();
}

type StoredLink = SoundtrackLink & { readonly relation: StoredLinkRelation };

const LINK_COLUMNS = `SELECT l.song_id AS songId, l.movie_id AS movieId, l.evidence, l.relation FROM soundtrack_links l JOIN songs s ON s.id = l.song_id`;
/** A film's album and title links first, in song order, then its artists' songs, best-known first. */
const FILM_ORDER = `l.relation = 'about-artist', CASE WHEN l.relation = 'named' THEN l.song_id ELSE 0 END, ${songFameSql('s')} DESC, l.song_id`;

export function loadSoundtrackLinks(db: CatalogDatabase): StoredLink[] {
  return db.prepare(`${LINK_COLUMNS} ORDER BY l.movie_id, ${FILM_ORDER}`).all() as StoredLink[];
}

/**
 * The links of one song or one film, read when a pick asks (the indexes by song and by film): a
 * catalog whose films are about its artists holds millions of links, which loading whole at the
 * first recommendation would cost seconds. At most `limit` per film.
 */
export function soundtrackLinkLookup(db: CatalogDatabase, limit: number): { ofSong(songId: number): StoredLink[]; ofMovie(movieId: number): StoredLink[] } {
  const bySong = db.prepare(`${LINK_COLUMNS} WHERE l.song_id = ? ORDER BY l.movie_id`);
  const byMovie = db.prepare(`${LINK_COLUMNS} WHERE l.movie_id = ? ORDER BY ${FILM_ORDER} LIMIT ?`);
  return {
    ofSong: (songId) => bySong.all(songId) as StoredLink[],
    ofMovie: (movieId) => byMovie.all(movieId, limit) as StoredLink[],
  };
}
