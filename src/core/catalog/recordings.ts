import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CatalogDatabase } from '../db/open-database.js';
import { importRunStates, type ImportRunState } from './import-run-states.js';
import { songsOfMainArtists, type UnstoredArtistKeys } from './artist-keys.js';
import { songFameSql } from './fame.js';
import { foldText, isVariousArtists, nameKey, songTitleKey, splitArtists } from '../evaluation/normalise-title.js';

/**
 * The same recording under several ids: Spotify lists a song once per album it is on (the single,
 * the album, a "Greatest Hits", a remaster), and overlapping datasets add more. Two songs are the
 * same recording when
 * - their titles agree once release notes are set aside: " - Remastered 2011", "(2009 Remaster)",
 *   "(feat. X)", " - Single Version", " - From "Film"", "(Mono)";
 * - and they agree on what makes another recording: a song marked " - Live", "(Acoustic)",
 *   " - Remix", "(Demo)", "(Instrumental)", "(Radio Edit)"… is kept apart from one that is not
 *   (RECORDING_MARKERS; the words themselves become part of the key);
 * - the main (first credited) artist is the same, by normalised name;
 * - and their durations are within 2 s of each other (unknown durations never match: a same-titled
 *   song of unknown length may be a different take).
 *
 * The canonical version of a group is the best-known one: highest popularity (streams read as
 * popularity where a source gives only those: fame.ts), then the most complete features,
 * then the lowest id.
 */

const DURATION_TOLERANCE_MS = 2000;

/** Words in a version note that make it another recording (or another mix) of the song. */
const RECORDING_MARKERS = [
  'live',
  'acoustic',
  'unplugged',
  'remix',
  'rmx',
  'mix',
  'demo',
  'instrumental',
  'karaoke',
  'acapella',
  'cappella',
  'session',
  'sessions',
  'rehearsal',
  'take',
  'reprise',
  'cover',
  'orchestral',
  'piano',
  'edit',
  'extended',
  'dub',
  'slowed',
  'sped',
  'nightcore',
  'rework',
  'reimagined',
  'rerecorded',
  'version',
  'mono',
] as const;
/** "version" and "mono" alone are release notes, not recordings ("Single Version", "Mono"): see releaseNote. */
const SAME_RECORDING_VERSIONS = /\b(?:single|album|original|lp|radio|stereo|mono|remastered|remaster|explicit|clean|main|short)\s+version\b/gu;

/** The parts of a title that hold version notes: after " - ", and every bracketed segment. */
const DASH_PART = /\s+[-\u2013\u2014]\s+(.*)$/u;
const BRACKET_PART = /[([]([^()[\]]*)[)\]]/gu;

