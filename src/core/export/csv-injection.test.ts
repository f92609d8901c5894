import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import { ListStore, type ListDetails } from '../lists/list-store.js';
import { EXPORT_FORMATS, exportList, neutraliseCsvText, type ExportFormat } from './exporters.js';

/** Text a spreadsheet would run: formulas, DDE, and the tab / carriage-return variants OWASP lists. */
const HOSTILE = ['=HYPERLINK("http://x","y")', '+SUM(1,2)', '@cmd', '-10+20', '-3', '\t=1+1', '\r=1+1', "=cmd|' /C calc'!A0"];
const CSV_FORMATS = (Object.keys(EXPORT_FORMATS) as ExportFormat[]).filter((format) => EXPORT_FORMATS[format].extension === 'csv');
/** What a cell must never start with, after parsing, for any spreadsheet to take it as text. */
const FORMULA_START = /^[=+\-@\t\r]/;

let playlist: ListDetails;
let watchlist: ListDetails;

beforeEach(() => {
  const db = tempDatabase();
  const insertSong = db.prepare(`INSERT INTO songs(id, song_key, spotify_id, title, artists, album) VALUES (?, ?, NULL, ?, ?, ?)`);
  const insertMovie = db.prepare(`INSERT INTO movies(id, title, release_year, tmdb_id, imdb_id) VALUES (?, ?, ?, ?, ?)`);
  HOSTILE.forEach((text, index) => {
    // Every text column of a song carries the hostile text, so each exported column is exercised.
    insertSong.run(index + 1, `key-${index}`, text, text, text);
    insertMovie.run(index + 100, text, 1990 + index, 1000 + index, `tt${String(2000000 + index)}`);
  });
  const lists = new ListStore(db);
  const songs = lists.create('playlist', '=HYPERLINK("http://x","list")');
  lists.add(
    songs.id,
    HOSTILE.map((_, index) => index + 1),
  );
  playlist = lists.get(songs.id);
  const movies = lists.create('watchlist', '@watch');
  lists.add(
    movies.id,
    HOSTILE.map((_, index) => index + 100),
  );
  watchlist = lists.get(movies.id);
});

describe('CSV exports neutralise formula injection (OWASP)', () => {
  it('covers every CSV export format', () => {
    expect(CSV_FORMATS).toEqual(['playlist-csv', 'letterboxd', 'watchlist-csv']);
  });

  it.each(CSV_FORMATS)('no cell of a %s export can start a formula, and the text survives behind one quote', (format) => {
    const list = EXPORT_FORMATS[format].kind === 'playlist' ? playlist : watchlist;
    const rows = parse(exportList(list, format).content) as string[][];
    expect(rows).toHaveLength(HOSTILE.length + 1);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA_START);
    // The title column (first in every CSV export) holds each hostile text, prefixed with a single quote.
    expect(rows.slice(1).map((row) => row[0])).toEqual(HOSTILE.map((text) => `'${text}`));
  });

  it('keeps the playlist CSV columns: every text column is neutralised, the URI column stays empty', () => {
    const rows = parse(exportList(playlist, 'playlist-csv').content, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toEqual({ Title: `'${HOSTILE[0]}`, Artist: `'${HOSTILE[0]}`, Album: `'${HOSTILE[0]}`, 'Spotify URI': '' });
  });

  it("still gives Letterboxd's importer its exact header, numeric Year and tmdbID, and the IMDb id it matches first", () => {
    const content = exportList(watchlist, 'letterboxd').content;
    expect(content.slice(0, content.indexOf('\n'))).toBe('Title,Year,tmdbID,imdbID');
    const rows = parse(content, { columns: true }) as Record<string, string>[];
    expect(rows[4]).toEqual({ Title: "'-3", Year: '1994', tmdbID: '1004', imdbID: 'tt2000004' });
    for (const row of rows) {
      expect(row.Year).toMatch(/^[0-9]{4}$/);
      expect(row.tmdbID).toMatch(/^[0-9]+$/);
    }
  });

  it('leaves ordinary text alone, including text with a formula character later on', () => {
    expect(neutraliseCsvText('Spirited Away')).toBe('Spirited Away');
    expect(neutraliseCsvText('AC/DC - Back = Black + @home')).toBe('AC/DC - Back = Black + @home');
    expect(neutraliseCsvText('')).toBe('');
    expect(neutraliseCsvText('-3')).toBe("'-3");
  });
});
