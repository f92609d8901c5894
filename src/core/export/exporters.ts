import { stringify } from 'csv-stringify/sync';
import type { ListDetails } from '../lists/list-store.js';
import type { MovieCard, SongCard } from '../recommend/hydrate.js';
import { imdbUrl, spotifyUrl, tmdbUrl } from '../recommend/hydrate.js';
import { m3u8Local, xspfLocal, type LocalPlaylistFiles } from './local-playlists.js';
import { oneLine, xml, xmlElement, xspfDocument, xspfDuration } from './playlist-text.js';
import { safeFileName } from '../safe-file-name.js';
import { EXPORT_FORMATS, ExportError, exportFormatsFor, type ExportFormat } from '../../shared/export-formats.js';

/**
 * List exports, as strings (writeExport in write-export.ts saves them). CSV goes through
 * csv-stringify (quoting of commas, quotes and newlines; UTF-8 without BOM, which import services
 * read as is), after neutraliseCsvText defuses any text cell a spreadsheet would run as a formula.
 * M3U8 and XSPF are written here with their escaping rules applied explicitly.
 *
 * The formats themselves (names, labels, file types) are shared names: src/shared/export-formats.ts.
 */
export { EXPORT_FORMATS, ExportError, exportFormatsFor, isExportFormat, resolveExportFormat, type ExportFormat } from '../../shared/export-formats.js';

export interface ExportedFile {
  /** A file name derived from the list name, safe on Windows, macOS and Linux. */
  readonly fileName: string;
  readonly mime: string;
  readonly content: string;
}

/**
 * Renders a list in `format`; `now` is the export time written into XSPF and JSON. With `local`
 * (songs found in the user's music folder), M3U8 and XSPF name the files instead of Spotify links.
 */
export function exportList(list: ListDetails, format: ExportFormat, now: Date = new Date(), local?: LocalPlaylistFiles): ExportedFile {
  const spec = EXPORT_FORMATS[format];
  if (spec.kind !== list.kind) {
    throw new ExportError(`${spec.label} is a ${spec.kind} format; "${list.name}" is a ${list.kind} (use ${exportFormatsFor(list.kind).join(', ')}).`);
  }
  const songs = list.entries.flatMap((entry) => (entry.kind === 'song' ? [entry.song] : []));
  const movies = list.entries.flatMap((entry) => (entry.kind === 'movie' ? [entry.movie] : []));
  const render: Record<ExportFormat, () => string> = {
    m3u8: () => (local ? m3u8Local(list.name, songs, local) : m3u8(list.name, songs)),
    xspf: () => (local ? xspfLocal(list.name, songs, local, now) : xspf(list.name, songs, now)),
    // The columns TuneMyMusic and Soundiiz recognise when importing a playlist file.
    'playlist-csv': () =>
      csv([['Title', 'Artist', 'Album', 'Spotify URI'], ...songs.map((song) => [song.title, song.artists, song.album ?? '', spotifyUri(song)])]),
    'playlist-json': () =>
      json(
        list,
        now,
        songs.map((song) => ({ ...song, spotifyUri: spotifyUri(song) || null, spotifyUrl: spotifyUrl(song) })),
      ),
    // Letterboxd's list/watchlist importer matches films by these exact header names.
    letterboxd: () =>
      csv([['Title', 'Year', 'tmdbID', 'imdbID'], ...movies.map((movie) => [movie.title, year(movie), movie.tmdbId ?? '', movie.imdbId ?? ''])]),
    'watchlist-csv': () =>
      csv([
        ['Title', 'Year', 'TMDb ID', 'IMDb ID', 'TMDb URL', 'IMDb URL'],
        ...movies.map((movie) => [movie.title, year(movie), movie.tmdbId ?? '', movie.imdbId ?? '', tmdbUrl(movie) ?? '', imdbUrl(movie) ?? '']),
      ]),
    'watchlist-json': () =>
      json(
        list,
        now,
        movies.map((movie) => ({ ...movie, tmdbUrl: tmdbUrl(movie), imdbUrl: imdbUrl(movie) })),
      ),
  };
  return { fileName: `${safeFileName(list.name)}.${spec.extension}`, mime: spec.mime, content: render[format]() };
}

/** spotify:track:<id> when the track id is known, else ''. */
export function spotifyUri(song: Pick<SongCard, 'spotifyId'>): string {
  return song.spotifyId && /^[A-Za-z0-9]{22}$/.test(song.spotifyId) ? `spotify:track:${song.spotifyId}` : '';
}

/**
 * Extended M3U in UTF-8 (hence .m3u8): #EXTINF:<seconds, -1 when unknown>,<artist> - <title>, then
 * the track's Spotify link (a Spotify search when the track id is unknown, via the same helper as
 * the app's "Listen on Spotify" button). Players read one directive per line, so line breaks inside
 * names become spaces.
 */
function m3u8(name: string, songs: readonly SongCard[]): string {
  const lines = ['#EXTM3U', `#PLAYLIST:${oneLine(name)}`];
  for (const song of songs) {
    const seconds = song.durationMs && song.durationMs > 0 ? Math.round(song.durationMs / 1000) : -1;
    lines.push(`#EXTINF:${seconds},${oneLine(song.artists)} - ${oneLine(song.title)}`, spotifyUrl(song));
  }
  return `${lines.join('\n')}\n`;
}

function xspf(name: string, songs: readonly SongCard[], now: Date): string {
  return xspfDocument(
    name,
    now,
    songs.map((song) => [
      xmlElement('location', spotifyUrl(song)),
      xmlElement('title', song.title),
      xmlElement('creator', song.artists),
      xmlElement('album', song.album),
      xmlElement('duration', xspfDuration(song.durationMs)),
    ]),
  );
}

export { xml };

/**
 * Characters that make a spreadsheet (Excel, LibreOffice Calc, Google Sheets) read a cell as a
 * formula or a DDE command: OWASP's CSV-injection list (https://owasp.org/www-community/attacks/CSV_Injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that no spreadsheet will run: one starting with = + - @ TAB or CR gets a leading
 * single quote, as OWASP recommends (csv-stringify then adds the double quotes and escaping).
 * Only text goes through here. Numeric columns (Year, TMDb id) are written from numbers, which
 * cannot hold a formula, so a real negative number stays a number; text that merely looks like
 * one, a title such as "-3" or "-10+20", is quoted like any other text, because in a text column
 * "-10+20" is exactly what Calc evaluates to 10.
 */
export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csv(rows: readonly (readonly (string | number)[])[]): string {
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? neutraliseCsvText(cell) : cell)));
  return stringify(safe, { record_delimiter: 'unix' });
}

function json(list: ListDetails, now: Date, items: readonly object[]): string {
  return `${JSON.stringify({ name: list.name, kind: list.kind, exportedAt: now.toISOString(), exportedBy: 'Crossfade', items }, null, 2)}\n`;
}

const year = (movie: MovieCard): string | number => movie.releaseYear ?? '';
