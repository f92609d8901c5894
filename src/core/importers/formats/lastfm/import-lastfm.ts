import fs from 'node:fs';
import path from 'node:path';
import { ImportRuns, type ImportIssue, type RunCounters } from '../../../catalog/import-runs.js';
import { LASTFM_TAGS_FORMAT_ID } from '../../../../shared/contract/imports.js';
import type { CatalogDatabase } from '../../../db/open-database.js';
import { nameKey } from '../../../evaluation/normalise-title.js';
import { countTaggedSongs } from '../../../features/song-tags.js';
import { ProgressMeter, type ProgressListener } from '../../../progress.js';
import { chooseFileEncoding, type EncodingGuess } from '../../../text/detect-encoding.js';
import { normaliseTag, selectArtistTags } from './artist-tags.js';
import { datIssue, idField, readDatRows } from './dat-reader.js';
import type { LastfmFiles } from './lastfm-files.js';

/**
 * Imports the HetRec 2011 Last.fm set: artists' tags weighted by how many listeners gave them
 * (policy in artist-tags.ts), stored by normalised artist name in artist_tags. Songs pick them up
 * through their artists (features/song-tags.ts), so the import order of songs and tags does not
 * matter. The files are small (a few MB), so they are read whole and written in one transaction:
 * a crash or cancel leaves the previous tags untouched, and importing again replaces them.
 */

export const LASTFM_FORMAT = {
  id: LASTFM_TAGS_FORMAT_ID,
  label: 'Last.fm HetRec 2011 artist tags (artists.dat, tags.dat, user_taggedartists.dat)',
} as const;

const ARTIST_COLUMNS = ['id', 'name', 'url', 'pictureURL'];
const TAG_COLUMNS = ['tagID', 'tagValue'];
const TAGGING_COLUMNS = ['userID', 'artistID', 'tagID', 'day', 'month', 'year'];

interface LastfmImportOptions {
  readonly files: LastfmFiles;
  /** Forces the encoding of every file (otherwise detected per file: tags.dat is Latin-1, artists.dat UTF-8). */
  readonly encoding?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  readonly checkpoint?: () => void;
}

interface LastfmImportResult {
  readonly runId: number;
  readonly status: 'completed' | 'cancelled';
  readonly counters: RunCounters;
  readonly warnings: readonly string[];
  readonly issues: readonly ImportIssue[];
  /** The encoding of tags.dat, the one file that is not UTF-8 in the original set. */
  readonly encoding: EncodingGuess;
  readonly artistsTagged: number;
  readonly songsTagged: number;
}

