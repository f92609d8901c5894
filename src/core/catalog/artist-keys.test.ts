import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogDatabase } from '../db/open-database.js';
import { tempDatabase } from '../testing/temp.js';
import { keyRulesDigest, songsOfMainArtists, storeArtistKeys } from './artist-keys.js';
import { mainArtistKeys, songScope } from './recordings.js';

let db: CatalogDatabase;
let nextId = 1;

beforeEach(() => {
  db = tempDatabase();
  nextId = 1;
});
afterEach(() => db.close());

function addSongs(...credits: string[]): number[] {
  const insert = db.prepare(`INSERT INTO songs(id, song_key, title, artists) VALUES (?, ?, ?, ?)`);
  return credits.map((artists) => {
    const id = nextId++;
    insert.run(id, `song-${id}`, `Song ${id}`, artists);
    return id;
  });
}

/** What a pass over every song's credits finds: the reference the index must always agree with. */
function byScan(artistKeys: ReadonlySet<string>): number[] {
  const keyOf = mainArtistKeys();
  const rows = db.prepare(`SELECT id, artists FROM songs ORDER BY id`).raw().all() as [number, string][];
  return rows.filter(([, artists]) => artistKeys.has(keyOf(artists))).map(([id]) => id);
}

function found(artistKeys: ReadonlySet<string>) {
  const keyOf = mainArtistKeys();
  const { songIds, unstored } = songsOfMainArtists(db, artistKeys, keyOf);
  return { ids: [...songIds].sort((a, b) => a - b), unstored: [...unstored.ids].sort((a, b) => a - b), store: () => storeArtistKeys(db, unstored, keyOf) };
}

const storedIds = () => db.prepare(`SELECT song_id FROM song_artist_keys ORDER BY song_id`).pluck().all() as number[];

describe('songs of main artists through the stored keys', () => {
  it('finds the same songs as a scan of every credits line, before and after the keys are stored', () => {
    addSongs('Queen', 'QUEEN;David Bowie', "['Queen', 'Freddie Mercury']", 'Queen Latifah', 'ABBA', 'Various Artists', '', 'Beyoncé', 'Beyonce');
    const wanted = new Set(['queen', 'beyonce', '']);
    const first = found(wanted);
    expect(first.ids).toEqual(byScan(wanted));
    expect(first.unstored).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    first.store();
    expect(storedIds()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const second = found(wanted);
    expect(second.ids).toEqual(first.ids);
    expect(second.unstored).toEqual([]);
  });

  it("keys an import's new songs (past the last keyed one) and any song whose credits changed, and forgets removed songs", () => {
    addSongs('Queen', 'ABBA', 'Queen', 'Metallica');
    found(new Set()).store();
    const [newQueen] = addSongs('Queen', 'Björk');
    let result = found(new Set(['queen']));
    expect(result.unstored).toEqual([5, 6]);
    expect(result.ids).toEqual([1, 3, newQueen]);
    result.store();

    // A merge that rewrites the credits of a song in the middle: its key row goes, and it is keyed again.
    db.prepare(`UPDATE songs SET artists = 'ABBA;Queen' WHERE id = 3`).run();
    db.prepare(`DELETE FROM songs WHERE id = 1`).run();
    result = found(new Set(['queen', 'abba']));
    expect(result.unstored).toEqual([3]);
    expect(result.ids).toEqual(byScan(new Set(['queen', 'abba'])));
    expect(result.ids).toEqual([2, 3, 5]);
    result.store();
    expect(storedIds()).toEqual([2, 3, 4, 5, 6]);
    expect(db.prepare(`SELECT artist_key FROM song_artist_keys WHERE song_id = 3`).pluck().get()).toBe('abba');
  });

  it('does not store the key of a song an import changed or removed after it was read', () => {
    addSongs('Queen', 'ABBA', 'Metallica');
    const result = found(new Set(['queen']));
    // What an import's merge and an undo do to the songs (song-writer.ts, undo-import.ts), with the run they leave.
    db.prepare(`INSERT INTO sources(id, path, kind, format) VALUES (1, '/more.csv', 'songs', 'spotify-tracks')`).run();
    db.prepare(`INSERT INTO import_runs(id, source_id, status) VALUES (1, 1, 'completed')`).run();
    db.prepare(`UPDATE songs SET artists = 'Muse' WHERE id = 1`).run();
    db.prepare(`DELETE FROM songs WHERE id = 2`).run();
    result.store();
    expect(storedIds()).toEqual([3]);
    expect(found(new Set(['queen'])).ids).toEqual([]);
    expect(found(new Set(['muse'])).ids).toEqual([1]);
  });

  it('ignores and then replaces keys stored by other rules', () => {
    addSongs('Queen', 'ABBA');
    db.prepare(`INSERT INTO song_artist_keys(song_id, artist_key) VALUES (1, 'abba'), (2, 'queen')`).run();
    db.prepare(`INSERT INTO derived_state(name, digest) VALUES ('song-artist-keys', 'older rules')`).run();
    const result = found(new Set(['queen']));
    expect(result.ids).toEqual([1]);
    expect(result.unstored).toEqual([1, 2]);
    result.store();
    expect(db.prepare(`SELECT artist_key FROM song_artist_keys ORDER BY song_id`).pluck().all()).toEqual(['queen', 'abba']);
    expect(db.prepare(`SELECT digest FROM derived_state WHERE name = 'song-artist-keys'`).pluck().get()).toBe(keyRulesDigest(mainArtistKeys()));
  });

  it('changes its digest when the key function gives other keys', () => {
    const keyOf = mainArtistKeys();
    expect(keyRulesDigest(keyOf)).toBe(keyRulesDigest(mainArtistKeys()));
    expect(keyRulesDigest((artists) => keyOf(artists).toUpperCase())).not.toBe(keyRulesDigest(keyOf));
  });

  it('fills a large catalog in one go, and the index answers afterwards', () => {
    const credits = Array.from({ length: 60_000 }, (_, index) => `Artist ${index % 7_000}`);
    db.transaction(() => addSongs(...credits))();
    const wanted = new Set([mainArtistKeys()('Artist 12'), mainArtistKeys()('Artist 6999')]);
    found(wanted).store();
    expect(storedIds()).toHaveLength(60_000);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'song_artist_keys_by_key'`).pluck().get()).toBe(
      'song_artist_keys_by_key',
    );
    const again = found(wanted);
    expect(again.unstored).toEqual([]);
    expect(again.ids).toEqual(byScan(wanted));
    expect(again.ids).toHaveLength(17);
  });

  it("gives a scope of the songs' artists' songs, the songs themselves included", () => {
    const ids = addSongs('Queen', 'ABBA', 'Queen;ABBA', 'Muse');
    const scope = songScope(db, new Set([ids[0]!]));
    storeArtistKeys(db, scope.unstoredKeys, scope.artistKeyOf);
    expect([...scope.songIds].sort()).toEqual([1, 3]);
    expect([...songScope(db, new Set([2])).songIds]).toEqual([2]);
    expect(songScope(db, new Set([2])).unstoredKeys.ids).toEqual([]);
  });
});
