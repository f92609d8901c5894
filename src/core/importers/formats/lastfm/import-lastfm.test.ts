import iconv from 'iconv-lite';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir } from '../../../../../tests/support/temp.js';
import { ImportRuns } from '../../../catalog/import-runs.js';
import { loadSongTags } from '../../../features/song-tags.js';
import { importFile } from '../../import-file.js';
import { selectArtistTags } from './artist-tags.js';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

/** A small HetRec-shaped folder: artists.dat UTF-8 LF, tags.dat Latin-1 CRLF, taggings CRLF ending in a blank line. */
function lastfmFolder(extraTaggings: string[] = []): string {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'artists.dat'),
    [
      'id\tname\turl\tpictureURL',
      '1\tThe Beatles\thttp://x/1\t',
      '2\t"Weird Al" Yankovic\thttp://x/2\thttp://p/2',
      '3\tBeyoncé\thttp://x/3\t',
      '4\t#####\thttp://x/4\t',
      'x5\tBroken\thttp://x/5\t',
      '6\tSimon & Garfunkel\thttp://x/6\t',
    ].join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(dir, 'tags.dat'),
    iconv.encode(
      crlf(['tagID\ttagValue', '1\tclassic rock', '2\t60s', '3\tChanson Française', '4\tseen live', '5\tpop', '6\tcomedy', '7\tfolk', '8\tThe Beatles']),
      'latin1',
    ),
  );
  const taggings = [
    'userID\tartistID\ttagID\tday\tmonth\tyear',
    '10\t1\t1\t1\t4\t2009',
    '11\t1\t1\t1\t4\t2009',
    '12\t1\t1\t1\t4\t2009',
    '12\t1\t1\t2\t4\t2009',
    '10\t1\t2\t1\t4\t2009',
    '11\t1\t2\t1\t4\t2009',
    '10\t1\t4\t1\t4\t2009',
    '11\t1\t4\t1\t4\t2009',
    '13\t1\t4\t1\t4\t2009',
    '10\t1\t3\t1\t4\t2009',
    '10\t1\t8\t1\t4\t2009',
    '11\t1\t8\t1\t4\t2009',
    '12\t1\t8\t1\t4\t2009',
    '13\t1\t8\t1\t4\t2009',
    '10\t2\t6\t1\t4\t2009',
    '10\t3\t5\t1\t4\t2009',
    '11\t3\t5\t1\t4\t2009',
    '10\t6\t7\t1\t4\t2009',
    '11\t6\t7\t1\t4\t2009',
    '10\t99\t5\t1\t4\t2009',
    '10\t1\t5\t1\t4',
    '10\tabc\t5\t1\t4\t2009',
    ...extraTaggings,
    '',
  ];
  fs.writeFileSync(path.join(dir, 'user_taggedartists.dat'), taggings.join('\r\n'));
  return dir;
}

const tagRows = (db: ReturnType<typeof tempDatabase>) =>
  db.prepare(`SELECT artist_key AS artist, tag, users, weight FROM artist_tags ORDER BY artist_key, weight DESC, tag`).all();

