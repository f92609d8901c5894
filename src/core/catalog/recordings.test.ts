import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import { groupsOfSongs, isListedPerformance, loadRecordingGroups, readSongFacts, recordingMarkers, recordingTitleKey, songScope } from './recordings.js';
import { CatalogSearch } from './search.js';

interface Song {
  id: number;
  title: string;
  artists: string;
  durationMs: number | null;
  popularity: number | null;
  album?: string;
  energy?: number;
}

function catalog(songs: Song[]) {
  const db = tempDatabase();
  const insert = db.prepare(`INSERT INTO songs(id, song_key, title, artists, album, duration_ms, popularity, energy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const song of songs)
    insert.run(song.id, `k${song.id}`, song.title, song.artists, song.album ?? null, song.durationMs, song.popularity, song.energy ?? null);
  return db;
}

describe('recording keys', () => {
  it('sets release notes aside and keeps what makes another recording', () => {
    const same = [
      'Let It Be',
      'Let It Be - Remastered 2009',
      'Let It Be (2009 Remaster)',
      'Let It Be - Single Version',
      'Let It Be (Mono)',
      'Let It Be (feat. Billy Preston)',
      'Let It Be - From "Across the Universe"',
    ];
    expect(new Set(same.map(recordingTitleKey))).toEqual(new Set(['let it be']));
    expect(recordingTitleKey('Let It Be - Live')).toBe('let it be|live');
    expect(recordingTitleKey('Let It Be - Live at the Rooftop / Remastered')).toBe('let it be|live');
    expect(recordingMarkers('Let It Be (Acoustic Version)')).toEqual(['acoustic']);
    expect(recordingMarkers('Let It Be - Radio Edit')).toEqual(['edit']);
    expect(recordingMarkers('Let It Be - Naked Remix')).toEqual(['remix']);
    expect(recordingMarkers('Live Forever')).toEqual([]);
    expect(recordingMarkers('Lonely Boy - Re-Recorded')).toEqual(['rerecorded']);
    expect(recordingMarkers('Lonely Boy (Rerecorded 2004)')).toEqual(['rerecorded']);
  });

  it('tells a listed song from another performance of it', () => {
    expect(isListedPerformance('Sexual Healing', 'Sexual Healing - Remastered 2007')).toBe(true);
    expect(isListedPerformance('Lovefool', 'Lovefool - Radio Edit')).toBe(true);
    expect(isListedPerformance('Bohemian Rhapsody', 'Bohemian Rhapsody - 2011 Mix')).toBe(true);
    expect(isListedPerformance('Paint It Black', 'Paint It, Black - Stereo Mix')).toBe(true);
    expect(isListedPerformance('Dragula (Hot Rod Herman Mix)', 'Dragula')).toBe(false);
    expect(isListedPerformance('Dragula (Hot Rod Herman Mix)', 'Dragula - Hot Rod Herman Mix')).toBe(true);
    expect(isListedPerformance('Moonlight Sonata', 'Moonlight Sonata (First Movement from Piano Sonata No. 14)')).toBe(true);
    expect(isListedPerformance('Against All Odds', 'Against All Odds (Take a Look at Me Now) - 2016 Remaster')).toBe(true);
    expect(isListedPerformance('Sexual Healing', 'Sexual Healing - Kygo Remix')).toBe(false);
    expect(isListedPerformance('Comfortably Numb', 'Comfortably Numb - Live At Pompeii 2016')).toBe(false);
    expect(isListedPerformance('Lonely Boy', 'Lonely Boy - Re-Recorded')).toBe(false);
    expect(isListedPerformance('Check Yo Self (Remix)', 'Check Yo Self - Remix')).toBe(true);
    expect(isListedPerformance('Check Yo Self (Remix)', 'Check Yo Self')).toBe(false);
    expect(isListedPerformance('Gimme Shelter (Live Version)', 'Gimme Shelter - Live')).toBe(true);
  });
});

describe('loadRecordingGroups', () => {
  it('groups versions of one recording (same key, main artist, durations within 2 s) under the best-known one', () => {
    const db = catalog([
      { id: 1, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: 278_000, popularity: 64 },
      { id: 2, title: 'Hallelujah - Remastered', artists: 'Leonard Cohen', durationMs: 279_000, popularity: 40 },
      { id: 3, title: 'Hallelujah', artists: 'leonard cohen, Someone Else', durationMs: 277_100, popularity: null },
      { id: 4, title: 'Hallelujah - Live', artists: 'Leonard Cohen', durationMs: 278_000, popularity: 50 },
      { id: 5, title: 'Hallelujah', artists: 'Jeff Buckley', durationMs: 414_000, popularity: 70 },
      { id: 6, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: 300_000, popularity: 10 },
      { id: 7, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: null, popularity: 90 },
      { id: 8, title: 'Hallelujah', artists: 'Jeff Buckley', durationMs: 415_900, popularity: 30 },
    ]);
    const groups = loadRecordingGroups(db);
    expect(Object.fromEntries(groups)).toEqual({ 1: 1, 2: 1, 3: 1, 5: 5, 8: 5 });
    // A build's one read of the songs for all its statistics groups them the same, whole and for a scope.
    expect(loadRecordingGroups(db, undefined, readSongFacts(db))).toEqual(groups);
    const scope = songScope(db, new Set([8]));
    expect(Object.fromEntries(loadRecordingGroups(db, scope, readSongFacts(db, scope)))).toEqual({ 5: 5, 8: 5 });
    expect(loadRecordingGroups(db, scope, readSongFacts(db, scope))).toEqual(loadRecordingGroups(db, scope));
  });

  it('places a song without a duration in its recording when its title and artist have only one, and never guesses between several', () => {
    const db = catalog([
      { id: 1, title: 'Memories', artists: 'Maroon 5', durationMs: 189_486, popularity: 91 },
      { id: 2, title: 'Memories', artists: 'Maroon 5', durationMs: null, popularity: null },
      { id: 3, title: 'Memories - Remix', artists: 'Maroon 5', durationMs: null, popularity: 20 },
      { id: 4, title: 'Sunday Morning', artists: 'Maroon 5', durationMs: null, popularity: 60 },
      { id: 5, title: 'Sunday Morning', artists: 'Maroon 5', durationMs: null, popularity: 70 },
      // Hallelujah by Leonard Cohen has two recordings here (278 s and 300 s): the untimed one stays alone.
      { id: 6, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: 278_000, popularity: 64 },
      { id: 7, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: 300_000, popularity: 10 },
      { id: 8, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: null, popularity: 90 },
    ]);
    expect(Object.fromEntries(loadRecordingGroups(db))).toEqual({ 1: 1, 2: 1, 4: 5, 5: 5 });
    expect(loadRecordingGroups(db, undefined, readSongFacts(db))).toEqual(loadRecordingGroups(db));
  });

  it("gives some songs' groups as grouping every song does, reading only the songs that share a recording key with them", () => {
    const db = catalog([
      { id: 1, title: 'Memories', artists: 'Maroon 5', durationMs: 189_486, popularity: 91 },
      { id: 2, title: 'Memories - Remastered', artists: 'Maroon 5', durationMs: 189_900, popularity: 40 },
      { id: 3, title: 'Memories', artists: 'Maroon 5', durationMs: null, popularity: null },
      { id: 4, title: 'Sunday Morning', artists: 'Maroon 5', durationMs: 250_000, popularity: 60 },
      { id: 5, title: 'Sunday Morning', artists: 'Maroon 5', durationMs: 250_500, popularity: 70 },
      { id: 6, title: 'Memories', artists: 'Someone Else', durationMs: 189_486, popularity: 50 },
      { id: 7, title: 'Hallelujah', artists: 'Various Artists', durationMs: 278_000, popularity: 64 },
      { id: 8, title: 'Memories - Live', artists: 'Maroon 5', durationMs: 200_000, popularity: 5 },
    ]);
    const whole = loadRecordingGroups(db);
    for (const ids of [[3], [2, 7], [5], [8], [6]]) {
      const only = new Set(ids);
      const scope = songScope(db, only);
      const { groups, songIds } = groupsOfSongs(readSongFacts(db, scope), only);
      // Every group one of them is in, whole, and no other.
      const canonicals = new Set(ids.map((id) => whole.get(id)).filter((id) => id !== undefined));
      expect(Object.fromEntries(groups), String(ids)).toEqual(Object.fromEntries([...whole].filter(([, canonical]) => canonicals.has(canonical))));
      for (const id of groups.keys()) expect(songIds.has(id)).toBe(true);
      for (const id of ids) expect(songIds.has(id)).toBe(true);
    }
    // The new song 3's recording key is Maroon 5's "Memories": not "Sunday Morning", not the live one, not another artist's.
    expect([...groupsOfSongs(readSongFacts(db, songScope(db, new Set([3]))), new Set([3])).songIds].sort()).toEqual([1, 2, 3]);
  });

  it('never groups two songs by their compilation\'s "Various Artists" credit: it names no performer', () => {
    const db = catalog([
      { id: 1, title: 'Stand by Me', artists: 'Various Artists', durationMs: 180_000, popularity: 30 },
      { id: 2, title: 'Stand by Me', artists: 'Various Artists', durationMs: 180_500, popularity: 20 },
      { id: 3, title: 'Stand by Me', artists: 'V.A.', durationMs: 181_000, popularity: 10 },
    ]);
    expect(loadRecordingGroups(db).size).toBe(0);
  });

  it('breaks popularity ties by the most complete features, then the lowest id', () => {
    const db = catalog([
      { id: 1, title: 'Song', artists: 'A', durationMs: 200_000, popularity: 30 },
      { id: 2, title: 'Song', artists: 'A', durationMs: 200_500, popularity: 30, energy: 0.5, album: 'Album' },
      { id: 3, title: 'Tune', artists: 'B', durationMs: 100_000, popularity: null },
      { id: 4, title: 'Tune', artists: 'B', durationMs: 100_000, popularity: null },
    ]);
    expect(Object.fromEntries(loadRecordingGroups(db))).toEqual({ 1: 2, 2: 2, 3: 3, 4: 3 });
  });
});

describe('song search', () => {
  it('shows a recording once, as its best-known version, and the best-known song of the typed title first', () => {
    const db = catalog([
      { id: 1, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: 278_000, popularity: 64, album: 'Various Positions' },
      { id: 2, title: 'Hallelujah', artists: 'Leonard Cohen', durationMs: 278_400, popularity: 20, album: 'The Essential Leonard Cohen' },
      { id: 3, title: 'Hallelujah', artists: 'Hallelujah Singers', durationMs: 250_000, popularity: 32, album: 'Hallelujah' },
      { id: 4, title: 'Hallelujah Money', artists: 'Gorillaz', durationMs: 250_000, popularity: 50 },
      { id: 5, title: 'Other', artists: 'Hallelujah Band', durationMs: 250_000, popularity: 90 },
    ]);
    const search = new CatalogSearch(db);
    expect(search.searchSongs('hallelujah').map((hit) => hit.id)).toEqual([1, 3, 4, 5]);
    expect(
      search
        .searchSongs('hallel')
        .map((hit) => hit.id)
        .slice(0, 3),
    ).toEqual([1, 4, 3]);
    expect(search.searchSongs('hallelujah', 2).map((hit) => hit.id)).toEqual([1, 3]);
    expect(Object.keys(search.searchSongs('hallelujah')[0]!).sort()).toEqual(['album', 'artists', 'id', 'releaseYear', 'spotifyId', 'title']);
  });
});
