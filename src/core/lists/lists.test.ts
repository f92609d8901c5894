import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { exportFormatsFor, exportList, ExportError } from '../export/exporters.js';
import { ListError, ListStore } from './list-store.js';

let db: CatalogDatabase;
let lists: ListStore;
const NOW = new Date('2026-11-23T10:00:00Z');

beforeEach(() => {
  db = tempDatabase();
  lists = new ListStore(db);
  const song = db.prepare(`INSERT INTO songs(id, song_key, spotify_id, title, artists, album, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  song.run(1, 'k1', '4uLU6hMCjMI75M1A2tKUQC', 'Never, "Gonna"\nGive', 'Rick Astley', 'Whenever You Need Somebody', 213_000);
  song.run(2, 'k2', null, 'Café <Noir> & Blanc', 'Zaz, Yannick Nézet-Séguin', null, null);
  song.run(3, 'k3', '0VjIjW4GlUZAMYd2vXMi3b', 'Blinding Lights', 'The Weeknd', 'After Hours', 200_040);
  const movie = db.prepare(`INSERT INTO movies(id, title, release_year, tmdb_id, imdb_id) VALUES (?, ?, ?, ?, ?)`);
  movie.run(10, 'Spirited Away', 2001, 129, 'tt0245429');
  movie.run(11, 'Crouching Tiger, Hidden Dragon', 2000, 146, 'tt0190332');
  movie.run(12, 'Untitled "Project"', null, null, null);
});

describe('lists', () => {
  it('creates, renames, fills, reorders densely, removes and deletes', () => {
    const playlist = lists.create('playlist', '  Road trip ');
    expect(playlist).toMatchObject({ kind: 'playlist', name: 'Road trip', items: 0 });
    expect(lists.add(playlist.id, [3, 1, 2, 1]).items).toBe(3);
    expect(lists.add(playlist.id, [3]).items).toBe(3);
    lists.move(playlist.id, 2, 0);
    expect(lists.get(playlist.id).entries.map((entry) => entry.kind === 'song' && entry.song.id)).toEqual([2, 3, 1]);
    lists.move(playlist.id, 2, 99);
    expect(db.prepare(`SELECT item_id, position FROM user_list_items WHERE list_id = ? ORDER BY position`).raw().all(playlist.id)).toEqual([[3, 0], [1, 1], [2, 2]]);
    lists.remove(playlist.id, [1]);
    expect(db.prepare(`SELECT position FROM user_list_items WHERE list_id = ? ORDER BY position`).pluck().all(playlist.id)).toEqual([0, 1]);
    expect(lists.rename(playlist.id, 'Night drive').name).toBe('Night drive');
    expect(lists.all().map((list) => list.name)).toEqual(['Night drive']);
    lists.delete(playlist.id);
    expect(lists.all()).toEqual([]);
    expect(db.prepare(`SELECT count(*) FROM user_list_items`).pluck().get()).toBe(0);
  });

  it('refuses unknown lists, empty names, wrong kinds and unknown items, changing nothing', () => {
    const watchlist = lists.create('watchlist', 'Ghibli');
    lists.add(watchlist.id, [10]);
    expect(() => lists.create('playlist', '   ')).toThrow(ListError);
    expect(() => lists.get(999)).toThrow(/no list with id 999/);
    expect(() => lists.add(watchlist.id, [11, 1])).toThrow(/watchlist holds movies; there is no movie with id 1/);
    expect(() => lists.move(watchlist.id, 11, 0)).toThrow(/not in list/);
    expect(lists.get(watchlist.id).entries).toHaveLength(1);
  });
});

describe('exports', () => {
  function playlist() {
    const list = lists.create('playlist', 'Mix: "best" / 2026');
    lists.add(list.id, [1, 2, 3]);
    return lists.get(list.id);
  }
  function watchlist() {
    const list = lists.create('watchlist', 'Weekend');
    lists.add(list.id, [10, 11, 12]);
    return lists.get(list.id);
  }

  it('offers the formats of each kind and refuses the others', () => {
    expect(exportFormatsFor('playlist')).toEqual(['m3u8', 'xspf', 'playlist-csv', 'playlist-json']);
    expect(exportFormatsFor('watchlist')).toEqual(['letterboxd', 'watchlist-csv', 'watchlist-json']);
    expect(() => exportList(playlist(), 'letterboxd')).toThrow(ExportError);
  });

  it('writes M3U8 with #EXTINF lines followed by Spotify links, one line each', () => {
    const file = exportList(playlist(), 'm3u8');
    expect(file.fileName).toBe('Mix_ _best_ _ 2026.m3u8');
    const lines = file.content.trimEnd().split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    const entries = lines.slice(2);
    expect(entries).toHaveLength(6);
    for (let index = 0; index < entries.length; index += 2) {
      expect(entries[index]).toMatch(/^#EXTINF:-?\d+,.+ - .+$/);
      expect(entries[index + 1]).toMatch(/^https:\/\/open\.spotify\.com\/(track\/[A-Za-z0-9]{22}|search\/\S+)$/);
    }
    expect(entries[0]).toBe('#EXTINF:213,Rick Astley - Never, "Gonna" Give');
    expect(entries[3]).toBe(`https://open.spotify.com/search/${encodeURIComponent('Café <Noir> & Blanc Zaz, Yannick Nézet-Séguin')}`);
  });

  it('writes XSPF as well-formed XML in the XSPF namespace with escaped text', () => {
    const { content } = exportList(playlist(), 'xspf', NOW);
    expect(XMLValidator.validate(content)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(content) as {
      playlist: { '@_xmlns': string; '@_version': string; title: string; trackList: { track: { title: string; creator: string; location: string; duration?: number }[] } };
    };
    expect(parsed.playlist['@_xmlns']).toBe('http://xspf.org/ns/0/');
    expect(parsed.playlist['@_version']).toBe('1');
    expect(parsed.playlist.title).toBe('Mix: "best" / 2026');
    const tracks = parsed.playlist.trackList.track;
    expect(tracks.map((track) => track.title)).toEqual(['Never, "Gonna"\nGive', 'Café <Noir> & Blanc', 'Blinding Lights']);
    expect(tracks[0]!.duration).toBe(213000);
    expect(tracks[2]!.location).toBe('https://open.spotify.com/track/0VjIjW4GlUZAMYd2vXMi3b');
  });

  it('round-trips the playlist CSV and JSON', () => {
    const rows = parse(exportList(playlist(), 'playlist-csv').content) as string[][];
    expect(rows).toEqual([
      ['Title', 'Artist', 'Album', 'Spotify URI'],
      ['Never, "Gonna"\nGive', 'Rick Astley', 'Whenever You Need Somebody', 'spotify:track:4uLU6hMCjMI75M1A2tKUQC'],
      ['Café <Noir> & Blanc', 'Zaz, Yannick Nézet-Séguin', '', ''],
      ['Blinding Lights', 'The Weeknd', 'After Hours', 'spotify:track:0VjIjW4GlUZAMYd2vXMi3b'],
    ]);
    const json = JSON.parse(exportList(playlist(), 'playlist-json', NOW).content) as { name: string; kind: string; exportedAt: string; items: { id: number; title: string; spotifyUri: string | null }[] };
    expect(json).toMatchObject({ name: 'Mix: "best" / 2026', kind: 'playlist', exportedAt: NOW.toISOString() });
    expect(json.items.map((item) => [item.id, item.title, item.spotifyUri])).toEqual([
      [1, 'Never, "Gonna"\nGive', 'spotify:track:4uLU6hMCjMI75M1A2tKUQC'],
      [2, 'Café <Noir> & Blanc', null],
      [3, 'Blinding Lights', 'spotify:track:0VjIjW4GlUZAMYd2vXMi3b'],
    ]);
  });

  it("writes Letterboxd's import columns exactly, and the watchlist CSV and JSON", () => {
    const letterboxd = exportList(watchlist(), 'letterboxd').content;
    expect(letterboxd.split('\n')[0]).toBe('Title,Year,tmdbID,imdbID');
    expect(parse(letterboxd, { columns: true })).toEqual([
      { Title: 'Spirited Away', Year: '2001', tmdbID: '129', imdbID: 'tt0245429' },
      { Title: 'Crouching Tiger, Hidden Dragon', Year: '2000', tmdbID: '146', imdbID: 'tt0190332' },
      { Title: 'Untitled "Project"', Year: '', tmdbID: '', imdbID: '' },
    ]);
    const rows = parse(exportList(watchlist(), 'watchlist-csv').content, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toEqual({ Title: 'Spirited Away', Year: '2001', 'TMDb ID': '129', 'IMDb ID': 'tt0245429', 'TMDb URL': 'https://www.themoviedb.org/movie/129', 'IMDb URL': 'https://www.imdb.com/title/tt0245429/' });
    const json = JSON.parse(exportList(watchlist(), 'watchlist-json').content) as { items: { title: string; tmdbId: number | null }[] };
    expect(json.items.map((item) => [item.title, item.tmdbId])).toEqual([['Spirited Away', 129], ['Crouching Tiger, Hidden Dragon', 146], ['Untitled "Project"', null]]);
  });
});