describe('Last.fm HetRec import', () => {
  it("stores each artist's weighted tags by normalised name and reports malformed lines with file, line and column", async () => {
    const db = tempDatabase();
    const folder = lastfmFolder();
    const summary = await importFile(db, { file: folder });
    expect(summary).toMatchObject({ status: 'completed', kind: 'songs', format: { id: 'lastfm-hetrec2011' }, file: folder });
    expect(summary.encoding.encoding).toBe('windows-1252');
    expect(tagRows(db)).toEqual([
      { artist: 'beatles', tag: 'classic rock', users: 3, weight: 1 },
      { artist: 'beatles', tag: '60s', users: 2, weight: 2 / 3 },
      { artist: 'beyonce', tag: 'pop', users: 2, weight: 1 },
      { artist: 'simon and garfunkel', tag: 'folk', users: 2, weight: 1 },
      { artist: 'weird al yankovic', tag: 'comedy', users: 1, weight: 0.5 },
    ]);
    const issues = new ImportRuns(db).issues(summary.runId);
    expect(issues).toEqual([
      { line: 6, columnName: 'id', columnNumber: 1, reason: 'artists.dat: expected a positive whole number, found "x5"', excerpt: 'x5\tBroken\thttp://x/5\t' },
      {
        line: 22,
        columnName: null,
        columnNumber: null,
        reason: 'user_taggedartists.dat: expected 6 TAB-separated fields (userID, artistID, tagID, day, month, year), found 5',
        excerpt: '10\t1\t5\t1\t4',
      },
      {
        line: 23,
        columnName: 'artistID',
        columnNumber: 2,
        reason: 'user_taggedartists.dat: expected a positive whole number, found "abc"',
        excerpt: '10\tabc\t5\t1\t4\t2009',
      },
    ]);
    expect(summary.counters).toMatchObject({ rowsSkipped: 3, rowsImported: 19 });
    expect(summary.warnings.join('\n')).toMatch(/1 tagging row\(s\) name an artist id that artists.dat does not list/);
    expect(summary.warnings.join('\n')).toMatch(/"#####"/);
  });

  it('is found from any one of the .dat files, replaces its tags when imported again, and keeps the Latin-1 tag text', async () => {
    const db = tempDatabase();
    const folder = lastfmFolder();
    await importFile(db, { file: folder });
    const again = await importFile(db, { file: path.join(folder, 'tags.dat') });
    expect(again.format.id).toBe('lastfm-hetrec2011');
    expect(db.prepare(`SELECT count(*) FROM artist_tags`).pluck().get()).toBe(5);
    expect(db.prepare(`SELECT count(*) FROM sources`).pluck().get()).toBe(1);
    // A lone "chanson française" from one listener is dropped while two listeners agree on other tags...
    expect(db.prepare(`SELECT count(*) FROM artist_tags WHERE tag LIKE 'chanson%'`).pluck().get()).toBe(0);
    // ...and is kept, decoded from Latin-1, for an artist nobody tagged twice.
    const soloDb = tempDatabase();
    await importFile(soloDb, { file: lastfmFolder(['14\t2\t3\t1\t4\t2009']) });
    expect(soloDb.prepare(`SELECT tag FROM artist_tags WHERE artist_key = 'weird al yankovic' ORDER BY tag`).pluck().all()).toEqual([
      'chanson française',
      'comedy',
    ]);
  });

  it('tags catalog songs imported before or after, through their normalised artists', async () => {
    const db = tempDatabase();
    db.prepare(
      `INSERT INTO songs(id, song_key, title, artists) VALUES (1, 'a', 'Let It Be', 'Beatles'), (2, 'b', 'Halo', 'Beyonce'), (3, 'c', 'Other', 'Nobody')`,
    ).run();
    const summary = await importFile(db, { file: lastfmFolder() });
    expect(summary.counters.itemsMerged).toBe(2);
    const tags = loadSongTags(db);
    expect([...tags.keys()].sort()).toEqual([1, 2]);
    expect(tags.get(1)?.get('classic rock')).toBe(1);
  });

  it('keeps the previous tags when cancelled', async () => {
    const db = tempDatabase();
    const folder = lastfmFolder();
    await importFile(db, { file: folder });
    const controller = new AbortController();
    controller.abort();
    const cancelled = await importFile(db, { file: folder, signal: controller.signal });
    expect(cancelled.status).toBe('cancelled');
    expect(db.prepare(`SELECT count(*) FROM artist_tags`).pluck().get()).toBe(5);
    expect(new ImportRuns(db).get(cancelled.runId)?.status).toBe('cancelled');
  });

  it('says which companion file is missing', async () => {
    const folder = lastfmFolder();
    fs.rmSync(path.join(folder, 'tags.dat'));
    await expect(importFile(tempDatabase(), { file: path.join(folder, 'artists.dat') })).rejects.toThrow(
      /needs artists.dat, tags.dat, user_taggedartists.dat side by side; tags.dat is not in/,
    );
  });

  it('refuses a .dat file whose header is not the HetRec one, naming the file and line 1', async () => {
    const folder = lastfmFolder();
    fs.writeFileSync(path.join(folder, 'tags.dat'), 'id,value\r\n1,rock\r\n');
    await expect(importFile(tempDatabase(), { file: folder })).rejects.toThrow(/tags.dat: line 1: expected the header tagID<TAB>tagValue/);
  });

  it('reads user_taggedartists_2.dat beside the first tagging file', async () => {
    const folder = lastfmFolder();
    fs.writeFileSync(path.join(folder, 'user_taggedartists_2.dat'), crlf(['userID\tartistID\ttagID\tday\tmonth\tyear', '20\t2\t6\t1\t1\t2010']));
    const db = tempDatabase();
    await importFile(db, { file: folder });
    expect(db.prepare(`SELECT users, weight FROM artist_tags WHERE artist_key = 'weird al yankovic'`).get()).toEqual({ users: 2, weight: 1 });
  });
});

describe('selectArtistTags', () => {
  it('keeps tags two listeners agree on, at most 25, drops personal tags, and falls back to single-listener tags at half weight', () => {
    const many = new Map<string, number>(Array.from({ length: 40 }, (_, index) => [`tag${String(index).padStart(2, '0')}`, 50 - index] as const));
    many.set('seen live', 100);
    many.set('lonely', 1);
    const chosen = selectArtistTags(many);
    expect(chosen).toHaveLength(25);
    expect(chosen[0]).toEqual({ tag: 'tag00', users: 50, weight: 1 });
    expect(chosen.some((tag) => tag.tag === 'seen live' || tag.tag === 'lonely')).toBe(false);
    expect(
      selectArtistTags(
        new Map([
          ['j-pop', 1],
          ['seen live', 1],
        ]),
      ),
    ).toEqual([{ tag: 'j-pop', users: 1, weight: 0.5 }]);
    expect(selectArtistTags(new Map())).toEqual([]);
  });
});
