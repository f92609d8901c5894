import { songsOfMainArtists, type UnstoredArtistKeys } from '../catalog/artist-keys.js';
import { mainArtistKeys } from '../catalog/recordings.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { nameKey, splitArtists } from '../evaluation/normalise-title.js';
import { LinkList } from './link-list.js';

/**
 * Films about an artist of the catalog, linked to that artist's songs: Bohemian Rhapsody and
 * Queen, Walk the Line and Johnny Cash, Rocketman and Elton John. Like the album links these are
 * facts shown first in their own group, not part of the vibe score.
 *
 * Only a film about music can be about an artist (a Music or Musical genre, or a keyword such as
 * "musician", "rock band" or "biography"): "The Queen" is about Elizabeth II. In such a film an
 * artist is named by
 * - a keyword of several words that is the artist's name ("johnny cash", "the doors"): one word may
 *   be anything ("queen", "journey", "kiss");
 * - two to four capitalised words of a sentence of the overview or tagline about music
 *   (MUSIC_SENTENCE) that are the artist's name ("country music legend Johnny Cash");
 * - one capitalised word right after "band", "group", "rapper", "singer" or "duo" ("the rock 'n'
 *   roll band Queen").
 * The artist must be the main (first) artist of at least MIN_SONGS songs of the catalog. A film
 * links to every one of them, so any of the artist's songs leads to the film; a film pick shows
 * the best-known first (loadSoundtrackLinks), as many as its group holds. Checked by hand on the DEV catalog (2026-12-06): 1
 * of 27 film–artist pairs is wrong (Little Shop of Horrors: its keyword "skid row" is a street);
 * 11 of 47 were before the sentence rule and the several-word keywords (Snow White's Queen, The
 * Wizard of Oz's Dorothy, Ocean's Eleven's Danny Ocean, Chicago the city).
 */

const MIN_SONGS = 2;

/** Keywords that make a film one about music (with the Music and Musical genres). */
const MUSIC_KEYWORDS = [
  'music',
  'musician',
  'singer',
  'band',
  'music band',
  'rock band',
  'rapper',
  'concert',
  'pop star',
  'rock star',
  'singer-songwriter',
  'composer',
  'biography',
  'biopic',
  'musical',
  'guitarist',
  'drummer',
  'record producer',
  'music record',
  'rock and roll',
  'hip-hop',
  'rap music',
  'jazz',
  'country music',
  'punk rock',
  'heavy metal',
];
const MUSIC_GENRES = ['music', 'musical'];

/** A capitalised word of a name: "Elton", "AC/DC", "Guns", "N'", "B.B.". */
const NAME_WORD = String.raw`[\p{Lu}\p{N}][\p{L}\p{N}'’&./!-]*`;
/** Lower-case words a name may hold between capitalised ones ("Earth, Wind and Fire", "Queen of the Stone Age"). */
const CONNECTORS = new Set(['of', 'the', 'and', '&', 'de', 'la', 'von', 'van']);
const CAPITALISED_RUN = new RegExp(`${NAME_WORD}(?:\\s+(?:${NAME_WORD}|${[...CONNECTORS].join('|')}))*`, 'gu');
const CUED_NAME = new RegExp(`\\b(?:band|group|rapper|singer|duo)\\s+(${NAME_WORD})`, 'gu');
/**
 * A sentence about music: a name in it is the artist's. "Danny Ocean and his gang attempt to rob
 * five casinos" and "a flower shop in urban Skid Row" name no artist, though both are artists'
 * names and both films have the Music genre.
 */
const MUSIC_SENTENCE =
  /\b(?:music\w*|songs?|sing\w*|sang|bands?|rock\w*|rap\w*|pop|jazz|blues|soul|country|albums?|concerts?|tours?|touring|records?|recording|compos\w*|legends?|stardom|groups?|guitar\w*|drum\w*|piano|pianist|orchestra|opera|hip-hop|manager|stage)\b/iu;

interface FilmText {
  readonly overview: string | null;
  readonly tagline: string | null;
  readonly keywords: readonly string[];
}

