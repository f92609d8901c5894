import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanPosterFolder } from '../posters/scan-poster-folder.js';
import { tempDatabase, tempFile } from '../../../tests/support/temp.js';
import { importFile } from '../importers/import-file.js';
import { filmMentions, loadSoundtrackLinks, rebuildSoundtrackLinks, soundtrackLinksCurrent } from './soundtrack-links.js';

type Db = ReturnType<typeof tempDatabase>;

function catalog(movies: [number, string, number | null][], songs: [number, string, string | null, number | null][]): Db {
  const db = tempDatabase();
  const movie = db.prepare(`INSERT INTO movies(id, title, release_year) VALUES (?, ?, ?)`);
  for (const row of movies) movie.run(...row);
  const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists, album, release_year) VALUES (?, ?, ?, 'Someone', ?, ?)`);
  for (const [id, title, album, year] of songs) song.run(id, `k${id}`, title, album, year);
  return db;
}

const linksOf = (db: Db) => Object.fromEntries(loadSoundtrackLinks(db).map((link) => [link.songId, [link.movieId, link.evidence]]));

describe('rebuildSoundtrackLinks', () => {
  it('links songs whose album or title names a catalog film, with the evidence to show', () => {
    const db = catalog(
      [
        [1, 'Spirited Away', 2001],
        [2, 'Gladiator', 2000],
        [3, 'Gladiator', 1992],
        [4, 'Thin Red Line, The', 1998],
        [5, 'Pride and Prejudice', 2005],
        [6, 'Top Gun', 1986],
      ],
      [
        [1, 'The Sixth Station', 'Spirited Away Soundtrack', null],
        [2, 'Now We Are Free', 'Gladiator (Music From The Motion Picture)', 2000],
        [3, 'The Battle', "Music From 'Gladiator' Soundtrack", 2001],
        [4, 'Journey to the Line [The Thin Red Line]', 'Hans Zimmer Film Works', 1998],
        [5, 'Dawn', 'Pride & Prejudice - OST', null],
        [6, 'Danger Zone - From "Top Gun" Original Soundtrack', 'Top Gun - Motion Picture Soundtrack (Special Expanded Edition)', 1986],
        [7, 'Honor Him', 'Gladiator Score', 1999],
        [8, 'Plain Song', 'Plain Album', 2001],
      ],
    );
    expect(rebuildSoundtrackLinks(db)).toEqual({ links: 7, songsConsidered: 7 });
    expect(linksOf(db)).toEqual({
      1: [1, 'album "Spirited Away Soundtrack"'],
      2: [2, 'album "Gladiator (Music From The Motion Picture)"'],
      3: [2, `album "Music From 'Gladiator' Soundtrack"`],
      4: [4, 'title "Journey to the Line [The Thin Red Line]"'],
      5: [5, 'album "Pride & Prejudice - OST"'],
      6: [6, 'album "Top Gun - Motion Picture Soundtrack (Special Expanded Edition)"'],
      7: [2, 'album "Gladiator Score"'],
    });
  });

  it('refuses ambiguous titles without a year, picks the nearest film by year, and trusts a year written in the album', () => {
    const db = catalog(
      [
        [1, 'Beauty and the Beast', 1991],
        [2, 'Beauty and the Beast', 2017],
        [3, 'The Lion King', 1994],
        [4, 'The Lion King', 2019],
        [5, 'Remastered', 2010],
      ],
      [
        [1, 'Belle', 'Beauty and the Beast (Original Motion Picture Soundtrack)', null],
        [2, 'Evermore', 'Beauty and the Beast (Original Motion Picture Soundtrack)', 2017],
        [3, 'Circle of Life', 'The Lion King (1994) Soundtrack', 2003],
        [4, 'Circle of Life', 'The Lion King Soundtrack', 2011],
        [5, 'Song [Remastered]', 'Album', 2010],
        [6, 'Lonely Bracket [The Lion King]', 'Album', null],
      ],
    );
    rebuildSoundtrackLinks(db);
    expect(linksOf(db)).toEqual({
      2: [2, 'album "Beauty and the Beast (Original Motion Picture Soundtrack)"'],
      3: [3, 'album "The Lion King (1994) Soundtrack"'],
    });
  });

  it('does not link television, game or stage soundtracks, and rebuilds from scratch each time', () => {
    const db = catalog(
      [
        [1, 'Friends', 1990],
        [2, 'Halo', 2010],
      ],
      [
        [1, 'Theme', 'Friends (Original Television Soundtrack)', null],
        [2, 'Halo Theme', 'Halo (Original Game Soundtrack)', null],
      ],
    );
    expect(rebuildSoundtrackLinks(db).links).toBe(0);
    db.prepare(`INSERT INTO songs(id, song_key, title, artists, album) VALUES (3, 'k3', 'X', 'Y', 'Halo Soundtrack')`).run();
    expect(rebuildSoundtrackLinks(db).links).toBe(1);
    db.prepare(`UPDATE songs SET album = 'Not a film' WHERE id = 3`).run();
    expect(rebuildSoundtrackLinks(db).links).toBe(0);
    expect(loadSoundtrackLinks(db)).toEqual([]);
  });
});

describe('filmMentions', () => {
  it('reads bracketed titles as weak evidence and skips bracketed release notes', () => {
    expect(filmMentions({ title: 'Song [Remastered 2011]', album: null })).toEqual([]);
    expect(filmMentions({ title: 'Song [Live]', album: null })).toEqual([]);
    expect(filmMentions({ title: 'Journey [The Thin Red Line]', album: null })).toEqual([
      { film: 'The Thin Red Line', evidence: 'title "Journey [The Thin Red Line]"', writtenYear: null, weak: true },
    ]);
  });
});

describe('language guard', () => {
  it('does not link an Indian film song to a same-titled film in another language when no year backs it', () => {
    const db = catalog(
      [
        [1, 'Heartless', 2009],
        [2, 'Dangal', 2016],
      ],
      [
        [1, 'Main Dhoondne Ko Zamaane Mein (From "Heartless")', null, null],
        [2, 'Naina', 'Dangal (Original Motion Picture Soundtrack)', null],
      ],
    );
    db.prepare(`UPDATE movies SET original_language = CASE id WHEN 1 THEN 'en' ELSE 'hi' END`).run();
    db.prepare(`INSERT INTO genres(id, domain, name) VALUES (1, 'music', 'indian')`).run();
    db.prepare(`INSERT INTO song_genres(song_id, genre_id) VALUES (1, 1), (2, 1)`).run();
    rebuildSoundtrackLinks(db);
    expect(loadSoundtrackLinks(db).map((link) => [link.songId, link.movieId])).toEqual([[2, 2]]);
    // A film of unknown language passes when MovieLens gives its own-language title in brackets, not otherwise.
    db.prepare(`UPDATE movies SET original_language = NULL`).run();
    db.prepare(`INSERT INTO movies(id, title, release_year) VALUES (3, 'Spirited Away (Sen to Chihiro no kamikakushi)', 2001)`).run();
    db.prepare(
      `INSERT INTO songs(id, song_key, title, artists, album) VALUES (3, 'k3', 'The Sixth Station', 'Joe Hisaishi', 'Spirited Away Soundtrack')`,
    ).run();
    db.prepare(`INSERT INTO genres(id, domain, name) VALUES (2, 'music', 'anime')`).run();
    db.prepare(`INSERT INTO song_genres(song_id, genre_id) VALUES (3, 2)`).run();
    rebuildSoundtrackLinks(db);
    expect(loadSoundtrackLinks(db).map((link) => [link.songId, link.movieId])).toEqual([[3, 3]]);
  });
});

describe('imports keep the links current', () => {
  it('links a song imported before its film as soon as the film is imported, and the other way round', async () => {
    const db = tempDatabase();
    const header =
      ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
    const song = (index: number, id: string, title: string, album: string) =>
      `${index},${id},Joe Hisaishi,${album},${title},50,200000,False,0.3,0.2,1,-12,1,0.03,0.9,0.8,0.1,0.2,90,4,anime`;
    await importFile(db, { file: tempFile('dataset.csv', [header, song(0, 'S1', 'The Sixth Station', 'Spirited Away Soundtrack')].join('\n')) });
    expect(loadSoundtrackLinks(db)).toEqual([]);
    await importFile(db, {
      file: tempFile('movies.csv', 'movieId,title,genres\n5618,Spirited Away (Sen to Chihiro no kamikakushi) (2001),Adventure|Animation|Fantasy\n'),
    });
    expect(loadSoundtrackLinks(db)).toEqual([{ songId: 1, movieId: 1, evidence: 'album "Spirited Away Soundtrack"', relation: 'named' }]);
    await importFile(db, { file: tempFile('dataset.csv', [header, song(0, 'S2', "One Summer's Day", 'Spirited Away Soundtrack')].join('\n')) });
    expect(loadSoundtrackLinks(db).map((link) => link.songId)).toEqual([1, 2]);
    expect(soundtrackLinksCurrent(db)).toBe(true);

    // A poster scan changes no song or film: the next vibe build does not find every link again.
    const folder = path.dirname(tempFile('posters/Spirited Away (2001).png', 'not decoded by a scan'));
    const scan = await scanPosterFolder(db, { folder });
    expect(db.prepare(`SELECT s.kind FROM import_runs r JOIN sources s ON s.id = r.source_id WHERE r.id = ?`).pluck().get(scan.runId)).toBe('posters');
    expect(soundtrackLinksCurrent(db)).toBe(true);
  });
});