/** The recording markers a title's version notes carry, sorted, e.g. "- Live at Wembley (Remastered)" → ["live"]. */
export function recordingMarkers(title: string): string[] {
  // Most titles carry no notes at all: skip the regular expressions for them.
  if (!/[-\u2013\u2014([]/u.test(title)) return [];
  const notes: string[] = [];
  const dash = DASH_PART.exec(title);
  if (dash) notes.push(dash[1]!);
  for (const match of title.matchAll(BRACKET_PART)) notes.push(match[1]!);
  const markers = new Set<string>();
  for (const note of notes) {
    // foldText turns the hyphen of "Re-Recorded" into a space.
    const folded = foldText(note)
      .replace(SAME_RECORDING_VERSIONS, ' ')
      .replace(/\bre recorded\b/gu, 'rerecorded');
    // A film name is a release note too: "- From "Frozen"" and "(From the Motion Picture …)".
    if (/^from\b/u.test(folded) || /\b(?:feat|ft|featuring|with)\b/u.test(folded)) continue;
    const words = new Set(folded.split(' '));
    for (const marker of RECORDING_MARKERS) if (words.has(marker)) markers.add(marker === 'rmx' ? 'remix' : marker);
  }
  // "Mono" on its own is a mono master of the same recording; it only counts beside another marker.
  if (markers.size === 1 && markers.has('mono')) markers.clear();
  markers.delete('version');
  return [...markers].sort();
}

/**
 * Markers that always mean another performance, never a release of the same one: a live take, a
 * remix (a named mix such as "Hot Rod Herman Mix" too), a re-recording, a cover. Edits, remaster
 * mixes, reprises and "piano"/"orchestral"/"take" are left out: radio edits and "2011 Mix" are the
 * same performance, and classical titles carry "Piano Sonata" or "(Take a Look at Me Now)" as part
 * of the name.
 */
const OTHER_PERFORMANCE_MARKERS = new Set<string>([
  'live',
  'unplugged',
  'remix',
  'rerecorded',
  'acoustic',
  'demo',
  'karaoke',
  'acapella',
  'cappella',
  'cover',
  'rehearsal',
  'session',
  'sessions',
  'slowed',
  'sped',
  'nightcore',
  'rework',
  'reimagined',
]);

/** "2011 Mix", "Stereo Mix", "2009 Mono Mix": a new mix of the same performance, not a remix. */
const REMASTER_MIX = /\b(?:(?:19|20)\d\d|stereo|mono)\s+(?:(?:stereo|mono)\s+)?mix\b/iu;

const otherPerformance = (title: string): string =>
  recordingMarkers(title)
    .filter((marker) => OTHER_PERFORMANCE_MARKERS.has(marker) || (marker === 'mix' && !REMASTER_MIX.test(title)))
    .join(' ');

/**
 * True when `catalogTitle` is the performance `listedTitle` names: a source that lists "Crazy in
 * Love" means the original, not the catalog's "Crazy In Love - Remix"; one that lists "Check Yo
 * Self (Remix)" means the remix, not the album track.
 */
export function isListedPerformance(listedTitle: string, catalogTitle: string): boolean {
  return otherPerformance(listedTitle) === otherPerformance(catalogTitle);
}

/** The title part of the recording key: the song title key plus the recording markers. */
export function recordingTitleKey(title: string): string {
  const markers = recordingMarkers(title);
  const base = songTitleKey(title);
  return markers.length === 0 ? base : `${base}|${markers.join(' ')}`;
}

/** The main artist's key: the first credited artist, normalised ('' for none, or a compilation's "Various Artists"). */
function mainArtistKey(artists: string): string {
  const first = splitArtists(artists)[0];
  return first === undefined || isVariousArtists(first) ? '' : nameKey(first);
}

/** mainArtistKey, remembered per artists string: catalogs repeat the same string many times. */
export function mainArtistKeys(): (artists: string) => string {
  const keys = new Map<string, string>();
  return (artists) => {
    let key = keys.get(artists);
    if (key === undefined) keys.set(artists, (key = mainArtistKey(artists)));
    return key;
  };
}

export interface RecordingCandidate {
  readonly id: number;
  readonly title: string;
  readonly artists: string;
  readonly durationMs: number | null;
  readonly popularity: number | null;
  /** How many of the song's descriptive fields are known (audio features, year, album). */
  readonly completeness: number;
}

/** Orders versions best-known first: popularity, then completeness, then the lowest id. */
function compareBestKnown(a: RecordingCandidate, b: RecordingCandidate): number {
  return (b.popularity ?? -1) - (a.popularity ?? -1) || b.completeness - a.completeness || a.id - b.id;
}

/**
 * Splits candidates into recordings: same recording key (title key + markers + main artist),
 * then runs of durations within DURATION_TOLERANCE_MS of the run's shortest. Each group is
 * returned best-known first; songs without a key form groups of one. A song without a duration
 * (4 % of the DEV catalog's songs: datasets that do not give it) joins its key's recording when the
 * key has only one, and the songs of a key that has none form one recording: nothing tells them
 * apart, and "Memories" by Maroon 5 was listed twice. When the durations of a key make several
 * recordings, a song without one cannot be placed and stays alone.
 */
export function groupRecordings<T extends RecordingCandidate>(candidates: Iterable<T>, artistKeyOf: (artists: string) => string = mainArtistKeys()): T[][] {
  const byKey = new Map<string, { timed: T[]; untimed: T[] }>();
  const groups: T[][] = [];
  for (const candidate of candidates) {
    const key = recordingKey(candidate, artistKeyOf);
    if (key === null) {
      groups.push([candidate]);
      continue;
    }
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { timed: [], untimed: [] }));
    (candidate.durationMs === null ? entry.untimed : entry.timed).push(candidate);
  }
  for (const { timed, untimed } of byKey.values()) {
    timed.sort((a, b) => a.durationMs! - b.durationMs! || a.id - b.id);
    const runs: T[][] = [];
    for (const candidate of timed) {
      const run = runs[runs.length - 1];
      if (run && candidate.durationMs! - run[0]!.durationMs! <= DURATION_TOLERANCE_MS) run.push(candidate);
      else runs.push([candidate]);
    }
    if (runs.length === 0) runs.push(untimed);
    else if (runs.length === 1) for (const candidate of untimed) runs[0]!.push(candidate);
    else for (const candidate of untimed) runs.push([candidate]);
    for (const run of runs) groups.push(run.sort(compareBestKnown));
  }
  return groups;
}

/** The key a recording's versions share (title key with its markers, and main artist); null when either is empty, a recording of its own. */
function recordingKey(
  song: { readonly title: string; readonly artists: string },
  artistKeyOf: (artists: string) => string,
  titleKeyOf: (title: string) => string = recordingTitleKey,
): string | null {
  const artist = artistKeyOf(song.artists);
  const title = artist === '' ? '' : titleKeyOf(song.title);
  return artist === '' || title === '' ? null : `${title}\u0000${artist}`;
}

