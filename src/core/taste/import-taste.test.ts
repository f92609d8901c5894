import AdmZip from 'adm-zip';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempDir, tempFile } from '../../../tests/support/temp.js';
import { ListStore } from '../lists/list-store.js';
import { TasteImportError } from './export-files.js';
import { importTaste } from './import-taste.js';
import { TasteStore } from './taste-store.js';
import { LETTERBOXD, SPOTIFY, seedTasteCatalog } from './test-helpers.js';

const movieId = (db: ReturnType<typeof tempDatabase>, tmdb: number) => db.prepare(`SELECT id FROM movies WHERE tmdb_id = ?`).pluck().get(tmdb) as number;
const songId = (db: ReturnType<typeof tempDatabase>, title: string) => db.prepare(`SELECT id FROM songs WHERE title = ?`).pluck().get(title) as number;

describe('taste import: Letterboxd', () => {
  it('reads the export ZIP, matches by title and year, reports matched / ambiguous / missing, and weighs by rating', () => {
    const db = tempDatabase();
    seedTasteCatalog(db);
    const zip = new AdmZip();
    zip.addFile('ratings.csv', Buffer.from(`\uFEFF${LETTERBOXD.ratings}`));
    zip.addFile('watched.csv', Buffer.from(LETTERBOXD.watched));
    zip.addFile('watchlist.csv', Buffer.from(LETTERBOXD.watchlist));
    zip.addFile('profile.csv', Buffer.from('Date Joined,Username\n2020-01-01,someone'));
    const file = path.join(tempDir(), 'letterboxd-someone-2024.zip');
    zip.writeZip(file);

    const summary = importTaste(db, file);
    expect(summary.source).toBe('letterboxd');
    const ratings = summary.reports.find((report) => report.what === 'Letterboxd ratings.csv')!;
    // Toy Story is listed as 1996 on Letterboxd and 1995 in the catalog: one year off still matches.
    expect(ratings).toMatchObject({ matched: 3, ambiguous: 1, missing: 1, missingExamples: ['Not In The Catalog (2010)'] });
    expect(ratings.ambiguousExamples[0]).toMatch(/^Crash \(2004\): 2 films in the catalog/);
    expect(summary.notes).toContain('1 films rated under ★★★ were left out of "Letterboxd: films I rated": they say what you don\'t like.');
    expect(summary.profiles.map((profile) => [profile.name, profile.items])).toEqual([
      ['Letterboxd: films I rated', 2],
      ['My 5-star films', 1],
      ['Letterboxd: watched', 2],
      ['Letterboxd: watchlist', 1],
    ]);
    const store = new TasteStore(db);
    const rated = summary.profiles[0]!;
    expect(store.contributors(rated.id).map((item) => [item.itemId, item.weight, item.detail])).toEqual([
      [movieId(db, 603), 5, '★★★★★'],
      [movieId(db, 862), 4.5, '★★★★½'],
    ]);

    // Importing the same export again replaces its profiles instead of adding copies.
    importTaste(db, file);
    expect(store.list()).toHaveLength(4);
  });

  it('matches by TMDb or IMDb id when the CSV has them, and reports a bad row by line and column', () => {
    const db = tempDatabase();
    seedTasteCatalog(db);
    const file = tempFile(
      'ratings.csv',
      'Date,Name,Year,Letterboxd URI,Rating,tmdbID,imdbID\n2024-01-01,Whatever Title,1990,x,4,129,\n2024-01-01,Other,1990,x,4,,tt0133093\n2024-01-01,Bad,19x9,x,4,,\n',
    );
    const summary = importTaste(db, file);
    expect(summary.reports[0]).toMatchObject({ matched: 2, missing: 0 });
    expect(summary.notes).toContain(`${file}: line 4: column Year: expected a year such as 1999, found "19x9"; the row was left out.`);
  });

  it('refuses a file that is not an export, saying what was expected', () => {
    const db = tempDatabase();
    expect(() => importTaste(db, tempFile('ratings.csv', 'Foo,Bar\n1,2\n'))).toThrow(
      /line 1: expected Letterboxd's header \(Date, Name, Year, Letterboxd URI, Rating\)/,
    );
    expect(() => importTaste(db, tempFile('notes.txt', 'hello'))).toThrow(TasteImportError);
    expect(() => importTaste(db, tempFile('YourLibrary.json', '{"tracks": [{"artist": 1}]}'))).toThrow(
      /YourLibrary\.json: at tracks\.0\.artist: .*expected an object with "tracks"/,
    );
    expect(() => importTaste(db, tempFile('Playlist1.json', '{not json'))).toThrow(/not valid JSON/);
  });
});

