import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase, tempDir } from '../testing/temp.js';
import { ListStore, type ListDetails } from '../lists/list-store.js';
import { MOVIES, SONGS, seedListCatalog } from '../lists/test-helpers.js';
import { EXPORT_FORMATS, ExportError, exportFormatsFor, exportList, resolveExportFormat, spotifyUri, xml, type ExportFormat } from './exporters.js';
import { writeExport } from './write-export.js';
import { safeFileName } from '../safe-file-name.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const PLAYLIST_NAME = 'Mix: "best" / 2026, <vol. 1> & more';
let playlist: ListDetails;
let watchlist: ListDetails;
let emptyPlaylist: ListDetails;

beforeEach(() => {
  const db = tempDatabase();
  seedListCatalog(db);
  const lists = new ListStore(db);
  const songs = lists.create('playlist', PLAYLIST_NAME);
  lists.add(songs.id, [SONGS.rick.id, SONGS.cafe.id, SONGS.weeknd.id, SONGS.yoasobi.id]);
  playlist = lists.get(songs.id);
  const movies = lists.create('watchlist', 'Weekend');
  lists.add(movies.id, [MOVIES.spirited.id, MOVIES.tiger.id, MOVIES.untitled.id, MOVIES.amelie.id]);
  watchlist = lists.get(movies.id);
  emptyPlaylist = lists.get(lists.create('playlist', 'Nothing yet').id);
});

const csvRows = (content: string) => parse(content) as string[][];
/** A list's JSON export (made at NOW), parsed. */
const exportedJson = (list: ListDetails, format: 'playlist-json' | 'watchlist-json') =>
  JSON.parse(exportList(list, format, NOW).content) as { name: string; kind: string; exportedAt: string; items: Record<string, unknown>[] };

describe('format registry', () => {
  it('offers the formats of each kind', () => {
    expect(exportFormatsFor('playlist')).toEqual(['m3u8', 'xspf', 'playlist-csv', 'playlist-json']);
    expect(exportFormatsFor('watchlist')).toEqual(['letterboxd', 'watchlist-csv', 'watchlist-json']);
  });

  it('refuses a format of the other kind', () => {
    expect(() => exportList(playlist, 'letterboxd')).toThrow(ExportError);
    expect(() => exportList(watchlist, 'm3u8')).toThrow(
      /M3U8 playlist \(Spotify links\) is a playlist format; "Weekend" is a watchlist \(use letterboxd, watchlist-csv, watchlist-json\)/,
    );
  });

  it('resolves the short names people type to the variant of the list kind', () => {
    expect(resolveExportFormat('playlist', 'csv')).toBe('playlist-csv');
    expect(resolveExportFormat('watchlist', 'csv')).toBe('watchlist-csv');
    expect(resolveExportFormat('watchlist', 'json')).toBe('watchlist-json');
    expect(resolveExportFormat('playlist', 'm3u8')).toBe('m3u8');
    expect(() => resolveExportFormat('playlist', 'mp3')).toThrow(/Unknown export format "mp3": a playlist exports as m3u8, xspf, playlist-csv, playlist-json/);
    expect(() => resolveExportFormat('playlist', 'toString')).toThrow(ExportError);
    expect(() => resolveExportFormat('watchlist', 'xspf')).toThrow(
      /XSPF playlist is a playlist format: a watchlist exports as letterboxd, watchlist-csv, watchlist-json/,
    );
    expect(() => resolveExportFormat('playlist', 'watchlist-csv')).toThrow(ExportError);
  });

  it.each(Object.keys(EXPORT_FORMATS) as ExportFormat[])('names the %s file after the list, with its extension and type', (format) => {
    const spec = EXPORT_FORMATS[format];
    const file = exportList(spec.kind === 'playlist' ? playlist : watchlist, format, NOW);
    expect(file.fileName).toBe(`${spec.kind === 'playlist' ? 'Mix_ _best_ _ 2026, _vol. 1_ & more' : 'Weekend'}.${spec.extension}`);
    expect(file.mime).toBe(spec.mime);
    expect(file.content.endsWith('\n')).toBe(true);
  });

  it('makes file names safe on every platform', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j\u0001k')).toBe('a_b_c_d_e_f_g_h_i_j_k');
    expect(safeFileName('...hidden')).toBe('hidden');
    expect(safeFileName('ends with dots. . ')).toBe('ends with dots');
    expect(safeFileName('con')).toBe('con_');
    expect(safeFileName('???')).toBe('_');
    expect(safeFileName(' . ')).toBe('list');
    expect(safeFileName('Été 夜に駆ける')).toBe('Été 夜に駆ける');
    expect(safeFileName('x'.repeat(300))).toHaveLength(100);
  });
});

