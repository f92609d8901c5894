import { mainArtistKeys } from '../catalog/recordings.js';
import type { CatalogDatabase } from '../db/open-database.js';

/**
 * Artist separation, as radio and playlist makers practise it: a song list holds at most
 * SONGS_PER_ARTIST songs of one main artist in each PAGE places, so one album whose songs all fit
 * a film alike does not fill its list. Before this, 32 of the 300 best-known films of the DEV
 * catalog had one artist three or more times in their first ten songs: Bohemian Rhapsody six John
 * Mayer songs, Parasite six BTS songs, La La Land five Sinatra songs. It orders what the ranker
 * scored; it changes no score.
 */
const SONGS_PER_ARTIST = 2;
const PAGE = 10;

/**
 * Entries in score order, reordered so the first n hold at most SONGS_PER_ARTIST × ⌈n / PAGE⌉
 * songs of any main artist: a song that must wait comes as soon as its artist is allowed again,
 * ahead of lower-scored songs. Entries of no known artist (null) never wait. When every remaining
 * entry must wait, the best of them comes next, so the list keeps its length.
 */
export function separateArtists<T>(entries: readonly T[], artistOf: (entry: T) => string | null): T[] {
  const shown: T[] = [];
  const counts = new Map<string, number>();
  const waiting: T[] = [];
  let next = 0;
  const allowed = (entry: T) => {
    const artist = artistOf(entry);
    return artist === null || (counts.get(artist) ?? 0) < SONGS_PER_ARTIST * (Math.floor(shown.length / PAGE) + 1);
  };
  const show = (entry: T) => {
    const artist = artistOf(entry);
    if (artist !== null) counts.set(artist, (counts.get(artist) ?? 0) + 1);
    shown.push(entry);
  };
  while (shown.length < entries.length) {
    // Waiting songs scored above every song not yet read.
    const ready = waiting.findIndex(allowed);
    if (ready >= 0) {
      show(waiting.splice(ready, 1)[0]!);
      continue;
    }
    while (next < entries.length && !allowed(entries[next]!)) waiting.push(entries[next++]!);
    show(next < entries.length ? entries[next++]! : waiting.shift()!);
  }
  return shown;
}

/** Each song's main artist key (catalog/recordings.ts), null when the song has none. */
export function mainArtistsOf(db: CatalogDatabase, songIds: readonly number[]): Map<number, string | null> {
  const keyOf = mainArtistKeys();
  const result = new Map<number, string | null>();
  if (songIds.length === 0) return result;
  const rows = db.prepare(`SELECT id, artists FROM songs WHERE id IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(songIds)) as [
    number,
    string,
  ][];
  for (const [id, artists] of rows) {
    const key = keyOf(artists);
    result.set(id, key === '' ? null : key);
  }
  return result;
}
