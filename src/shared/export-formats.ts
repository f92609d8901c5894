import { UserError } from './errors';
import type { ListKindValue } from './list-schemas';

/**
 * The list export formats: the contract's format names, what the CLI and the Lists screen call
 * them, and the file each gives. The exporters (src/core/export) render them.
 */
export const EXPORT_FORMATS = {
  m3u8: { kind: 'playlist', label: 'M3U8 playlist (Spotify links)', short: 'M3U8', extension: 'm3u8', mime: 'audio/x-mpegurl' },
  xspf: { kind: 'playlist', label: 'XSPF playlist', short: 'XSPF', extension: 'xspf', mime: 'application/xspf+xml' },
  'playlist-csv': { kind: 'playlist', label: 'CSV (Title, Artist, Album, Spotify URI)', short: 'CSV', extension: 'csv', mime: 'text/csv' },
  'playlist-json': { kind: 'playlist', label: 'JSON', short: 'JSON', extension: 'json', mime: 'application/json' },
  letterboxd: { kind: 'watchlist', label: 'Letterboxd import CSV', short: 'Letterboxd CSV', extension: 'csv', mime: 'text/csv' },
  'watchlist-csv': { kind: 'watchlist', label: 'CSV (Title, Year, TMDb and IMDb ids and links)', short: 'CSV', extension: 'csv', mime: 'text/csv' },
  'watchlist-json': { kind: 'watchlist', label: 'JSON', short: 'JSON', extension: 'json', mime: 'application/json' },
} as const satisfies Record<string, { kind: ListKindValue; label: string; short: string; extension: string; mime: string }>;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const isExportFormat = (value: string): value is ExportFormat => Object.hasOwn(EXPORT_FORMATS, value);

/** The formats a list of this kind can be exported to, in the order menus show them. */
export function exportFormatsFor(kind: ListKindValue): ExportFormat[] {
  return (Object.keys(EXPORT_FORMATS) as ExportFormat[]).filter((format) => EXPORT_FORMATS[format].kind === kind);
}

/** A refused export (an unknown format, or one for the other kind of list). */
export class ExportError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** A format name as people type it for a list of `kind`: "csv" and "json" mean that kind's variant. */
export function resolveExportFormat(kind: ListKindValue, name: string): ExportFormat {
  const format = name === 'csv' || name === 'json' ? `${kind}-${name}` : name;
  const choices = exportFormatsFor(kind).join(', ');
  if (!isExportFormat(format)) throw new ExportError(`Unknown export format "${name}": a ${kind} exports as ${choices}.`);
  const spec = EXPORT_FORMATS[format];
  if (spec.kind !== kind) throw new ExportError(`${spec.label} is a ${spec.kind} format: a ${kind} exports as ${choices}.`);
  return format;
}