describe('taste import: Spotify', () => {
  it('reads an extracted export folder: matches by URI, then title and artist; weighs history by play time', () => {
    const db = tempDatabase();
    seedTasteCatalog(db);
    const dir = tempDir();
    tempFile('Spotify Account Data/YourLibrary.json', SPOTIFY.library, dir);
    tempFile('Spotify Account Data/Playlist1.json', SPOTIFY.playlists, dir);
    tempFile('Spotify Account Data/StreamingHistory_music_0.json', SPOTIFY.history, dir);
    tempFile('Spotify Extended Streaming History/Streaming_History_Audio_2024_0.json', SPOTIFY.extended, dir);
    tempFile('Spotify Account Data/Userdata.json', '{"username": "someone"}', dir);

    const summary = importTaste(db, dir);
    expect(summary.source).toBe('spotify');
    expect(summary.reports).toEqual([
      expect.objectContaining({ what: 'Spotify streaming history', matched: 3, missing: 0 }),
      expect.objectContaining({ what: 'Spotify YourLibrary.json (liked songs)', matched: 1, missing: 1, missingExamples: ['Unknown Song — Nobody'] }),
      expect.objectContaining({ what: 'Spotify playlist "Night drive"', matched: 1, missing: 0 }),
    ]);
    expect(summary.notes.join('\n')).toMatch(/1 entries without a track .* were left out/);
    expect(summary.notes.join('\n')).toMatch(/1 plays without a track \(podcast episodes, audiobooks\) were left out/);
    const store = new TasteStore(db);
    const most = store.find('Spotify: most played');
    expect(store.contributors(most.id).map((item) => [item.title, Math.round(item.weight * 10) / 10, item.detail])).toEqual([
      ['Nature Boy', 10, '10 min played'],
      ['Mona Lisa', 6.9, '7 min played'],
      ['Smile', 2.8, '3 min played'],
    ]);
    // "This year" is the newest year in the history: Nature Boy was played in 2023 only.
    expect(store.contributors(store.find('Most played in 2024').id).map((item) => item.title)).toEqual(['Mona Lisa', 'Smile']);
    expect(store.contributors(store.find('Spotify playlist: Night drive').id).map((item) => item.itemId)).toEqual([songId(db, 'Hallelujah')]);
  });
});

describe('taste profiles', () => {
  it('removes a contributor, deletes a profile, makes one from a saved list, and expands into weighted picks', () => {
    const db = tempDatabase();
    seedTasteCatalog(db);
    const store = new TasteStore(db);
    const saved = store.save('Mine', 'movie', 'test', [
      { itemId: movieId(db, 603), weight: 5, detail: null },
      { itemId: movieId(db, 862), weight: 2.5, detail: null },
      { itemId: movieId(db, 129), weight: 1, detail: null },
    ]);
    expect(store.picks(saved.id, (id) => id !== movieId(db, 862))).toEqual({
      kind: 'movie',
      picks: [
        { id: movieId(db, 603), weight: 1 },
        { id: movieId(db, 129), weight: 0.2 },
      ],
    });
    expect(store.removeItem(saved.id, movieId(db, 603)).items).toBe(2);
    expect(() => store.removeItem(saved.id, movieId(db, 603))).toThrow(/is not in taste profile/);
    const lists = new ListStore(db);
    const playlist = lists.create('playlist', 'Night drive');
    expect(() => store.fromList(playlist.id)).toThrow(/is empty/);
    lists.add(playlist.id, [songId(db, 'Smile'), songId(db, 'Mona Lisa')]);
    expect(store.fromList(playlist.id)).toMatchObject({ name: 'Night drive', kind: 'song', items: 2, source: 'playlist "Night drive"' });
    expect(store.delete(saved.id).name).toBe('Mine');
    expect(store.list().map((profile) => profile.name)).toEqual(['Night drive']);
    expect(() => store.find('nope')).toThrow(/no taste profile named "nope"/);
  });
});
