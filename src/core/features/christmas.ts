import { mainArtistKeys, type SongScope } from '../catalog/recordings.js';
import type { CatalogDatabase } from '../db/open-database.js';

/**
 * Which songs are Christmas songs, which the bridge tables make festive as a "christmas" tag would:
 * most datasets have no genre for it.
 *
 * A title that names Christmas ("White Christmas") or is a carol ("O Holy Night"), or one of the
 * winter standards Christmas radio plays ("Let It Snow", "Baby, It's Cold Outside": on 15 of 168 DEV
 * film → song first pages of 1995–1998 films, none about Christmas, before it was one) says so. An album
 * that names it says so only when it is one artist's album (Mariah Carey's "Merry Christmas"): the
 * Spotify datasets hold playlist-like compilations under an album name ("Best Christmas Songs
 * 2022", "60s Christmas Party", "christmas but not christmas songs") that also carry "The Girl from
 * Ipanema" and "In a Sentimental Mood"; 24 of the DEV independent pairs' songs were festive that
 * way, none of them a Christmas song but "Fairytale of New York", which its title now says. One
 * song of such a compilation alone in the catalog looks like one artist's album too (Duke Ellington
 * and John Coltrane's "In A Sentimental Mood" on "Best Christmas Songs 2022 | For under the
 * Mistletoe", Grupo Niche's "Cali Pachanguero" on "La navidad es todo aquello…"): an album names
 * its songs' season only when the catalog holds two or more of them, all by one artist.
 */
const CHRISTMAS = /\b(?:christmas(?:time)?|xmas|x-mas|santa claus|jingle bells?|sleigh ride|noël|navidad|weihnacht\w*)\b/iu;
const CAROL =
  /\b(?:silent night|stille nacht|o holy night|the first no[eë]l|deck the hall|joy to the world|hark,? the herald|o come,? all ye faithful|little drummer boy|rudolph,? the red|frosty the snowman|winter wonderland|let it snow|silver bells|sleigh bells|carol of the bells|away in a manger|we wish you a merry|god rest ye|o tannenbaum|mistletoe|santa baby|fairytale of new york|most wonderful time of the year|good king wenceslas|go tell it on the mountain|baby,? it['\u2019]?s cold outside)\b/iu;

/** A superset of the album names CHRISTMAS matches, for SQLite (LIKE ignores ASCII case; `_` stands for ë). */
const ALBUM_PREFILTER = ['christmas', 'xmas', 'x-mas', 'santa claus', 'jingle bell', 'sleigh ride', 'no_l', 'navidad', 'weihnacht']
  .map((word) => `album LIKE '%${word}%'`)
  .join(' OR ');

type IsChristmasSong = (title: string, album: string | null) => boolean;

/**
 * The test for the catalog's songs (reads the albums named for Christmas once). With a scope, only
 * the albums of its songs are looked at.
 */
export function christmasSongs(db: CatalogDatabase, scope?: SongScope): IsChristmasSong {
  let rows: [string, string][];
  if (scope) {
    // Usually none of the new songs' albums is named for Christmas: then no other song is read
    // (the SQL prefilter alone lets through "Piano Lessons": a million songs read for nothing).
    const albums = (
      db
        .prepare(`SELECT DISTINCT album FROM songs WHERE id IN (SELECT value FROM json_each(?)) AND (${ALBUM_PREFILTER})`)
        .pluck()
        .all(JSON.stringify([...scope.ids])) as string[]
    ).filter((album) => CHRISTMAS.test(album));
    rows =
      albums.length === 0
        ? []
        : (db.prepare(`SELECT album, artists FROM songs WHERE album IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(albums)) as [
            string,
            string,
          ][]);
  } else rows = db.prepare(`SELECT album, artists FROM songs WHERE ${ALBUM_PREFILTER}`).raw().all() as [string, string][];
  const keyOf = mainArtistKeys();
  const albums = new Map<string, { artists: Set<string>; songs: number }>();
  for (const [album, artists] of rows) {
    if (!CHRISTMAS.test(album)) continue;
    let entry = albums.get(album);
    if (!entry) albums.set(album, (entry = { artists: new Set(), songs: 0 }));
    entry.artists.add(keyOf(artists));
    entry.songs++;
  }
  const oneArtistAlbums = new Set([...albums].filter(([, { artists, songs }]) => artists.size === 1 && songs >= 2).map(([album]) => album));
  return (title, album) => CHRISTMAS.test(title) || CAROL.test(title) || (album !== null && oneArtistAlbums.has(album));
}
