import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { importFile } from '../importers/import-file.js';
import { loadRecordingGroups } from './recordings.js';
import { CatalogSearch } from './search.js';
import { songFameSql } from './fame.js';

const SPOTIFY_HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
const spotifyLine = (id: string, artists: string, title: string, popularity: number, durationMs = 354000) =>
  `0,${id},${artists},Album,${title},${popularity},${durationMs},False,0.4,0.4,0,-9.0,0,0.05,0.3,0.0,0.2,0.2,72.0,4,rock`;
const STREAMED_HEADER =
  'track_name,artist(s)_name,artist_count,released_year,released_month,released_day,in_spotify_playlists,in_spotify_charts,streams,in_apple_playlists,in_apple_charts,in_deezer_playlists,in_deezer_charts,in_shazam_charts,bpm,key,mode,danceability_%,valence_%,energy_%,acousticness_%,instrumentalness_%,liveness_%,speechiness_%';

async function catalog() {
  const dir = tempDir();
  const db = tempDatabase();
  const spotify = path.join(dir, 'spotify.csv');
  fs.writeFileSync(
    spotify,
    [
      SPOTIFY_HEADER,
      spotifyLine('0000000000000000000001', 'Panic! At The Disco', 'Bohemian Rhapsody', 61),
      spotifyLine('0000000000000000000002', 'Tommy Emmanuel;Mike Dawes', 'Smells Like Teen Spirit', 31),
      spotifyLine('0000000000000000000003', 'Nirvana', 'Smells Like Teen Spirit', 20, 301000),
    ].join('\n') + '\n',
  );
  await importFile(db, { file: spotify });
  // Most Streamed Spotify Songs 2023: streams, no popularity (and no durations).
  const streamed = path.join(dir, 'spotify-2023.csv');
  fs.writeFileSync(
    streamed,
    [
      STREAMED_HEADER,
      'Bohemian Rhapsody - Remastered 2011,Queen,1,1975,10,31,40112,3,2197010679,169,89,1255,25,0,144,,Minor,41,23,40,28,0,30,5',
      'Smells Like Teen Spirit - Remastered 2021,Nirvana,1,1991,9,10,49991,9,1690192927,265,121,1150,10,0,117,A#,Major,50,66,91,0,0,11,6',
    ].join('\n') + '\n',
  );
  await importFile(db, { file: streamed });
  return db;
}

describe('song fame', () => {
  it('reads streams as the popularity such hits have, and keeps a popularity as it is', async () => {
    const db = await catalog();
    const fame = db.prepare(`SELECT title, artists, ${songFameSql('s')} AS fame FROM songs s ORDER BY id`).all() as { title: string; fame: number }[];
    expect(fame.map((row) => row.fame)).toEqual([
      61,
      31,
      20,
      expect.closeTo(55 + 16 * (Math.log10(2197010679) - 8), 6),
      expect.closeTo(55 + 16 * (Math.log10(1690192927) - 8), 6),
    ]);
    const fameOf = (popularity: number | null, streams: number | null) =>
      db
        .prepare(`SELECT ${songFameSql('s')} FROM (SELECT ? AS popularity, ? AS streams) s`)
        .pluck()
        .get(popularity, streams);
    expect(fameOf(null, null)).toBeNull();
    expect(fameOf(null, 0)).toBeNull();
    expect(fameOf(null, 1e15)).toBe(100);
    expect(fameOf(12, 1e9)).toBe(12);
  });

  it("puts the original before a cover in search when only the original's source counts streams", async () => {
    const db = await catalog();
    const search = new CatalogSearch(db);
    expect(search.searchSongs('bohemian rhapsody', 5).map((hit) => hit.artists)[0]).toBe('Queen');
    expect(search.searchSongs('smells like teen spirit', 5).map((hit) => hit.artists)[0]).toBe('Nirvana');
  });

  it('keeps the streamed version as the best-known version of its recording', async () => {
    const db = await catalog();
    // Nirvana's two songs: the streamed remaster has no duration, so it joins the one timed version.
    const [streamed] = db.prepare(`SELECT id FROM songs WHERE streams IS NOT NULL AND artists = 'Nirvana'`).pluck().all() as number[];
    const [listed] = db.prepare(`SELECT id FROM songs WHERE popularity IS NOT NULL AND artists = 'Nirvana'`).pluck().all() as number[];
    const groups = loadRecordingGroups(db);
    expect(groups.get(listed!)).toBe(streamed);
    expect(groups.get(streamed!)).toBe(streamed);
  });
});
