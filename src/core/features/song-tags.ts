import type { CatalogDatabase } from '../db/open-database.js';
import { isVariousArtists, nameKey, splitArtists } from '../evaluation/normalise-title.js';
import { namesSungLanguage } from './song-language.js';

/**
 * Songs' tags, borrowed from their artists (Last.fm artist tags in artist_tags, migration 13).
 *
 * A song's artists are matched by normalised name (nameKey: case, accents, a leading "The", "&"
 * as "and", punctuation): the song's credited artists in order, and the artists featured in its
 * title ("(feat. X)"). The catalog stores artists joined with ", ", so names that hold a comma
 * ("Earth, Wind & Fire") are found by trying two and three neighbouring parts together first.
 *
 * The main (first matched) artist's tags count fully; other artists' tags count half, so a guest
 * verse does not turn a pop song into rap. Only the first credited artist (the one after a
 * compilation's "Various Artists") lends its language tags ("french", "k-pop": song-language.ts):
 * a guest's nationality is not the song's language. "Tubarão Te" by a Brazilian DJ, whose credits
 * end in a cut-off "M", took the French singer -M-'s "french" and was called French beside Amélie.
 * Per tag the largest weight wins; weights stay in (0, 1].
 */

const GUEST_FACTOR = 0.5;
/** "(feat. X)", "[ft. X]", "(with X)" and a bare trailing "feat. X" in a title. */
const FEATURED = /(?:[([]\s*(?:feat\.?|ft\.?|featuring|with)\s+([^)\]]+)[)\]])|(?:\s(?:feat\.?|ft\.|featuring)\s+(.+)$)/giu;

type ArtistTags = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Every artist's tags by artist key, merged over tag sources (largest weight per tag). */
function loadArtistTags(db: CatalogDatabase): Map<string, Map<string, number>> {
  const byArtist = new Map<string, Map<string, number>>();
  const rows = db.prepare(`SELECT artist_key, tag, weight FROM artist_tags`).raw().all() as [string, string, number][];
  for (const [key, tag, weight] of rows) {
    let tags = byArtist.get(key);
    if (!tags) byArtist.set(key, (tags = new Map()));
    if (weight > (tags.get(tag) ?? 0)) tags.set(tag, weight);
  }
  return byArtist;
}

/** The artists featured in a title: "Song (feat. A & B)" → ["A & B", "A", "B"] (the whole credit first). */
export function featuredArtists(title: string): string[] {
  const names: string[] = [];
  for (const match of title.matchAll(FEATURED)) {
    const credit = (match[1] ?? match[2] ?? '').trim();
    if (credit === '') continue;
    names.push(credit, ...credit.split(/\s*(?:,|&|\band\b|\bx\b)\s*/iu).filter((name) => name !== '' && name !== credit));
  }
  return names;
}

/** The song's artists that `known` holds, main artist first, and whether that one is the song's first credit. */
interface SongArtistMatch {
  readonly keys: readonly string[];
  readonly firstCredited: boolean;
}

/**
 * The keys of the song's artists that `known` holds, main artist first: credited artists left to
 * right (joining up to three ", "-separated parts, longest first), then featured ones.
 */
export function matchSongArtists(artists: string, title: string, known: { has(key: string): boolean }): SongArtistMatch {
  const parts = splitArtists(artists);
  const firstCredit = parts.length > 1 && isVariousArtists(parts[0]!) ? 1 : 0;
  let firstCredited = false;
  const found: string[] = [];
  const add = (key: string) => {
    if (!found.includes(key)) found.push(key);
  };
  for (let start = 0; start < parts.length;) {
    let taken = 1;
    for (let length = Math.min(3, parts.length - start); length >= 1; length--) {
      const name = parts.slice(start, start + length).join(', ');
      const key = nameKey(name);
      if (key !== '' && known.has(key) && !isVariousArtists(name)) {
        if (start === firstCredit) firstCredited = true;
        add(key);
        taken = length;
        break;
      }
    }
    start += taken;
  }
  for (const name of featuredArtists(title)) {
    const key = nameKey(name);
    if (key !== '' && known.has(key)) add(key);
  }
  return { keys: found, firstCredited };
}

/** Merges the tags of a song's matched artists (see the module comment). */
function mergeTags({ keys, firstCredited }: SongArtistMatch, artistTags: ArtistTags): ReadonlyMap<string, number> {
  const main = artistTags.get(keys[0]!)!;
  if (keys.length === 1 && firstCredited) return main;
  const merged = new Map<string, number>();
  keys.forEach((key, index) => {
    const isMain = index === 0;
    for (const [tag, weight] of artistTags.get(key)!) {
      if (!(isMain && firstCredited) && namesSungLanguage(tag)) continue;
      const counted = isMain ? weight : weight * GUEST_FACTOR;
      if (counted > (merged.get(tag) ?? 0)) merged.set(tag, counted);
    }
  });
  return merged;
}

/**
 * song id → (lower-case tag → weight in (0, 1]), merged over the song's artists. Songs without a
 * tagged artist are left out. Songs of a single tagged artist share that artist's map (read-only).
 * With `only`, just those songs (an incremental build's new songs).
 */
export function loadSongTags(db: CatalogDatabase, only?: ReadonlySet<number>): Map<number, ReadonlyMap<string, number>> {
  const artistTags = loadArtistTags(db);
  const result = new Map<number, ReadonlyMap<string, number>>();
  if (artistTags.size === 0) return result;
  forEachTaggedSong(
    db,
    artistTags,
    (id, match) => {
      const tags = mergeTags(match, artistTags);
      if (tags.size > 0) result.set(id, tags);
    },
    only,
  );
  return result;
}

/** How many catalog songs have at least one tagged artist (the Last.fm import reports it). */
export function countTaggedSongs(db: CatalogDatabase): number {
  const artistTags = loadArtistTags(db);
  let count = 0;
  if (artistTags.size > 0) forEachTaggedSong(db, artistTags, () => count++);
  return count;
}

function forEachTaggedSong(db: CatalogDatabase, artistTags: ArtistTags, visit: (id: number, match: SongArtistMatch) => void, only?: ReadonlySet<number>): void {
  // Catalogs repeat the same artists string many times: match each distinct one once.
  const byArtists = new Map<string, SongArtistMatch>();
  const rows = only
    ? db
        .prepare(`SELECT id, title, artists FROM songs WHERE id IN (SELECT value FROM json_each(?))`)
        .raw()
        .iterate(JSON.stringify([...only]))
    : db.prepare(`SELECT id, title, artists FROM songs`).raw().iterate();
  for (const [id, title, artists] of rows as IterableIterator<[number, string, string]>) {
    let match: SongArtistMatch;
    if (/\b(?:feat|ft|featuring|with)\b/iu.test(title)) match = matchSongArtists(artists, title, artistTags);
    else {
      const cached = byArtists.get(artists);
      match = cached ?? matchSongArtists(artists, '', artistTags);
      if (!cached) byArtists.set(artists, match);
    }
    if (match.keys.length > 0) visit(id, match);
  }
}
