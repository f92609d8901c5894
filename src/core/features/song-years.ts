import { loadRecordingGroups, readSongFacts, type SongFacts, type SongScope } from '../catalog/recordings.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { creditedToVariousArtists, songTitleKey } from '../evaluation/normalise-title.js';
import { loadSongTags } from './song-tags.js';
import { tagHints } from './tag-hints.js';

/**
 * A release year for as many songs as the catalog can vouch for, and never a guessed one.
 *
 * In order:
 * - 'own': the song's own release year;
 * - 'same-track': the earliest year of another version of the same recording (recordings.ts:
 *   same title without release notes, main artist and length; a Spotify id is unique in the
 *   catalog, so every source of one track id is already merged into one song);
 * - 'same-album': the earliest year of another song on the same album by the same main artist
 *   (the Spotify album id, or the album title without edition notes: "Abbey Road (Remastered)"
 *   is Abbey Road, and the earliest year is the one that dates the music);
 * - 'tag': only decades, from the Last.fm decade tags of the song's artists, each with its share
 *   of those tags ("60s" from six listeners and "50s" from three: two thirds 1960s), when the tags
 *   are more than a passing mention (MIN_TAG_DECADE_EVIDENCE). An artist's decades are not the
 *   song's year, so no year is ever made up from them.
 * Songs with none of these are left out.
 *
 * A catalog year is often a re-release's: the Spotify datasets date "September" by Earth, Wind &
 * Fire 2018 and "Paranoid" 2014, from the compilation or remaster they were taken from. So a song
 * keeps the earliest year any version of its recording has, and when that year is still a
 * generation (REISSUE_GAP years) after every decade listeners tag its artist with, the year may
 * date a re-release: the song also carries the artist's decades, and its era is split between the
 * two (src/core/features/era.ts). A year from a compilation ("Gold", "Greatest Hits") dates the
 * compilation, not the song ("Cool It Now", 1984, on New Edition's "Gold", 2005): it never dates
 * another version or another song of the album, and it dates its own song only against the
 * artist's decade tags, where one decade past every tagged decade is enough to read it as the
 * compilation's (COMPILATION_GAP). Without tags or a dated version such a song is left undated,
 * which the era fit handles (the film's decade alone). On the DEV independent pairs (cross-fitted)
 * this took the most recommended song's share of movie → song first pages from 13.1 % to 11.9 %
 * (its hubs were 1984–1997 songs dated 2004–2007 by compilations) and AUC from 0.806 / 0.909 to
 * 0.807 / 0.911 (2026-12-05). None of this is a guessed year.
 */

type SongYearSource = 'own' | 'same-track' | 'same-album' | 'tag';

interface SongYear {
  readonly year: number | null;
  readonly decade: number | null;
  /** Each decade's share of the artist's decade tags: for 'tag' all there is; with a year, a year that may date a re-release. */
  readonly decades?: ReadonlyMap<number, number>;
  readonly source: SongYearSource;
}

/** Years after the latest decade an artist is tagged with from which a song's year may date a re-release. */
const REISSUE_GAP = 20;
/**
 * The same for a year taken from a compilation ("Gold", "Greatest Hits", "Rhino Hi-Five: Roberta
 * Flack"), which dates the compilation: one past every tagged decade is enough.
 */