/**
 * The recording groups some songs (an incremental build's new and changed ones) are in, from a
 * scope's facts (every song of their main artists), and the songs those groups may hold: groups
 * form within one recording key, so only the songs sharing a key with one of `ids` are grouped
 * (at a million songs the 1,000 new songs' artists had 263K songs, and grouping them all took 1.2 s).
 */
export function groupsOfSongs(facts: SongFacts, ids: ReadonlySet<number>): { readonly groups: Map<number, number>; readonly songIds: Set<number> } {
  const keys = new Set<string>();
  for (const [id, title, artists] of facts.rows) {
    if (!ids.has(id)) continue;
    const key = recordingKey({ title, artists }, facts.artistKeyOf);
    if (key !== null) keys.add(key);
  }
  const candidates: RecordingCandidate[] = [];
  const songIds = new Set(ids);
  // An artist's versions of a song repeat its title: each distinct title is read once.
  const titleKeys = new Map<string, string>();
  const titleKeyOf = (title: string): string => {
    let key = titleKeys.get(title);
    if (key === undefined) titleKeys.set(title, (key = recordingTitleKey(title)));
    return key;
  };
  if (keys.size > 0)
    for (const [id, title, artists, , , , durationMs, popularity, completeness] of facts.rows) {
      const key = ids.has(id) || recordingKey({ title, artists }, facts.artistKeyOf, titleKeyOf);
      if (key === true || (key !== null && keys.has(key))) {
        candidates.push({ id, title, artists, durationMs, popularity, completeness });
        songIds.add(id);
      }
    }
  return { groups: canonicalOfGroups(groupRecordings(candidates, facts.artistKeyOf)), songIds };
}

/** song id → its group's canonical song id, for the groups of two or more (the canonical song maps to itself). */
function canonicalOfGroups(groups: Iterable<readonly { readonly id: number }[]>): Map<number, number> {
  const result = new Map<number, number>();
  for (const group of groups) {
    if (group.length < 2) continue;
    const canonical = group[0]!.id;
    for (const member of group) result.set(member.id, canonical);
  }
  return result;
}

/** SQL for the completeness count, over the columns that describe a song (`table`: the songs alias). */
export function completenessSql(table = 'songs'): string {
  return [
    'danceability',
    'energy',
    'valence',
    'acousticness',
    'instrumentalness',
    'speechiness',
    'liveness',
    'loudness',
    'tempo',
    'musical_key',
    'mode',
    'release_year',
    'album',
  ]
    .map((column) => `(${table}.${column} IS NOT NULL)`)
    .join(' + ');
}

/**
 * Some songs (an incremental build's new ones), their main artists' keys and every song of those
 * artists. Every per-song statistic a song's features read is kept per main artist (recording
 * groups, the album title's year, the artist's explicit share and dated songs) or is the song's
 * own, so the statistics of these songs need only their artists' songs. Those songs are found
 * through the stored main-artist keys (artist-keys.ts); each statistic then reads just them
 * (songRows), where each used to read and normalise the whole catalog again.
 */
export interface SongScope {
  readonly ids: ReadonlySet<number>;
  readonly artistKeys: ReadonlySet<string>;
  /** Every song whose main artist is one of artistKeys (the ids included). */
  readonly songIds: ReadonlySet<number>;
  /** The main artist's key of an artists string, remembered for every song's artists it has seen. */
  readonly artistKeyOf: (artists: string) => string;
  /** The songs whose keys were not stored (artist-keys.ts), keyed to be stored by a writer (storeArtistKeys). */
  readonly unstoredKeys: UnstoredArtistKeys;
}

export function songScope(db: CatalogDatabase, ids: ReadonlySet<number>): SongScope {
  const keyOf = mainArtistKeys();
  const artists = db
    .prepare(`SELECT DISTINCT artists FROM songs WHERE id IN (SELECT value FROM json_each(?))`)
    .pluck()
    .all(JSON.stringify([...ids])) as string[];
  const artistKeys = new Set(artists.map(keyOf));
  const { songIds, unstored } = songsOfMainArtists(db, artistKeys, keyOf);
  return { ids, artistKeys, songIds, artistKeyOf: keyOf, unstoredKeys: unstored };
}

/** A song's columns that the per-artist statistics of a vibe build read (SongFacts). */
type SongFactRow = [
  id: number,
  title: string,
  artists: string,
  album: string | null,
  albumId: string | null,
  releaseYear: number | null,
  durationMs: number | null,
  /** Its fame (fame.ts). */
  popularity: number | null,
  completeness: number,
  explicit: number | null,
];

