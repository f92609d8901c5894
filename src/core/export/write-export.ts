import fs from 'node:fs';
import path from 'node:path';
import type { ListDetails } from '../lists/list-store.js';
import { EXPORT_FORMATS, exportList, type ExportFormat } from './exporters.js';
import type { LocalPlaylistFiles } from './local-playlists.js';

export interface WrittenExport {
  readonly file: string;
  readonly format: ExportFormat;
  readonly label: string;
  readonly items: number;
  readonly bytes: number;
}

/**
 * Exports `list` and saves it to `file` as UTF-8. The content goes to a temporary file beside the
 * target and is then renamed over it, so an interrupted export never leaves a truncated playlist
 * in place of a previous good one (rename is atomic within one folder).
 */
export function writeExport(
  file: string,
  list: ListDetails,
  format: ExportFormat,
  now: Date = new Date(),
  local?: Omit<LocalPlaylistFiles, 'playlistDir'>,
): WrittenExport {
  const target = path.resolve(file);
  // Local file paths are written relative to where the playlist goes, when they can be.
  const { content } = exportList(list, format, now, local ? { ...local, playlistDir: path.dirname(target) } : undefined);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, content, 'utf8');
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  return { file: target, format, label: EXPORT_FORMATS[format].label, items: list.entries.length, bytes: Buffer.byteLength(content, 'utf8') };
}
