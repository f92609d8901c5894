import { createHash } from 'node:crypto';
import type { CatalogDatabase } from '../db/open-database.js';

/**
 * The songs of some main artists, found through the stored main-artist keys (migration 22) where
 * they are stored, and by normalising the credits of the songs that have none. An incremental
 * vibe build needs every song of its new songs' artists (SongScope in recordings.ts); normalising
 * every song's credits to find them took 2.6 s at a million songs, the index takes milliseconds.
 *
 * The stored keys are only ever a cache of the key function: a song without a key row is keyed
 * again when it is needed, SQLite removes the key row of a song that is removed or whose credits
 * change, and the keys are forgotten whenever the key function gives other keys than those it
 * was stored with (keyRulesDigest). So the songs found are always those a pass over every song's
 * credits finds.
 */

const STATE_NAME = 'song-artist-keys';

/**
 * Bump when the main artist's rules change in a way the probes below may miss. The digest also
 * holds the keys of these credits, so a change to the normalisation they exercise forgets the
 * stored keys by itself.
 */
const KEY_RULES_VERSION = 1;
const PROBE_CREDITS = [
  'Queen',
  'The Beatles',
  'Beatles, The',
  'Beyoncé',
  'BEYONCE',
  'AC/DC',
  "Guns N' Roses",
  'Earth, Wind & Fire',
  'Simon & Garfunkel',
  'Sigur Rós;Jónsi',
  "['Drake', 'Future']",
  'Jay-Z feat. Kanye West',
  'Jay-Z, Kanye West',
  'Various Artists',
  'V.A.',
  'Various',
  '宇多田ヒカル',
  'Ólafur Arnalds',
  '  The  Rolling Stones ',
  '',
];

const digests = new WeakMap<(artists: string) => string, string>();

/** The digest stored with the keys: the rules' version and what the key function makes of the probes. */
export function keyRulesDigest(keyOf: (artists: string) => string): string {
  let digest = digests.get(keyOf);
  if (digest === undefined) {
    const hash = createHash('sha256').update(`rules ${KEY_RULES_VERSION}\n`);
    for (const credits of PROBE_CREDITS) hash.update(`${credits}\u0000${keyOf(credits)}\n`);
    digests.set(keyOf, (digest = hash.digest('hex').slice(0, 32)));
  }
  return digest;
}

/** Songs that had no stored key when they were looked for, with the key they were given (to store them: storeArtistKeys). */
export interface UnstoredArtistKeys {
  readonly ids: readonly number[];
  readonly credits: readonly string[];
  readonly keys: readonly string[];
}

/** Every song whose main artist's key is one of `artistKeys`, and the songs that had no key stored. */
export function songsOfMainArtists(
  db: CatalogDatabase,
  artistKeys: ReadonlySet<string>,
  keyOf: (artists: string) => string,
): { readonly songIds: Set<number>; readonly unstored: UnstoredArtistKeys } {
  const songIds = new Set<number>();
  const current = storedKeysCurrent(db, keyOf);
  if (current && artistKeys.size > 0) {
    const stored = db.prepare(`SELECT song_id FROM song_artist_keys WHERE artist_key IN (SELECT value FROM json_each(?))`).pluck();
    for (const id of stored.iterate(JSON.stringify([...artistKeys])) as IterableIterator<number>) songIds.add(id);
  }
  const unstored = { ids: [] as number[], credits: [] as string[], keys: [] as string[] };
  for (const [id, credits] of unkeyedSongs(db, current)) {
    const key = keyOf(credits);
    unstored.ids.push(id);
    unstored.credits.push(credits);
    unstored.keys.push(key);
    if (artistKeys.has(key)) songIds.add(id);
  }
  return { songIds, unstored };
}

/**
 * Stores the keys of songs found without one. A song removed or given other credits since it was
 * read is skipped (its key would be stale); keys stored by other rules are forgotten first.
 */
export function storeArtistKeys(db: CatalogDatabase, unstored: UnstoredArtistKeys, keyOf: (artists: string) => string): void {
  if (unstored.ids.length === 0) return;
  db.transaction(() => {
    if (!storedKeysCurrent(db, keyOf)) {
      db.prepare(`DELETE FROM song_artist_keys`).run();
      db.prepare(`INSERT INTO derived_state(name, digest) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET digest = excluded.digest`).run(
        STATE_NAME,
        keyRulesDigest(keyOf),
      );
    }
    // A first fill of a large catalog: building the index once afterwards is faster than row by row (2.0 against 2.6 s at a million songs).
    const bulk = unstored.ids.length > 50_000 && db.prepare(`SELECT count(*) FROM song_artist_keys`).pluck().get() === 0;
    if (bulk) db.exec(`DROP INDEX song_artist_keys_by_key`);
    // Only songs still as they were read: a key row's song always exists with the credits it was keyed from.
    const insert = db.prepare(`INSERT OR IGNORE INTO song_artist_keys(song_id, artist_key) SELECT id, ? FROM songs WHERE id = ? AND artists = ?`);
    for (let index = 0; index < unstored.ids.length; index++) insert.run(unstored.keys[index], unstored.ids[index], unstored.credits[index]);
    if (bulk) db.exec(`CREATE INDEX song_artist_keys_by_key ON song_artist_keys(artist_key)`);
  })();
}

function storedKeysCurrent(db: CatalogDatabase, keyOf: (artists: string) => string): boolean {
  return db.prepare(`SELECT digest FROM derived_state WHERE name = ?`).pluck().get(STATE_NAME) === keyRulesDigest(keyOf);
}

/**
 * (id, credits) of the songs without a stored key: none when there are as many keys as songs
 * (a key row's song always exists), the songs past the last keyed one when those make up the
 * difference (an import's new songs), else every song without one.
 */
function unkeyedSongs(db: CatalogDatabase, current: boolean): Iterable<[number, string]> {
  if (!current) return db.prepare(`SELECT id, artists FROM songs`).raw().iterate() as IterableIterator<[number, string]>;
  const songs = db.prepare(`SELECT count(*) FROM songs`).pluck().get() as number;
  const keyed = db.prepare(`SELECT count(*) FROM song_artist_keys`).pluck().get() as number;
  if (keyed === songs) return [];
  const lastKeyed = (db.prepare(`SELECT max(song_id) FROM song_artist_keys`).pluck().get() as number | null) ?? 0;
  const tail = db.prepare(`SELECT id, artists FROM songs WHERE id > ?`).raw().all(lastKeyed) as [number, string][];
  if (keyed + tail.length === songs) return tail;
  return db.prepare(`SELECT id, artists FROM songs WHERE id NOT IN (SELECT song_id FROM song_artist_keys)`).raw().iterate() as IterableIterator<
    [number, string]
  >;
}
