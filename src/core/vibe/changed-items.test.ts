import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPOTIFY_TRACKS_HEADER } from '../../../tests/support/generate-fixtures.js';
import { itemsChangedByRuns } from '../catalog/import-journal.js';
import { importRunStates } from '../catalog/import-run-states.js';
import { undoImport } from '../catalog/undo-import.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { importFile } from '../importers/import-file.js';
import { tempDatabase, tempDir, tempFile } from '../testing/temp.js';
import { itemsImportedSinceBuild } from './changed-items.js';

/** One Spotify row: id, artist, title, energy, genre (the other values fixed). */
const track = (id: string, artist: string, title: string, energy: number, genre = 'pop') =>
  `0,${id},${artist},Album,${title},50,200000,False,0.5,${energy},1,-6.0,1,0.05,0.1,0.0,0.1,0.5,120.0,4,${genre}`;
const songsFile = (name: string, rows: string[]) => tempFile(name, [SPOTIFY_TRACKS_HEADER, ...rows].join('\n') + '\n');

const ORIGINAL = [track('t1', 'Ann', 'One', 0.1), track('t2', 'Bob', 'Two', 0.2), track('t3', 'Cy', 'Three', 0.3)];

/** A catalog of three songs and the runs' states a build made then would record. */
async function catalogBuiltOnce(): Promise<{ db: CatalogDatabase; built: ReturnType<typeof importRunStates>['states']; ids: Map<string, number> }> {
  const db = tempDatabase();
  await importFile(db, { file: songsFile('songs.csv', ORIGINAL) });
  const ids = new Map(db.prepare(`SELECT spotify_id, id FROM songs`).raw().all() as [string, number][]);
  return { db, built: importRunStates(db, 'posters').states, ids };
}

/** Runs `test` on a fresh catalogBuiltOnce and closes it after. */
async function onCatalog(test: (catalog: Awaited<ReturnType<typeof catalogBuiltOnce>>) => Promise<void>): Promise<void> {
  const catalog = await catalogBuiltOnce();
  try {
    await test(catalog);
  } finally {
    catalog.db.close();
  }
}

const since = (db: CatalogDatabase, built: ReturnType<typeof importRunStates>['states']) =>
  itemsImportedSinceBuild(db, built, importRunStates(db, 'posters').states);

