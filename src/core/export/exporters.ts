import { stringify } from 'csv-stringify/sync';
import type { ListDetails, ListKind } from '../lists/list-store.js';
import type { MovieCard, SongCard } from '../recommend/hydrate.js';
import { imdbUrl, spotifyUrl, tmdbUrl } from '../recommend/hydrate.js';

/**
 * List exports. CSV goes through csv-stringify (quoting, embedded newlines, BOM-free UTF-8);
 * M3U8 and XSPF are tiny fixed formats written directly, with their escaping rules applied here.
 */
export const EXPORT_FORMATS = {
  m3u8: { kind: 'playlist', label: 'M3U8 playlist (Spotify links)', extension: 'm3u8', mime: 'audio/x-mpegurl' },
  xspf: { kind: 'playlist', label: 'XSPF playlist', extension: 'xspf', mime: 'application/xspf+xml' },
  'playlist-csv': { kind: 'playlist', label: 'CSV (Title, Artist, Album, Spotify URI)', extension: 'csv', mime: 'text/csv' },
  'playlist-json': { kind: 'playlist', label: 'JSON', extension: 'json', mime: 'application/json' },
  letterboxd: { kind: 'watchlist', label: 'Letterboxd import CSV', extension: 'csv', mime: 'text/csv' },
  'watchlist-csv': { kind: 'watchlist', label: 'CSV (Title, Year, TMDb and IMDb ids and links)', extension: 'csv', mime: 'text/csv' },
  'watchlist-json': { kind: 'watchlist', label: 'JSON', extension: 'json', mime: 'application/json' },
} as const satisfies Record<string, { kind: ListKind; label: string; extension: string; mime: string }>;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const isExportFormat = (value: string): value is ExportFormat => Object.hasOwn(EXPORT_FORMATS, value);

export function exportFormatsFor(kind: ListKind): ExportFormat[] {
  return (Object.keys(EXPORT_FORMATS) as ExportFormat[]).filter((format) => EXPORT_FORMATS[format].kind === kind);
}

export class ExportError extends Error {}

export interface ExportedFile {
  readonly fileName: string;
  readonly mime: string;
  readonly content: string;
}

export function exportList(list: ListDetails, format: ExportFormat, now: Date = new Date()): ExportedFile {
  const spec = EXPORT_FORMATS[format];
  if (spec.kind !== list.kind) throw new ExportError(`${spec.label} is a ${spec.kind} format; "${list.name}" is a ${list.kind} (use ${exportFormatsFor(list.kind).join(', ')}).`);
  const songs = list.entries.flatMap((entry) => (entry.kind === 'song' ? [entry.song] : []));
  const movies = list.entries.flatMap((entry) => (entry.kind === 'movie' ? [entry.movie] : []));
  const content = {
    m3u8: () => m3u8(list.name, songs),
    xspf: () => xspf(list.name, songs, now),
    'playlist-csv': () => csv([['Title', 'Artist', 'Album', 'Spotify URI'], ...songs.map((song) => [song.title, song.artists, song.album ?? '', spotifyUri(song)])]),
    'playlist-json': () => json(list, now, songs.map((song) => ({ ...song, spotifyUri: spotifyUri(song) || null, spotifyUrl: spotifyUrl(song) }))),
    letterboxd: () => csv([['Title', 'Year', 'tmdbID', 'imdbID'], ...movies.map((movie) => [movie.title, year(movie), movie.tmdbId ?? '', movie.imdbId ?? ''])]),
    'watchlist-csv': () =>
      csv([
        ['Title', 'Year', 'TMDb ID', 'IMDb ID', 'TMDb URL', 'IMDb URL'],
        ...movies.map((movie) => [movie.title, year(movie), movie.tmdbId ?? '', movie.imdbId ?? '', tmdbUrl(movie) ?? '', imdbUrl(movie) ?? '']),
      ]),
    'watchlist-json': () => json(list, now, movies.map((movie) => ({ ...movie, tmdbUrl: tmdbUrl(movie), imdbUrl: imdbUrl(movie) }))),
  }[format]();
  return { fileName: `${safeFileName(list.name)}.${spec.extension}`, mime: spec.mime, content };
}

/** spotify:track:<id> when the track id is known, else ''. */
export function spotifyUri(song: Pick<SongCard, 'spotifyId'>): string {
  return song.spotifyId && /^[A-Za-z0-9]{22}$/.test(song.spotifyId) ? `spotify:track:${song.spotifyId}` : '';
}

function m3u8(name: string, songs: readonly SongCard[]): string {
  const line = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();
  const lines = ['#EXTM3U', `#PLAYLIST:${line(name)}`];
  for (const song of songs) {
    const seconds = song.durationMs ? Math.round(song.durationMs / 1000) : -1;
    lines.push(`#EXTINF:${seconds},${line(song.artists)} - ${line(song.title)}`, spotifyUrl(song));
  }
  return `${lines.join('\n')}\n`;
}

function xspf(name: string, songs: readonly SongCard[], now: Date): string {
  const element = (tag: string, value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '' : `<${tag}>${xml(String(value))}</${tag}>`);
  const tracks = songs.map(
    (song) =>
      `    <track>${element('location', spotifyUrl(song))}${element('title', song.title)}${element('creator', song.artists)}${element('album', song.album)}${element('duration', song.durationMs)}</track>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<playlist version="1" xmlns="http://xspf.org/ns/0/">',
    `  ${element('title', name)}`,
    `  ${element('creator', 'Crossfade')}`,
    `  ${element('date', now.toISOString())}`,
    '  <trackList>',
    ...tracks,
    '  </trackList>',
    '</playlist>',
    '',
  ].join('\n');
}

/** XML text escaping; characters XML 1.0 forbids (control codes) are dropped. */
export function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function csv(rows: readonly (readonly (string | number)[])[]): string {
  return stringify(rows as (string | number)[][], { record_delimiter: 'unix' });
}

function json(list: ListDetails, now: Date, items: readonly object[]): string {
  return `${JSON.stringify({ name: list.name, kind: list.kind, exportedAt: now.toISOString(), exportedBy: 'Crossfade', items }, null, 2)}\n`;
}

const year = (movie: MovieCard): string | number => movie.releaseYear ?? '';

function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  return name.replace(/[\\/:*?"<>|\u0000-\u001F]+/g, '_').replace(/^\.+/, '').slice(0, 100) || 'list';
}