const COMPILATION_GAP = 10;
const COMPILATION =
  /\b(?:greatest hits|best of|the very best|the hits|gold|collection|anthology|essentials?|anniversary|hi-five|number ones|#1's|#1s|rewind|classics|legends|ultimate|definitive|platinum|20th century masters)\b/iu;

/** tagHints decade evidence below which an artist's decade tags are too faint to use (one tag from a tenth of its listeners). */
const MIN_TAG_DECADE_EVIDENCE = 0.09;

const decadeOf = (year: number): number => Math.floor(year / 10) * 10;

/**
 * Whether a song comes from a compilation, whose year is the compilation's: its album's title
 * names one ("Gold", "Greatest Hits"), or the compilation is credited instead of the performer.
 */
export function isCompilation(album: string | null, artists: string): boolean {
  return (album !== null && COMPILATION.test(album)) || creditedToVariousArtists(artists);
}

function keepEarliest<K>(map: Map<K, number>, key: K, year: number): void {
  const known = map.get(key);
  if (known === undefined || year < known) map.set(key, year);
}

export function loadSongYears(
  db: CatalogDatabase,
  /** The songs' Last.fm tags when the caller already loaded them (loadSongTags). */
  songTags?: ReadonlyMap<number, ReadonlyMap<string, number>>,
  /** The catalog's recording groups when the caller already loaded them (loadRecordingGroups, with the same scope). */
  recordingGroups?: ReadonlyMap<number, number>,
  /** Only these songs' years (an incremental build's new songs): only their artists' songs are read. */
  scope?: SongScope,
  /** The songs (the scope's, with one) as the caller read them for all its statistics. */
  facts: SongFacts = readSongFacts(db, scope),
): Map<number, SongYear> {
  const { rows } = facts;
  const groups = recordingGroups ?? loadRecordingGroups(db, scope, facts);

  const byRecording = new Map<number, number>();
  const byAlbumId = new Map<string, number>();
  const byAlbumTitle = new Map<string, number>();
  // Albums and artists strings repeat across songs: normalise each distinct one once.
  const albumKeys = new Map<string, string>();
  const { artistKeyOf } = facts;
  const albumTitleKey = (artist: string, album: string | null): string | null => {
    if (album === null) return null;
    let title = albumKeys.get(album);
    if (title === undefined) albumKeys.set(album, (title = songTitleKey(album)));
    return title === '' || artist === '' ? null : `${title}\u0000${artist}`;
  };
  const plausible = (year: number | null): year is number => year !== null && Number.isInteger(year) && year >= 1000 && year <= 9999;

  for (const [id, , artists, album, albumId, year] of rows) {
    // A compilation's year dates the compilation: it cannot date the recording's other versions or the album's other songs.
    if (!plausible(year) || isCompilation(album, artists)) continue;
    const group = groups.get(id);
    if (group !== undefined) keepEarliest(byRecording, group, year);
    if (albumId !== null) keepEarliest(byAlbumId, albumId, year);
    // An album title's key includes the main artist's: other artists' albums cannot date a scoped song.
    const albumKey = albumTitleKey(artistKeyOf(artists), album);
    if (albumKey !== null) keepEarliest(byAlbumTitle, albumKey, year);
  }
  // An album id is not one artist's (a various-artists album): with a scope, every dated song on its songs' albums counts.
  if (scope) {
    const albumIds = [...new Set(rows.map((row) => row[4]).filter((albumId) => albumId !== null))];
    const others = db
      .prepare(
        `SELECT spotify_album_id, album, artists, release_year FROM songs WHERE release_year IS NOT NULL AND spotify_album_id IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .iterate(JSON.stringify(albumIds)) as IterableIterator<[string, string | null, string, number]>;
    for (const [albumId, album, artists, year] of others) if (plausible(year) && !isCompilation(album, artists)) keepEarliest(byAlbumId, albumId, year);
  }

  const tagsOf = songTags ?? loadSongTags(db);
  // Songs of one artist share a tag map: read each map's hints once.
  const hints = new Map<ReadonlyMap<string, number>, ReturnType<typeof tagHints>>();
  /** The artist's tagged decades (the most tagged one, and each one's share), or null when too faint. */
  const tagDecadesOf = (id: number): { decade: number; decades: ReadonlyMap<number, number> } | null => {
    const tags = tagsOf.get(id);
    if (tags === undefined) return null;
    let hint = hints.get(tags);
    if (!hint) hints.set(tags, (hint = tagHints(tags)));
    return hint.decade !== null && hint.decadeEvidence >= MIN_TAG_DECADE_EVIDENCE ? { decade: hint.decade, decades: hint.decades } : null;
  };
  const dated = (id: number, year: number, source: SongYearSource, compilation = false): SongYear => {
    const tagged = tagDecadesOf(id);
    const reissue = tagged !== null && year >= Math.max(...tagged.decades.keys()) + (compilation ? COMPILATION_GAP : REISSUE_GAP);
    return { year, decade: decadeOf(year), ...(reissue ? { decades: tagged.decades } : {}), source };
  };

  const result = new Map<number, SongYear>();
  for (const [id, , artists, album, albumId, year] of rows) {
    if (scope && !scope.ids.has(id)) continue;
    const group = groups.get(id);
    const sameTrack = group === undefined ? undefined : byRecording.get(group);
    if (plausible(year) && isCompilation(album, artists)) {
      // Only the compilation's year: dated by another version, or read against the artist's decades, or not at all.
      if (sameTrack !== undefined) result.set(id, dated(id, sameTrack, 'same-track'));
      else if (tagDecadesOf(id) !== null) result.set(id, dated(id, year, 'own', true));
      continue;
    }
    if (plausible(year)) {
      result.set(id, sameTrack !== undefined && sameTrack < year ? dated(id, sameTrack, 'same-track') : dated(id, year, 'own'));
      continue;
    }
    if (sameTrack !== undefined) {
      result.set(id, dated(id, sameTrack, 'same-track'));
      continue;
    }
    const albumKey = albumTitleKey(artistKeyOf(artists), album);
    const sameAlbum = (albumId === null ? undefined : byAlbumId.get(albumId)) ?? (albumKey === null ? undefined : byAlbumTitle.get(albumKey));
    if (sameAlbum !== undefined) {
      result.set(id, dated(id, sameAlbum, 'same-album'));
      continue;
    }
    const tagged = tagDecadesOf(id);
    if (tagged !== null) result.set(id, { year: null, ...tagged, source: 'tag' });
  }
  return result;
}
