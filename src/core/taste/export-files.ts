import AdmZip from 'adm-zip';
import fs from 'node:fs';
import path from 'node:path';

/** One text file of an export: its name inside the export (for messages) and its content. */
export interface ExportFile {
  /** e.g. "letterboxd-me.zip › ratings.csv" or "/home/me/StreamingHistory_music_0.json". */
  readonly shownName: string;
  /** The bare file name, which says what the file holds ("ratings.csv", "Playlist1.json"). */
  readonly baseName: string;
  readonly text: string;
}

export class TasteImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TasteImportError';
  }
}

/** Export files larger than this are refused (a real Spotify history file is a few MB). */
const MAX_EXPORT_FILE_BYTES = 256 * 2 ** 20;
/** A ZIP that expands past this in total is refused before anything is inflated (zip bombs). */
const MAX_ZIP_TOTAL_BYTES = 1024 * 2 ** 20;

/** Whether a file name is one of the export files Crossfade reads (Letterboxd CSVs, Spotify JSONs). */
function isTasteFileName(name: string): boolean {
  const base = path.basename(name);
  return (
    /^(watched|ratings|diary|watchlist)\.csv$/i.test(base) ||
    /^YourLibrary\.json$/i.test(base) ||
    /^Playlist\d*\.json$/i.test(base) ||
    /^StreamingHistory(_music_)?\d+\.json$/i.test(base) ||
    /^Streaming_History_Audio_.*\.json$/i.test(base)
  );
}

/**
 * The export files at `file`: a ZIP (Letterboxd's or Spotify's export as downloaded), a folder it
 * was extracted to (searched two levels deep), or one of the files itself. Files of other kinds in
 * a ZIP or folder (profile.csv, Userdata.json, …) are skipped: they say nothing about taste.
 */
export function readExportFiles(file: string, shownAs = file): ExportFile[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new TasteImportError(
      `${shownAs} does not exist or cannot be read. Choose the ZIP you downloaded, the folder it was extracted to, or one of its CSV or JSON files.`,
    );
  }
  if (stat.isDirectory()) {
    const found = filesIn(file, 2).filter(isTasteFileName).sort();
    if (found.length === 0) throw new TasteImportError(`${shownAs} holds no Letterboxd or Spotify export files (${KNOWN_FILES}).`);
    return found.map((inner) => ({ shownName: inner, baseName: path.basename(inner), text: readTextFile(inner, inner) }));
  }
  if (isZip(file)) return readZip(file, shownAs);
  if (!isTasteFileName(file) && !/\.(csv|json)$/i.test(file))
    throw new TasteImportError(`${shownAs} is not a Letterboxd or Spotify export: expected a .zip, a folder, or one of ${KNOWN_FILES}.`);
  return [{ shownName: shownAs, baseName: path.basename(shownAs), text: readTextFile(file, shownAs) }];
}

const KNOWN_FILES =
  'watched.csv, ratings.csv, diary.csv, watchlist.csv, YourLibrary.json, Playlist1.json, StreamingHistory_music_0.json, Streaming_History_Audio_*.json';

function filesIn(dir: string, depth: number): string[] {
  const result: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile()) result.push(full);
    else if (entry.isDirectory() && depth > 0) result.push(...filesIn(full, depth - 1));
  }
  return result;
}

function readTextFile(file: string, shown: string): string {
  const size = fs.statSync(file).size;
  if (size > MAX_EXPORT_FILE_BYTES)
    throw new TasteImportError(`${shown} is ${(size / 2 ** 20).toFixed(0)} MB; an export file of more than ${MAX_EXPORT_FILE_BYTES / 2 ** 20} MB is not read.`);
  return stripBom(fs.readFileSync(file, 'utf8'));
}

function isZip(file: string): boolean {
  const handle = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(handle, head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50;
  } finally {
    fs.closeSync(handle);
  }
}

function readZip(file: string, shownAs: string): ExportFile[] {
  let zip: AdmZip;
  try {
    zip = new AdmZip(file);
  } catch (error) {
    throw new TasteImportError(
      `${shownAs} looks like a ZIP but cannot be opened (${error instanceof Error ? error.message : String(error)}). Download the export again.`,
    );
  }
  const entries = zip.getEntries().filter((entry) => !entry.isDirectory && isTasteFileName(entry.entryName) && !entry.entryName.includes('__MACOSX'));
  if (entries.length === 0) throw new TasteImportError(`${shownAs} holds no Letterboxd or Spotify export files (${KNOWN_FILES}).`);
  const total = entries.reduce((sum, entry) => sum + entry.header.size, 0);
  for (const entry of entries) {
    if (entry.header.size > MAX_EXPORT_FILE_BYTES)
      throw new TasteImportError(`${shownAs} › ${entry.entryName} expands to more than ${MAX_EXPORT_FILE_BYTES / 2 ** 20} MB; it is not read.`);
  }
  if (total > MAX_ZIP_TOTAL_BYTES)
    throw new TasteImportError(`${shownAs} expands to more than ${MAX_ZIP_TOTAL_BYTES / 2 ** 20} MB of export files; it is not read.`);
  return entries
    .sort((a, b) => a.entryName.localeCompare(b.entryName))
    .map((entry) => {
      const data = entry.getData();
      // The header's size is what the archive claims; check what was really inflated too.
      if (data.length > MAX_EXPORT_FILE_BYTES) throw new TasteImportError(`${shownAs} › ${entry.entryName} is larger than it claims; it is not read.`);
      return { shownName: `${path.basename(shownAs)} › ${entry.entryName}`, baseName: path.basename(entry.entryName), text: stripBom(data.toString('utf8')) };
    });
}

const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