/**
 * What a vibe build's per-artist statistics read of the songs (the recording groups, the years,
 * the artists' explicit shares and dated songs), read once, with one main-artist key function for
 * all of them. At a million songs their own reads took 7.7 s and normalised every artists string
 * once each; this read takes 3.5 s. A build drops it before it reads the songs' features.
 */
export interface SongFacts {
  /** Every song, or a scope's songs (every song of its artists). */
  readonly rows: readonly SongFactRow[];
  readonly artistKeyOf: (artists: string) => string;
}

export function readSongFacts(db: CatalogDatabase, scope?: SongScope): SongFacts {
  const rows = songRows<SongFactRow>(
    db,
    `id, title, artists, album, spotify_album_id, release_year, duration_ms, ${songFameSql('songs')}, ${completenessSql()}, explicit`,
    null,
    scope,
  ).all();
  return { rows, artistKeyOf: scope?.artistKeyOf ?? mainArtistKeys() };
}

/**
 * `SELECT columns FROM songs WHERE where` as raw rows, kept to a scope's songs (every song of its
 * artists) when there is one.
 */
export function songRows<Row extends unknown[]>(
  db: CatalogDatabase,
  columns: string,
  where: string | null,
  scope: SongScope | undefined,
): { all(): Row[]; iterate(): IterableIterator<Row> } {
  const conditions = [where, scope ? 'id IN (SELECT value FROM json_each(?))' : null].filter((condition) => condition !== null);
  const statement = db.prepare(`SELECT ${columns} FROM songs${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}`).raw();
  const params = scope ? [JSON.stringify([...scope.songIds])] : [];
  return { all: () => statement.all(...params) as Row[], iterate: () => statement.iterate(...params) as IterableIterator<Row> };
}

/**
 * song id → the canonical song id of its recording group (see the module comment). Songs alone
 * in their group are omitted; the canonical song maps to itself. With a scope, the groups of its
 * songs' main artists only (the scope's songs' groups are then exactly as without one).
 */
export function loadRecordingGroups(db: CatalogDatabase, scope?: SongScope, facts?: SongFacts): Map<number, number> {
  type Row = [number, string, string, number | null, number | null, number];
  let candidates: RecordingCandidate[];
  if (facts) {
    candidates = [];
    for (const [id, title, artists, , , , durationMs, popularity, completeness] of facts.rows)
      candidates.push({ id, title, artists, durationMs, popularity, completeness });
  } else {
    // A recording's versions share its main artist: with a scope, only its artists' songs can be in its songs' groups.
    const rows = songRows<Row>(db, `id, title, artists, duration_ms, ${songFameSql('songs')}, ${completenessSql()}`, null, scope).all();
    candidates = rows.map(([id, title, artists, durationMs, popularity, completeness]) => ({ id, title, artists, durationMs, popularity, completeness }));
    rows.length = 0;
  }
  return canonicalOfGroups(groupRecordings(candidates, facts?.artistKeyOf ?? scope?.artistKeyOf));
}

/** The recording groups of a scope's songs (loadRecordingGroups with it), and the songs' state they were read in. */
export interface ScopedRecordingGroups {
  readonly scope: SongScope;
  readonly groups: ReadonlyMap<number, number>;
  readonly version: RecordingGroupsVersion;
}

/** Which state of the catalog's songs a set of recording groups was computed from. */
export interface RecordingGroupsVersion {
  readonly tag: string;
  /** An import is writing songs: groups read now may already be out of date. */
  readonly importRunning: boolean;
  /** The import runs' states the tag is made of: a snapshot keeps them, to find the songs imports changed since. */
  readonly runs: readonly ImportRunState[];
}

/**
 * Songs change only through imports (added, merged, undone; catalog/song-writer.ts and
 * undo-import.ts are the only writers): the tag is every import run's state plus the songs'
 * highest id, both read in constant time (a count of a million songs read 150 ms of cold pages
 * at start). It is their SHA-256, so it stays the same size however many imports there were: as
 * JSON it grew by about 50 bytes an import and, after some 15 imports, no longer fitted the
 * snapshot's header, so the groups were never snapshotted and every start at a million songs
 * spent 6 s grouping them again.
 */
export function recordingGroupsVersion(db: CatalogDatabase): RecordingGroupsVersion {
  const { states, running } = importRunStates(db);
  const maxId = db.prepare(`SELECT coalesce(max(id), 0) FROM songs`).pluck().get() as number;
  const state = JSON.stringify({ database: path.resolve(db.name), runs: states, maxId });
  return { tag: createHash('sha256').update(state).digest('hex'), importRunning: running, runs: states };
}