/** The name keys (nameKey) of every artist a film's text may name, by the rules above. */
export function artistNameCandidates(film: FilmText): Set<string> {
  const text = [film.overview, film.tagline].filter((part): part is string => typeof part === 'string' && part !== '').join('\n');
  const candidates = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?])\s+|\n/u)) {
    if (!MUSIC_SENTENCE.test(sentence)) continue;
    for (const run of sentence.matchAll(CAPITALISED_RUN)) {
      // "Elton John's life", "The Beatles' history": the name without the possessive.
      const words = run[0].split(/\s+/u).map((word) => word.replace(/['’]s?$/u, ''));
      // Spans of two to four words that start and end on a name word. A name that is one word after
      // its article ("The Doors") only as the whole run: "The Spice" is not a name in "The Spice Girls".
      for (let start = 0; start < words.length; start++) {
        if (CONNECTORS.has(words[start]!)) continue;
        for (let end = start + 2; end <= Math.min(words.length, start + 4); end++) {
          if (CONNECTORS.has(words[end - 1]!)) continue;
          const key = nameKey(words.slice(start, end).join(' '));
          if (key.includes(' ') || (start === 0 && end === words.length)) candidates.add(key);
        }
      }
    }
    for (const cued of sentence.matchAll(CUED_NAME)) candidates.add(nameKey(cued[1]!));
  }
  // Keywords are tags, but one word may be anything ("queen", "journey", "kiss"): only names of several words ("the doors").
  for (const keyword of film.keywords) if (/\S\s+\S/u.test(keyword.trim())) candidates.add(nameKey(keyword));
  candidates.delete('');
  return candidates;
}

/**
 * Links from every film about music to the songs of the artists it names (see the module comment),
 * in song id order and, for each song, film id order: the order of the links table's key, so the
 * rebuild compares them with the stored rows in one walk.
 */
export function artistFilmLinks(db: CatalogDatabase): { readonly links: LinkList; readonly keys: ArtistKeysRead | null } {
  const films = db
    .prepare(
      `SELECT m.id, m.overview, m.tagline,
              (SELECT group_concat(k.name, char(31)) FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id WHERE mk.movie_id = m.id)
       FROM movies m
       WHERE m.id IN (SELECT mg.movie_id FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
                      WHERE g.domain = 'movie' AND lower(g.name) IN (SELECT value FROM json_each(?))
                      UNION
                      SELECT mk.movie_id FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id
                      WHERE lower(k.name) IN (SELECT value FROM json_each(?)))
       ORDER BY m.id`,
    )
    .raw()
    .all(JSON.stringify(MUSIC_GENRES), JSON.stringify(MUSIC_KEYWORDS)) as [number, string | null, string | null, string | null][];
  const links = new LinkList();
  if (films.length === 0) return { links, keys: null };

  // Every name the films may hold, then the songs of the artists among them, found at once (a
  // search per name took 40 s on a million songs whose films name many).
  const candidatesOf = films.map(([, overview, tagline, keywords]) =>
    artistNameCandidates({ overview, tagline, keywords: keywords ? keywords.split('\u001f') : [] }),
  );
  const named = new Set(candidatesOf.flatMap((candidates) => [...candidates]));
  if (named.size === 0) return { links, keys: null };
  // Each named name's films, in id order (the films are read in id order; a film names a name once).
  const filmsNaming = new Map<string, number[]>();
  films.forEach(([movieId], index) => {
    for (const key of candidatesOf[index]!) {
      const list = filmsNaming.get(key);
      if (list) list.push(movieId);
      else filmsNaming.set(key, [movieId]);
    }
  });
  const keyOf = mainArtistKeys();
  interface Artist {
    songs: number;
    name: string;
    popularity: number;
    evidence: string;
    readonly films: readonly number[];
  }
  const artists = new Map<string, Artist>();
  const matchedSongs: number[] = [];
  const matchedArtists: Artist[] = [];
  // The named artists' songs, through the stored main-artist keys (a pass over every song's credits took 3 s at a million songs).
  const { songIds, unstored } = songsOfMainArtists(db, new Set(filmsNaming.keys()), keyOf);
  const songs = db
    .prepare(`SELECT id, artists, COALESCE(popularity, -1) FROM songs WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .raw()
    .iterate(JSON.stringify([...songIds])) as IterableIterator<[number, string, number]>;
  for (const [id, written, popularity] of songs) {
    const key = keyOf(written);
    const films = filmsNaming.get(key);
    if (!films) continue;
    let artist = artists.get(key);
    if (!artist) artists.set(key, (artist = { songs: 0, name: '', popularity: -Infinity, evidence: '', films }));
    artist.songs++;
    // The artist as its best-known song writes the name.
    if (popularity > artist.popularity) {
      artist.popularity = popularity;
      artist.name = splitArtists(written)[0]!;
    }
    matchedSongs.push(id);
    matchedArtists.push(artist);
  }
  for (const artist of artists.values()) artist.evidence = `the film is about ${artist.name}`;

  matchedSongs.forEach((songId, index) => {
    const artist = matchedArtists[index]!;
    if (artist.songs < MIN_SONGS) return;
    for (const movieId of artist.films) links.push(songId, movieId, artist.evidence, 'about-artist');
  });
  return { links, keys: { unstored, keyOf } };
}

/** The songs whose main-artist keys were worked out because none was stored, for a writer to store (storeArtistKeys). */
interface ArtistKeysRead {
  readonly unstored: UnstoredArtistKeys;
  readonly keyOf: (artists: string) => string;
}