export async function importLastfm(db: CatalogDatabase, options: LastfmImportOptions): Promise<LastfmImportResult> {
  const { files } = options;
  const all = [files.artists, files.tags, ...files.taggings];
  const bytesTotal = all.reduce((sum, file) => sum + fs.statSync(file).size, 0);
  const encodings = new Map<string, EncodingGuess>();
  for (const file of all) encodings.set(file, await chooseFileEncoding(file, options.encoding));
  const tagsEncoding = encodings.get(files.tags)!;

  const runs = new ImportRuns(db);
  const sourceId = runs.ensureSource(files.folder, 'songs', LASTFM_FORMAT.id);
  const runId = runs.start(sourceId, { encoding: tagsEncoding.encoding, fileSize: bytesTotal, fileMtimeMs: Math.round(fs.statSync(files.tags).mtimeMs) });
  const counters: RunCounters = { rowsRead: 0, rowsImported: 0, rowsSkipped: 0, itemsAdded: 0, itemsMerged: 0, bytesDone: 0 };
  const issues: ImportIssue[] = [];
  const warnings: string[] = [];
  const onIssue = (issue: ImportIssue) => {
    issues.push(issue);
    counters.rowsSkipped++;
  };
  const meter = new ProgressMeter('rows', options.onProgress, { bytesTotal });
  const read = async function* (file: string, columns: readonly string[]) {
    const name = path.basename(file);
    for await (const row of readDatRows({ file, name, encoding: encodings.get(file)!.encoding, columns, signal: options.signal }, onIssue)) {
      counters.rowsRead++;
      if (counters.rowsRead % 10_000 === 0) meter.update('reading', counters.rowsRead);
      yield { name, row };
    }
  };

  try {
    for (const [file, guess] of encodings)
      if (guess.confidence === 'uncertain')
        warnings.push(
          `${path.basename(file)}: the encoding is uncertain: read as ${guess.encoding}. ${guess.reason} If names look wrong, import again with --encoding.`,
        );

    const artistNames = new Map<number, string>();
    const unmatchable: string[] = [];
    const unmatchableIds = new Set<number>();
    for await (const { name, row } of read(files.artists, ARTIST_COLUMNS)) {
      const id = idField(name, row, ARTIST_COLUMNS, 0, onIssue);
      if (id === null) continue;
      const artist = row.fields[1]!.trim();
      if (artist === '') onIssue(datIssue(name, row.line, { name: 'name', number: 2 }, 'expected an artist name, found none', row.fields.join('\t')));
      // Not malformed: Last.fm has artists called "#####" and ":(". No song can be matched to them by name.
      else if (nameKey(artist) === '') {
        unmatchable.push(artist);
        unmatchableIds.add(id);
      } else artistNames.set(id, artist);
    }
    if (unmatchable.length > 0)
      warnings.push(
        `${unmatchable.length} artist name(s) have no letters or digits (e.g. ${unmatchable
          .slice(0, 3)
          .map((artist) => JSON.stringify(artist))
          .join(', ')}); no song can be matched to them, so their tags were left out.`,
      );
    const tagNames = new Map<number, string>();
    for await (const { name, row } of read(files.tags, TAG_COLUMNS)) {
      const id = idField(name, row, TAG_COLUMNS, 0, onIssue);
      if (id === null) continue;
      const tag = normaliseTag(row.fields[1]!);
      if (tag === '') onIssue(datIssue(name, row.line, { name: 'tagValue', number: 2 }, 'expected a tag, found none', row.fields.join('\t')));
      else tagNames.set(id, tag);
    }

    // artist key → tag → the listeners who gave it (a listener tagging twice counts once).
    const listeners = new Map<string, Map<string, Set<number>>>();
    const displayNames = new Map<string, string>();
    let unknownArtists = 0;
    let unknownTags = 0;
    for (const file of files.taggings) {
      for await (const { name, row } of read(file, TAGGING_COLUMNS)) {
        const user = idField(name, row, TAGGING_COLUMNS, 0, onIssue);
        const artistId = user === null ? null : idField(name, row, TAGGING_COLUMNS, 1, onIssue);
        const tagId = artistId === null ? null : idField(name, row, TAGGING_COLUMNS, 2, onIssue);
        if (user === null || artistId === null || tagId === null) continue;
        const artist = artistNames.get(artistId);
        const tag = tagNames.get(tagId);
        // Not malformed lines: the set itself tags artists that artists.dat leaves out. Counted, not reported one by one.
        if (artist === undefined && !unmatchableIds.has(artistId)) unknownArtists++;
        if (tag === undefined) unknownTags++;
        if (artist === undefined || tag === undefined) continue;
        counters.rowsImported++;
        const key = nameKey(artist);
        if (!displayNames.has(key)) displayNames.set(key, artist);
        let tags = listeners.get(key);
        if (!tags) listeners.set(key, (tags = new Map()));
        let users = tags.get(tag);
        if (!users) tags.set(tag, (users = new Set()));
        users.add(user);
      }
    }
    if (unknownArtists > 0) warnings.push(`${unknownArtists} tagging row(s) name an artist id that artists.dat does not list; they were left out.`);
    if (unknownTags > 0) warnings.push(`${unknownTags} tagging row(s) name a tag id that tags.dat does not list; they were left out.`);

    if (options.signal?.aborted) {
      runs.finish(runId, 'cancelled', warnings);
      return { runId, status: 'cancelled', counters, warnings, issues: issues.slice(0, 20), encoding: tagsEncoding, artistsTagged: 0, songsTagged: 0 };
    }

    let artistsTagged = 0;
    let songsTagged = 0;
    const insert = db.prepare(`INSERT INTO artist_tags(source_id, artist_key, artist_name, tag, users, weight) VALUES (?, ?, ?, ?, ?, ?)`);
    db.transaction(() => {
      db.prepare(`DELETE FROM artist_tags WHERE source_id = ?`).run(sourceId);
      for (const [key, tags] of listeners) {
        // A tag naming the artist itself ("abba" on ABBA) says nothing about the music.
        const counts = new Map([...tags].filter(([tag]) => nameKey(tag) !== key).map(([tag, users]) => [tag, users.size] as const));
        const chosen = selectArtistTags(counts);
        if (chosen.length > 0) artistsTagged++;
        for (const { tag, users, weight } of chosen) insert.run(sourceId, key, displayNames.get(key)!, tag, users, weight);
      }
      // The run's "items" are the catalog songs that now have tags (none are added: tags enrich songs).
      songsTagged = countTaggedSongs(db);
      counters.itemsMerged = songsTagged;
      counters.bytesDone = bytesTotal;
      runs.recordProgress(runId, counters, issues);
    }).immediate();
    options.checkpoint?.();

    warnings.push(
      `Tags stored for ${artistsTagged} artists; ${songsTagged} catalog song(s) have an artist among them${songsTagged === 0 ? ' (import songs, before or after, and they pick the tags up)' : ''}.`,
    );
    if (counters.rowsSkipped > 0) warnings.push(`${counters.rowsSkipped} malformed line(s) were skipped; see the report.`);
    runs.finish(runId, 'completed', warnings);
    meter.update('completed', counters.rowsRead, bytesTotal, true);
    return { runId, status: 'completed', counters, warnings, issues: issues.slice(0, 20), encoding: tagsEncoding, artistsTagged, songsTagged };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    runs.finish(runId, 'failed', warnings, message);
    throw error;
  }
}
