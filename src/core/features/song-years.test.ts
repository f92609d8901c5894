import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import { songScope } from '../catalog/recordings.js';
import { nameKey } from '../evaluation/normalise-title.js';
import { isCompilation, loadSongYears } from './song-years.js';

function catalog() {
  const db = tempDatabase();
  const song = db.prepare(
    `INSERT INTO songs(id, song_key, title, artists, album, spotify_album_id, release_year, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  song.run(1, 'a', 'Come Together', 'The Beatles', 'Abbey Road', null, 1969, 259_000);
  song.run(2, 'b', 'Come Together - Remastered 2009', 'The Beatles', '1 (Remastered)', null, null, 259_900);
  song.run(3, 'c', 'Something', 'The Beatles', 'Abbey Road (Remastered)', null, null, 182_000);
  song.run(4, 'd', "Octopus's Garden", 'Beatles', 'Abbey Road 2019 Mix', 'ALB1', null, 171_000);
  song.run(5, 'e', 'Here Comes the Sun', 'The Beatles', 'Some Album', 'ALB1', 2019, 185_000);
  song.run(6, 'f', 'Take On Me', 'a-ha', 'Hunting High and Low', null, null, 225_000);
  song.run(7, 'g', 'Unknown Song', 'Nobody', 'Nothing', null, null, 200_000);
  song.run(8, 'h', 'Come Together - Live', 'The Beatles', 'Live', null, null, 259_000);
  song.run(9, 'i', 'Something Else', 'Mixed Era Band', null, null, null, 100_000);
  song.run(10, 'j', 'Other Album Song', 'Other Artist', 'Abbey Road', null, null, 100_000);
  db.prepare(`INSERT INTO sources(id, path, kind, format) VALUES (1, '/lastfm', 'songs', 'lastfm-hetrec2011')`).run();
  const tag = db.prepare(`INSERT INTO artist_tags(source_id, artist_key, artist_name, tag, users, weight) VALUES (1, ?, ?, ?, ?, ?)`);
  tag.run(nameKey('a-ha'), 'a-ha', '80s', 20, 1);
  tag.run(nameKey('a-ha'), 'a-ha', 'synth pop', 10, 0.5);
  tag.run('beatles', 'The Beatles', '60s', 20, 1);
  tag.run('mixed era band', 'Mixed Era Band', '70s', 10, 1);
  tag.run('mixed era band', 'Mixed Era Band', '80s', 10, 1);
  tag.run('mixed era band', 'Mixed Era Band', '90s', 10, 1);
  tag.run('mixed era band', 'Mixed Era Band', '2000s', 10, 1);
  return db;
}

describe('loadSongYears', () => {
  it('uses the own year, then another version of the recording, then the album, then a decade tag; never a guessed year', () => {
    const years = loadSongYears(catalog());
    expect(years.get(1)).toEqual({ year: 1969, decade: 1960, source: 'own' });
    expect(years.get(2)).toEqual({ year: 1969, decade: 1960, source: 'same-track' });
    expect(years.get(3)).toEqual({ year: 1969, decade: 1960, source: 'same-album' });
    // The Spotify album id links song 4 to song 5's year, although the titles differ.
    // 2019 is half a century after every decade The Beatles are tagged with: the year may date a re-release, so the 1960s come along.
    expect(years.get(4)).toEqual({ year: 2019, decade: 2010, decades: new Map([[1960, 1]]), source: 'same-album' });
    expect(years.get(5)).toEqual({ year: 2019, decade: 2010, decades: new Map([[1960, 1]]), source: 'own' });
    expect(years.get(6)).toEqual({ year: null, decade: 1980, decades: new Map([[1980, 1]]), source: 'tag' });
    // A live recording is another recording, and its album "Live" is not dated: the artist's decade tag is all there is.
    expect(years.get(8)).toEqual({ year: null, decade: 1960, decades: new Map([[1960, 1]]), source: 'tag' });
  });

  it('dates a song by the earliest version of its recording, and keeps a year close to the artist’s decades as it is', () => {
    const db = catalog();
    db.prepare(
      `INSERT INTO songs(id, song_key, title, artists, album, release_year, duration_ms) VALUES (12, 'l', 'Come Together - 2009 Remaster', 'The Beatles', 'Hits', 2009, 259_500)`,
    ).run();
    db.prepare(
      `INSERT INTO songs(id, song_key, title, artists, album, release_year, duration_ms) VALUES (13, 'm', 'The Sun Always Shines on T.V.', 'a-ha', 'Hunting High and Low', 1985, 301_000)`,
    ).run();
    const years = loadSongYears(db);
    expect(years.get(12)).toEqual({ year: 1969, decade: 1960, source: 'same-track' });
    expect(years.get(13)).toEqual({ year: 1985, decade: 1980, source: 'own' });
  });

  it("reads a compilation's year as possibly the compilation's once it is past every tagged decade, and an album's year as it is", () => {
    const db = catalog();
    const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists, album, release_year, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    song.run(20, 'n', 'Cry Wolf', 'a-ha', 'The Very Best of a-ha', 1998, 245_000);
    song.run(21, 'o', 'Stay on These Roads', 'a-ha', 'Stay on These Roads', 1998, 286_000);
    song.run(22, 'p', 'Manhattan Skyline', 'a-ha', 'Gold', 1989, 290_000);
    const years = loadSongYears(db);
    // 1998 is past the 1980s a-ha are tagged with: on "The Very Best of" it may date the compilation.
    expect(years.get(20)).toEqual({ year: 1998, decade: 1990, decades: new Map([[1980, 1]]), source: 'own' });
    // On a studio album the same year stands (a re-release needs a generation, REISSUE_GAP).
    expect(years.get(21)).toEqual({ year: 1998, decade: 1990, source: 'own' });
    // A compilation year within the tagged decades is no reason to doubt it.
    expect(years.get(22)).toEqual({ year: 1989, decade: 1980, source: 'own' });
  });

  it("never dates a song by a compilation's year alone, nor another version or album song by it", () => {
    const db = catalog();
    const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists, album, release_year, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    // New Edition have no decade tags: "Gold" (2005) is all the catalog says of "Cool It Now" (1984).
    song.run(30, 'q', 'Cool It Now', 'New Edition', 'Gold', 2005, 249_600);
    song.run(31, 'r', 'Cool It Now', 'New Edition', null, null, 249_000);
    song.run(32, 's', 'Candy Girl', 'New Edition', 'Gold', null, 200_000);
    // A studio version dates the recording, even when its year is later than the compilation's.
    song.run(33, 't', 'Where Is the Love', 'Roberta Flack', 'Rhino Hi-Five: Roberta Flack', 1990, 166_400);
    song.run(34, 'u', 'Where Is the Love', 'Roberta Flack', 'Quiet Fire', 1992, 166_000);
    const years = loadSongYears(db);
    expect(years.has(30)).toBe(false);
    expect(years.has(31)).toBe(false);
    expect(years.has(32)).toBe(false);
    expect(years.get(33)).toEqual({ year: 1992, decade: 1990, source: 'same-track' });
    expect(years.get(34)).toEqual({ year: 1992, decade: 1990, source: 'own' });
    expect(isCompilation('The Very Best of a-ha', 'a-ha')).toBe(true);
    expect(isCompilation('Hunting High and Low', 'a-ha')).toBe(false);
    expect(isCompilation(null, 'a-ha')).toBe(false);
  });

  it('reads a song credited to "Various Artists" as taken from a compilation, whatever its album is called', () => {
    const db = catalog();
    const song = db.prepare(`INSERT INTO songs(id, song_key, title, artists, album, release_year, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    // Jeff Redd's 1990 song, dated by the compilation it was taken from.
    song.run(50, 'va1', 'You Called And Told Me - Jeff Redd', 'Various Artists', 'The Essence Of Soul', 2007, 301_000);
    song.run(51, 'va2', 'Another Song', 'Various Artists', 'The Essence Of Soul', null, 200_000);
    song.run(52, 'va3', 'Un Canto', 'Varios Artistas', 'Grandes Boleros', 1999, 180_000);
    const years = loadSongYears(db);
    expect(years.has(50)).toBe(false);
    // Nor does the compilation's year date the album's other songs.
    expect(years.has(51)).toBe(false);
    expect(years.has(52)).toBe(false);
    for (const credit of ['Various Artists', 'various', 'VA', 'V.A.', 'Varios Artistas', 'Vários Artistas', 'Verschiedene Interpreten', 'Multi-interprètes'])
      expect(isCompilation('The Essence Of Soul', credit)).toBe(true);
    for (const credit of ['Vanessa Carlton', 'Various Cruelties', 'Vaya Con Dios']) expect(isCompilation('Some Album', credit)).toBe(false);
  });

  it('gives some songs (an incremental build) the years a whole-catalog read gives them, reading only their artists and albums', () => {
    const db = catalog();
    const song = db.prepare(
      `INSERT INTO songs(id, song_key, title, artists, album, spotify_album_id, release_year, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A various-artists album: another artist's song dates it.
    song.run(40, 'v', 'Opening', 'Someone Else', 'Film Hits', 'VA1', 1977, 180_000);
    song.run(41, 'w', 'Closing', 'New Artist', 'Film Hits', 'VA1', null, 200_000);
    song.run(42, 'x', 'Come Together - Remastered 2009', 'The Beatles', 'Anthology', null, null, 259_100);
    const whole = loadSongYears(db);
    const ids = new Set([41, 42, 6, 7]);
    const scope = songScope(db, ids);
    expect([...scope.songIds].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 41, 42]);
    const scoped = loadSongYears(db, undefined, undefined, scope);
    expect(scoped.get(41)).toEqual({ year: 1977, decade: 1970, source: 'same-album' });
    expect(scoped.get(42)).toEqual({ year: 1969, decade: 1960, source: 'same-track' });
    for (const id of ids) expect(scoped.get(id)).toEqual(whole.get(id));
    expect([...scoped.keys()].every((id) => ids.has(id))).toBe(true);
  });

  it('leaves out songs with nothing to go on and albums of the same name by another artist', () => {
    const years = loadSongYears(catalog());
    expect(years.has(7)).toBe(false);
    expect(years.has(10)).toBe(false);
  });

  it('spreads an artist tagged with several decades over all of them, by their share, and never picks one', () => {
    const mixed = loadSongYears(catalog()).get(9)!;
    expect(mixed.year).toBeNull();
    expect([...mixed.decades!].sort(([a], [b]) => a - b)).toEqual([
      [1970, 0.25],
      [1980, 0.25],
      [1990, 0.25],
      [2000, 0.25],
    ]);
    const db = catalog();
    db.prepare(`INSERT INTO artist_tags(source_id, artist_key, artist_name, tag, users, weight) VALUES (1, 'faint', 'Faint', '70s', 1, 0.05)`).run();
    db.prepare(`INSERT INTO songs(id, song_key, title, artists, duration_ms) VALUES (11, 'k', 'Faint Song', 'Faint', 100000)`).run();
    expect(loadSongYears(db).has(11)).toBe(false);
  });
});