describe('playlist exports', () => {
  it('writes M3U8: #EXTM3U first, then an #EXTINF line followed by a Spotify URL per song, each on one line', () => {
    const lines = exportList(playlist, 'm3u8').content.trimEnd().split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines[1]).toBe(`#PLAYLIST:${PLAYLIST_NAME}`);
    const entries = lines.slice(2);
    expect(entries).toHaveLength(2 * playlist.entries.length);
    for (let index = 0; index < entries.length; index += 2) {
      expect(entries[index]).toMatch(/^#EXTINF:(-1|\d+),[^\r\n]+ - [^\r\n]+$/);
      expect(entries[index + 1]).toMatch(/^https:\/\/open\.spotify\.com\/(track\/[A-Za-z0-9]{22}|search\/[^\s]+)$/);
    }
    expect(entries.slice(0, 2)).toEqual(['#EXTINF:213,Rick Astley - Never, "Gonna" Give', 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC']);
    // No Spotify id: a search for title and artists; no duration: -1.
    expect(entries[2]).toBe(`#EXTINF:-1,Zaz, Yannick Nézet-Séguin - Café <Noir> & l'Été`);
    expect(entries[3]).toBe(`https://open.spotify.com/search/${encodeURIComponent(`${SONGS.cafe.title} ${SONGS.cafe.artists}`)}`);
    expect(decodeURIComponent(entries[3]!.slice('https://open.spotify.com/search/'.length))).toBe(`Café <Noir> & l'Été Zaz, Yannick Nézet-Séguin`);
    // Tabs and control characters become spaces; durations round to whole seconds.
    expect(entries[6]).toBe('#EXTINF:261,YOASOBI - 夜に駆ける 🌙 version');
  });

  it('keeps #EXTINF on one line whatever line breaks the names hold', () => {
    const tricky: ListDetails = {
      ...playlist,
      name: 'Line\r\nbreak\u2028name',
      entries: [{ kind: 'song', song: { ...SONGS.weeknd, title: 'a\rb\nc\u0085d\u2029e', artists: 'x\n\ny', genres: [] } }],
    };
    expect(exportList(tricky, 'm3u8').content).toBe(
      '#EXTM3U\n#PLAYLIST:Line break name\n#EXTINF:200,x y - a b c d e\nhttps://open.spotify.com/track/0VjIjW4GlUZAMYd2vXMi3b\n',
    );
  });

  it('writes an empty M3U8 with just its header', () => {
    expect(exportList(emptyPlaylist, 'm3u8').content).toBe('#EXTM3U\n#PLAYLIST:Nothing yet\n');
  });

  it('writes XSPF as well-formed XML in the XSPF namespace, with every special character escaped', () => {
    const { content } = exportList(playlist, 'xspf', NOW);
    expect(content.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<playlist version="1" xmlns="http://xspf.org/ns/0/">')).toBe(true);
    expect(XMLValidator.validate(content)).toBe(true);
    expect(content).toContain('<title>Café &lt;Noir&gt; &amp; l&apos;Été</title>');
    expect(content).toContain('<title>Mix: &quot;best&quot; / 2026, &lt;vol. 1&gt; &amp; more</title>');
    expect(content).not.toContain('\u0007');

    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => name === 'track' }).parse(content) as {
      playlist: {
        '@_xmlns': string;
        '@_version': string;
        title: string;
        date: string;
        trackList: { track: Record<string, string>[] };
      };
    };
    expect(parsed.playlist['@_xmlns']).toBe('http://xspf.org/ns/0/');
    expect(parsed.playlist['@_version']).toBe('1');
    expect(parsed.playlist.title).toBe(PLAYLIST_NAME);
    expect(parsed.playlist.date).toBe(NOW.toISOString());
    expect(parsed.playlist.trackList.track).toEqual([
      {
        location: 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC',
        title: SONGS.rick.title,
        creator: 'Rick Astley',
        album: 'Whenever You Need Somebody',
        duration: '213000',
      },
      // No album and no duration: the elements are left out.
      {
        location: `https://open.spotify.com/search/${encodeURIComponent(`${SONGS.cafe.title} ${SONGS.cafe.artists}`)}`,
        title: SONGS.cafe.title,
        creator: SONGS.cafe.artists,
      },
      {
        location: 'https://open.spotify.com/track/0VjIjW4GlUZAMYd2vXMi3b',
        title: 'Blinding Lights',
        creator: 'The Weeknd',
        album: 'After Hours',
        duration: '200040',
      },
      // The BEL character cannot appear in XML 1.0 and is dropped; the tab is kept.
      {
        location: 'https://open.spotify.com/track/3dPtXHP0oXQ4HCWHsOA9js',
        title: '夜に駆ける 🌙\tversion',
        creator: 'YOASOBI',
        album: 'THE BOOK',
        duration: '261013',
      },
    ]);
  });

  it('writes a valid XSPF for an empty playlist', () => {
    const { content } = exportList(emptyPlaylist, 'xspf', NOW);
    expect(XMLValidator.validate(content)).toBe(true);
    expect(content).toContain('<trackList>\n  </trackList>');
  });

  it('escapes all five XML specials and drops characters XML cannot hold', () => {
    expect(xml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
    expect(xml('a\u0000b\u0008c\td\ne\rf\u000Bg\u001Fh\uFFFEi')).toBe('abc\td\ne\rfghi');
    expect(xml('&amp;')).toBe('&amp;amp;');
  });

  it('round-trips the playlist CSV (Title, Artist, Album, Spotify URI)', () => {
    const content = exportList(playlist, 'playlist-csv').content;
    expect(content.split('\n')[0]).toBe('Title,Artist,Album,Spotify URI');
    expect(csvRows(content)).toEqual([
      ['Title', 'Artist', 'Album', 'Spotify URI'],
      [SONGS.rick.title, 'Rick Astley', 'Whenever You Need Somebody', 'spotify:track:4uLU6hMCjMI75M1A2tKUQC'],
      [SONGS.cafe.title, SONGS.cafe.artists, '', ''],
      ['Blinding Lights', 'The Weeknd', 'After Hours', 'spotify:track:0VjIjW4GlUZAMYd2vXMi3b'],
      [SONGS.yoasobi.title, 'YOASOBI', 'THE BOOK', 'spotify:track:3dPtXHP0oXQ4HCWHsOA9js'],
    ]);
    expect(csvRows(exportList(emptyPlaylist, 'playlist-csv').content)).toEqual([['Title', 'Artist', 'Album', 'Spotify URI']]);
  });

  it('makes Spotify URIs only from real track ids', () => {
    expect(spotifyUri({ spotifyId: '4uLU6hMCjMI75M1A2tKUQC' })).toBe('spotify:track:4uLU6hMCjMI75M1A2tKUQC');
    expect(spotifyUri({ spotifyId: null })).toBe('');
    expect(spotifyUri({ spotifyId: 'title|artist' })).toBe('');
  });

  it('round-trips the playlist JSON with every field of every song', () => {
    const json = exportedJson(playlist, 'playlist-json');
    expect(json).toMatchObject({ name: PLAYLIST_NAME, kind: 'playlist', exportedAt: NOW.toISOString() });
    expect(json.items).toEqual([
      { ...SONGS.rick, genres: [], spotifyUri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC', spotifyUrl: 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC' },
      { ...SONGS.cafe, genres: [], spotifyUri: null, spotifyUrl: expect.stringMatching(/^https:\/\/open\.spotify\.com\/search\//) },
      { ...SONGS.weeknd, genres: [], spotifyUri: 'spotify:track:0VjIjW4GlUZAMYd2vXMi3b', spotifyUrl: 'https://open.spotify.com/track/0VjIjW4GlUZAMYd2vXMi3b' },
      { ...SONGS.yoasobi, genres: [], spotifyUri: 'spotify:track:3dPtXHP0oXQ4HCWHsOA9js', spotifyUrl: 'https://open.spotify.com/track/3dPtXHP0oXQ4HCWHsOA9js' },
    ]);
  });
});

describe('watchlist exports', () => {
  it("writes Letterboxd's import CSV with exactly its header", () => {
    const content = exportList(watchlist, 'letterboxd').content;
    expect(content.slice(0, content.indexOf('\n'))).toBe('Title,Year,tmdbID,imdbID');
    expect(parse(content, { columns: true })).toEqual([
      { Title: 'Spirited Away', Year: '2001', tmdbID: '129', imdbID: 'tt0245429' },
      { Title: 'Crouching Tiger, Hidden Dragon', Year: '2000', tmdbID: '146', imdbID: 'tt0190332' },
      { Title: MOVIES.untitled.title, Year: '', tmdbID: '', imdbID: '' },
      { Title: "Le Fabuleux Destin d'Amélie Poulain", Year: '2001', tmdbID: '194', imdbID: 'tt0211915' },
    ]);
  });

  it('round-trips the watchlist CSV with ids and links', () => {
    const content = exportList(watchlist, 'watchlist-csv').content;
    expect(content.slice(0, content.indexOf('\n'))).toBe('Title,Year,TMDb ID,IMDb ID,TMDb URL,IMDb URL');
    expect(csvRows(content).slice(1)).toEqual([
      ['Spirited Away', '2001', '129', 'tt0245429', 'https://www.themoviedb.org/movie/129', 'https://www.imdb.com/title/tt0245429/'],
      ['Crouching Tiger, Hidden Dragon', '2000', '146', 'tt0190332', 'https://www.themoviedb.org/movie/146', 'https://www.imdb.com/title/tt0190332/'],
      [MOVIES.untitled.title, '', '', '', '', ''],
      ["Le Fabuleux Destin d'Amélie Poulain", '2001', '194', 'tt0211915', 'https://www.themoviedb.org/movie/194', 'https://www.imdb.com/title/tt0211915/'],
    ]);
  });

  it('round-trips the watchlist JSON', () => {
    const json = exportedJson(watchlist, 'watchlist-json');
    expect(json).toMatchObject({ name: 'Weekend', kind: 'watchlist', exportedAt: NOW.toISOString() });
    expect(json.items.map((item) => [item.id, item.title, item.releaseYear, item.tmdbId, item.imdbId])).toEqual(
      Object.values(MOVIES).map((movie) => [movie.id, movie.title, movie.releaseYear, movie.tmdbId, movie.imdbId]),
    );
    expect(json.items[0]).toMatchObject({ tmdbUrl: 'https://www.themoviedb.org/movie/129', imdbUrl: 'https://www.imdb.com/title/tt0245429/' });
    expect(json.items[2]).toMatchObject({ tmdbUrl: null, imdbUrl: null });
  });
});

describe('writeExport', () => {
  it('saves the export as UTF-8, replacing an older file and leaving no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'weekend.csv');
    fs.writeFileSync(file, 'old content that is longer than nothing');
    const written = writeExport(file, watchlist, 'letterboxd', NOW);
    const content = fs.readFileSync(file, 'utf8');
    expect(content).toBe(exportList(watchlist, 'letterboxd', NOW).content);
    expect(written).toEqual({ file, format: 'letterboxd', label: 'Letterboxd import CSV', items: 4, bytes: Buffer.byteLength(content) });
    expect(fs.readdirSync(dir)).toEqual(['weekend.csv']);
  });

  it('fails clearly (and cleans up) when the folder does not exist', () => {
    const dir = tempDir();
    expect(() => writeExport(path.join(dir, 'missing', 'mix.m3u8'), playlist, 'm3u8')).toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a format of the other kind before touching the disk', () => {
    const file = path.join(tempDir(), 'mix.csv');
    expect(() => writeExport(file, playlist, 'letterboxd')).toThrow(ExportError);
    expect(fs.existsSync(file)).toBe(false);
  });
});
