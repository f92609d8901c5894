import fs from 'node:fs';
import path from 'node:path';

/**
 * Finds the HetRec 2011 Last.fm files from a folder or from any one of its .dat files, as
 * MovieLens companions are found beside movies.csv: artists.dat (id → name), tags.dat (id → tag)
 * and user_taggedartists.dat (who gave which tag to which artist) must sit side by side.
 * user_taggedartists_2.dat, when there, is read too: some copies split the tagging file in two.
 */

export interface LastfmFiles {
  readonly folder: string;
  readonly artists: string;
  readonly tags: string;
  /** user_taggedartists.dat, then user_taggedartists_2.dat (and _3, …) when present. */
  readonly taggings: readonly string[];
}

export const LASTFM_REQUIRED = ['artists.dat', 'tags.dat', 'user_taggedartists.dat'] as const;
/** Every file name of the HetRec 2011 Last.fm set: importing any of them imports the set. */
const LASTFM_NAMES = /^(?:artists|tags|user_taggedartists(?:_\d+)?|user_artists|user_friends)\.dat$/iu;

export class LastfmFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LastfmFilesError';
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The Last.fm files for `file` (a folder, or a .dat file of the set), or null when `file` is not
 * one of them (the caller imports it as a CSV). Throws LastfmFilesError, naming what is missing,
 * when `file` is clearly part of the set but a required companion is not beside it.
 */
export function findLastfmFiles(file: string, shownAs = file): LastfmFiles | null {
  const resolved = path.resolve(file);
  let folder: string;
  if (isDirectory(resolved)) folder = resolved;
  else if (LASTFM_NAMES.test(path.basename(resolved))) folder = path.dirname(resolved);
  else return null;

  const names = fs.readdirSync(folder);
  const byLowerName = new Map(names.map((name) => [name.toLowerCase(), name] as const));
  const present = LASTFM_REQUIRED.filter((name) => byLowerName.has(name) && isFile(path.join(folder, byLowerName.get(name)!)));
  if (present.length < LASTFM_REQUIRED.length) {
    // A folder without any of the files is just not a Last.fm folder: let the caller say what it expected.
    if (present.length === 0 && isDirectory(resolved)) return null;
    const missing = LASTFM_REQUIRED.filter((name) => !present.includes(name));
    throw new LastfmFilesError(
      `${shownAs}: a Last.fm HetRec 2011 import needs ${LASTFM_REQUIRED.join(', ')} side by side; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not in ${folder}. ` +
        'Put the three files in one folder and import that folder (or any of the files).',
    );
  }
  const at = (name: string) => path.join(folder, byLowerName.get(name)!);
  const extraTaggings = names
    .map((name) => ({ name, part: /^user_taggedartists_(\d+)\.dat$/iu.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; part: string } => entry.part !== undefined && isFile(path.join(folder, entry.name)))
    .sort((a, b) => Number(a.part) - Number(b.part))
    .map((entry) => path.join(folder, entry.name));
  return { folder, artists: at('artists.dat'), tags: at('tags.dat'), taggings: [at('user_taggedartists.dat'), ...extraTaggings] };
}