describe('the items imported since a build', () => {
  it('are none when nothing was imported, or a file was imported again as it was (from the same or another path)', () =>
    onCatalog(async ({ db, built }) => {
      expect(since(db, built)).toEqual({ song: new Set(), movie: new Set() });
      await importFile(db, { file: songsFile('songs.csv', ORIGINAL) });
      await importFile(db, { file: songsFile('copy.csv', [...ORIGINAL].reverse()) });
      expect(db.prepare(`SELECT count(*) FROM import_runs`).pluck().get()).toBe(3);
      expect(since(db, built)).toEqual({ song: new Set(), movie: new Set() });
    }));

  it('are the songs a file added, and those whose values or genres it changed', () =>
    onCatalog(async ({ db, built, ids }) => {
      await importFile(db, {
        file: songsFile('update.csv', [track('t1', 'Ann', 'One', 0.9), ORIGINAL[1]!, track('t3', 'Cy', 'Three', 0.3, 'jazz'), track('t4', 'Di', 'Four', 0.4)]),
      });
      const t4 = db.prepare(`SELECT id FROM songs WHERE spotify_id = 't4'`).pluck().get() as number;
      expect(since(db, built)).toEqual({ song: new Set([ids.get('t1'), ids.get('t3'), t4]), movie: new Set() });
    }));

  it('compare a song changed and changed back by two imports with its state before the first of them', () =>
    onCatalog(async ({ db, built, ids }) => {
      await importFile(db, { file: songsFile('up.csv', [track('t2', 'Bob', 'Two', 0.8)]) });
      const between = importRunStates(db, 'posters').states;
      await importFile(db, { file: songsFile('down.csv', [track('t2', 'Bob', 'Two', 0.2)]) });
      // Back to the values the build encoded: nothing to encode again.
      expect(since(db, built)).toEqual({ song: new Set(), movie: new Set() });
      // A build made in between encoded the changed values: the second import changed them back.
      expect(since(db, between)).toEqual({ song: new Set([ids.get('t2')]), movie: new Set() });
    }));

  it('cannot be traced after an undone import that changed items back: the build is a full one', () =>
    onCatalog(async ({ db, built }) => {
      const merged = await importFile(db, { file: songsFile('update.csv', [track('t1', 'Ann', 'One', 0.9)]) });
      undoImport(db, merged.runId);
      expect(db.prepare(`SELECT items_restored FROM import_runs WHERE id = ?`).pluck().get(merged.runId)).toBe(1);
      expect(since(db, built)).toBeNull();
    }));

  it('cannot be traced after a Last.fm tag import (it journals none of the songs it tags): the build is a full one', () =>
    onCatalog(async ({ db, built }) => {
      const folder = tempDir();
      fs.writeFileSync(path.join(folder, 'artists.dat'), 'id\tname\turl\tpictureURL\n1\tAnn\thttp://x/1\t\n');
      fs.writeFileSync(path.join(folder, 'tags.dat'), 'tagID\ttagValue\n1\tmelancholic\n');
      fs.writeFileSync(path.join(folder, 'user_taggedartists.dat'), 'userID\tartistID\ttagID\tday\tmonth\tyear\n10\t1\t1\t1\t4\t2009\n');
      expect((await importFile(db, { file: folder })).status).toBe('completed');
      expect(since(db, built)).toBeNull();
    }));

  it('are none after an undone import that only added songs: they went, and their vectors with them', () =>
    onCatalog(async ({ db, built }) => {
      // The track twice, under two genres: the run counts one merge, into a song it added itself.
      const added = await importFile(db, { file: songsFile('new.csv', [track('t5', 'Eve', 'Five', 0.5), track('t5', 'Eve', 'Five', 0.5, 'rock')]) });
      expect(added.counters).toMatchObject({ itemsAdded: 1, itemsMerged: 1 });
      undoImport(db, added.runId);
      expect(since(db, built)).toEqual({ song: new Set(), movie: new Set() });
    }));

  it('are none after undoing a file imported again as it was: the undo changed nothing back', () =>
    onCatalog(async ({ db, built }) => {
      const again = await importFile(db, { file: songsFile('copy.csv', ORIGINAL) });
      expect(again.counters.itemsMerged).toBe(3);
      undoImport(db, again.runId);
      expect(db.prepare(`SELECT items_restored FROM import_runs WHERE id = ?`).pluck().get(again.runId)).toBe(0);
      expect(since(db, built)).toEqual({ song: new Set(), movie: new Set() });
    }));

  it('are compared again after every import, and each caller gets a set of its own', () =>
    onCatalog(async ({ db, built, ids }) => {
      const first = await importFile(db, { file: songsFile('one.csv', [track('t1', 'Ann', 'One', 0.9)]) });
      const answer = itemsChangedByRuns(db, 'song', [first.runId]);
      answer.add(-1);
      expect(itemsChangedByRuns(db, 'song', [first.runId])).toEqual(new Set([ids.get('t1')]));
      await importFile(db, { file: songsFile('two.csv', [track('t2', 'Bob', 'Two', 0.8)]) });
      expect(since(db, built)!.song).toEqual(new Set([ids.get('t1'), ids.get('t2')]));
      // The same runs asked again after a third import changed t1 back: the second import's state is not taken for now.
      await importFile(db, { file: songsFile('three.csv', [track('t1', 'Ann', 'One', 0.1)]) });
      expect(itemsChangedByRuns(db, 'song', [first.runId])).toEqual(new Set());
    }));

  it('are none for a build that recorded no runs (made before they were recorded)', () =>
    onCatalog(async ({ db }) => {
      await importFile(db, { file: songsFile('update.csv', [track('t1', 'Ann', 'One', 0.9)]) });
      expect(itemsImportedSinceBuild(db, undefined, importRunStates(db, 'posters').states)).toEqual({ song: new Set(), movie: new Set() });
    }));
});
