import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSpotifyTracksCsv, writeTmdbV11Csv } from '../../../tests/support/generate-fixtures.js';
import { tempDatabase, tempDir } from '../../../tests/support/temp.js';
import { openDatabase } from '../db/open-database.js';
import { importFile } from '../importers/import-file.js';
import { CatalogSearch } from './search.js';

describe('CatalogSearch answers for repeated keystrokes', () => {
  it('are the same as a fresh search, copies the caller may change, and current after an import on this or another connection', async () => {
    const dir = tempDir();
    const db = tempDatabase();
    await importFile(db, { file: writeSpotifyTracksCsv(path.join(dir, 'songs.csv'), { rows: 300, seed: 7, repeatRate: 0 }).file });
    await importFile(db, { file: writeTmdbV11Csv(path.join(dir, 'movies.csv'), { rows: 300, seed: 8 }).file });
    const search = new CatalogSearch(db);
    const typed = ['m', 'mo', 'mor', 'the', 't', 'a b'];
    for (const text of typed) {
      const first = search.searchSongs(text, 30);
      first.splice(0, first.length); // the caller's copy: changing it changes nothing remembered
      expect(search.searchSongs(text, 30)).toEqual(new CatalogSearch(db).searchSongs(text, 30));
      expect(search.searchMovies(text, 30)).toEqual(new CatalogSearch(db).searchMovies(text, 30));
    }
    expect(search.searchSongs('zzyzx', 10)).toEqual([]);

    // This connection imports a song titled Zzyzx: the next keystroke finds it.
    const line = (title: string, id: string) => `0,${id},Band,Album,${title},50,200000,False,0.5,0.5,1,-5.0,1,0.05,0.1,0.0,0.1,0.5,120.0,4,pop`;
    const header =
      ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const own = path.join(dir, 'own.csv');
    fs.writeFileSync(own, `${header}\n${line('Zzyzx Road', '0123456789abcdefghijkl')}\n`);
    await importFile(db, { file: own });
    expect(search.searchSongs('zzyzx', 10).map((hit) => hit.title)).toEqual(['Zzyzx Road']);

    // Another connection (an import job's) commits a second one.
    const other = openDatabase(db.name);
    const theirs = path.join(dir, 'theirs.csv');
    fs.writeFileSync(theirs, `${header}\n${line('Zzyzx Again', 'abcdefghijkl0123456789')}\n`);
    await importFile(other, { file: theirs });
    other.close();
    expect(
      search
        .searchSongs('zzyzx', 10)
        .map((hit) => hit.title)
        .sort(),
    ).toEqual(['Zzyzx Again', 'Zzyzx Road']);
  });
});
