import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import { artistNameCandidates } from './artist-films.js';
import { LinkList } from './link-list.js';
import { loadSoundtrackLinks, rebuildSoundtrackLinks, soundtrackLinkLookup, soundtrackLinksCurrent, writeLinks } from './soundtrack-links.js';

type Db = ReturnType<typeof tempDatabase>;

const BOHEMIAN =
  "Singer Freddie Mercury, guitarist Brian May, drummer Roger Taylor and bass guitarist John Deacon take the music world by storm when they form the rock 'n' roll band Queen in 1970.";

function film(db: Db, id: number, title: string, overview: string, genres: string[], keywords: string[] = []): void {
  db.prepare(`INSERT INTO movies(id, title, overview) VALUES (?, ?, ?)`).run(id, title, overview);
  for (const name of genres) {
    db.prepare(`INSERT OR IGNORE INTO genres(domain, name) VALUES ('movie', ?)`).run(name);
    db.prepare(`INSERT INTO movie_genres(movie_id, genre_id) SELECT ?, id FROM genres WHERE domain = 'movie' AND name = ?`).run(id, name);
  }
  for (const name of keywords) {
    db.prepare(`INSERT OR IGNORE INTO keywords(name) VALUES (?)`).run(name);
    db.prepare(`INSERT INTO movie_keywords(movie_id, keyword_id) SELECT ?, id FROM keywords WHERE name = ?`).run(id, name);
  }
}

function song(db: Db, id: number, title: string, artists: string, popularity: number, album: string | null = null): void {
  db.prepare(`INSERT INTO songs(id, song_key, title, artists, popularity, album) VALUES (?, ?, ?, ?, ?, ?)`).run(
    id,
    `k${id}`,
    title,
    artists,
    popularity,
    album,
  );
}

describe('artistNameCandidates', () => {
  it('reads names of two to four capitalised words, one word after "band" or "rapper", and keywords that are names', () => {
    const names = artistNameCandidates({ overview: BOHEMIAN, tagline: null, keywords: [] });
    expect(names.has('queen')).toBe(true);
    expect(names.has('freddie mercury')).toBe(true);
    expect(names.has('brian may')).toBe(true);
    expect(artistNameCandidates({ overview: "The story of Elton John's life and music.", tagline: null, keywords: [] }).has('elton john')).toBe(true);
    // Only in a sentence about music: Danny Ocean is a thief here, and Skid Row a street.
    expect(artistNameCandidates({ overview: 'Danny Ocean and his gang rob five casinos.', tagline: null, keywords: [] }).size).toBe(0);
    expect(artistNameCandidates({ overview: 'Gary Oldman stars as Winston Churchill in his darkest hour.', tagline: null, keywords: [] }).size).toBe(0);
    // A name is whole: "The Spice" is not a name in "The Spice Girls".
    const spice = artistNameCandidates({ overview: 'The Spice Girls go on tour.', tagline: null, keywords: [] });
    expect(spice.has('spice girls')).toBe(true);
    expect(spice.has('spice')).toBe(false);
    const keywords = artistNameCandidates({
      overview: 'A Queen falls in love in the rain.',
      tagline: null,
      keywords: ['johnny cash', 'the doors', 'queen', 'journey'],
    });
    expect(keywords.has('johnny cash')).toBe(true);
    expect(keywords.has('doors')).toBe(true);
    expect(artistNameCandidates({ overview: 'Ray Charles Robinson becomes a soul legend.', tagline: null, keywords: [] }).has('ray charles')).toBe(true);
    // One-word keywords may be anything.
    expect(keywords.has('queen')).toBe(false);
    expect(keywords.has('journey')).toBe(false);
    expect(artistNameCandidates({ overview: 'The rapper Eminem grows up in Detroit.', tagline: null, keywords: ['eminem'] }).has('eminem')).toBe(true);
  });
});

describe('links to the artist a film is about', () => {
  it('links a film about music to every song of the artists it names, best-known first, and no other film', () => {
    const db = tempDatabase();
    film(db, 1, 'Bohemian Rhapsody', BOHEMIAN, ['Drama', 'Music']);
    // About Elizabeth II, not the band: no music genre or keyword.
    film(db, 2, 'The Queen', 'After the death of Princess Diana, Queen Elizabeth II struggles with her reaction.', ['Drama', 'History'], ['queen']);
    film(db, 3, 'Walk the Line', 'A chronicle of country music legend Johnny Cash.', ['Drama'], ['johnny cash', 'biography']);
    film(db, 4, 'Rocketman', 'The story of Elton John and his years at the Royal Academy of Music.', ['Music']);
    song(db, 10, 'Bohemian Rhapsody', 'Queen', 90);
    song(db, 11, "Don't Stop Me Now", 'Queen', 85);
    song(db, 12, 'Under Pressure', 'Queen, David Bowie', 80);
    // David Bowie is not the main artist of any song here, and one song is too few to stand for an artist.
    song(db, 13, 'Starman', 'Someone Else, David Bowie', 70);
    song(db, 20, 'Hurt', 'Johnny Cash', 60);
    song(db, 21, 'Ring of Fire', 'Johnny Cash', 75);
    song(db, 30, 'Rocket Man', 'Elton John', 88, 'Rocketman (Music From The Motion Picture)');
    rebuildSoundtrackLinks(db);
    const links = loadSoundtrackLinks(db);
    const of = (movieId: number) => links.filter((link) => link.movieId === movieId).map((link) => [link.songId, link.relation, link.evidence]);
    expect(of(1)).toEqual([
      [10, 'about-artist', 'the film is about Queen'],
      [11, 'about-artist', 'the film is about Queen'],
      [12, 'about-artist', 'the film is about Queen'],
    ]);
    expect(of(2)).toEqual([]);
    expect(of(3)).toEqual([
      [21, 'about-artist', 'the film is about Johnny Cash'],
      [20, 'about-artist', 'the film is about Johnny Cash'],
    ]);
    // Elton John has one song here, and its album names the film: one link, the album's.
    expect(of(4)).toEqual([[30, 'named', 'album "Rocketman (Music From The Motion Picture)"']]);
    // Read per pick: a film's best-known first, as many as asked; any of the artist's songs leads to the film.
    const lookup = soundtrackLinkLookup(db, 2);
    expect(lookup.ofMovie(1).map((link) => link.songId)).toEqual([10, 11]);
    expect(lookup.ofSong(12).map((link) => [link.movieId, link.relation])).toEqual([[1, 'about-artist']]);
    expect(lookup.ofMovie(2)).toEqual([]);
  });
});

describe('rebuilding the links', () => {
  const changes = (db: Db) => db.prepare(`SELECT total_changes()`).pluck().get() as number;
  const rows = (db: Db) => db.prepare(`SELECT song_id, movie_id, evidence, relation FROM soundtrack_links ORDER BY song_id, movie_id`).raw().all();

  it('writes only what changed, and ends where a rebuild into an empty table ends', () => {
    const db = tempDatabase();
    film(db, 1, 'Bohemian Rhapsody', BOHEMIAN, ['Drama', 'Music']);
    film(db, 3, 'Walk the Line', 'A chronicle of country music legend Johnny Cash.', ['Drama'], ['johnny cash', 'biography']);
    film(db, 5, 'Gladiator', 'A general becomes a slave.', ['Action']);
    song(db, 10, 'Bohemian Rhapsody', 'Queen', 90);
    song(db, 11, "Don't Stop Me Now", 'Queen', 85);
    song(db, 20, 'Hurt', 'Johnny Cash', 60);
    song(db, 21, 'Ring of Fire', 'Johnny Cash', 75);
    song(db, 40, 'Now We Are Free', 'Hans Zimmer', 70, 'Gladiator (Music From The Motion Picture)');
    expect(rebuildSoundtrackLinks(db).links).toBe(5);
    expect(soundtrackLinksCurrent(db)).toBe(true);
    let before = changes(db);
    expect(rebuildSoundtrackLinks(db).links).toBe(5);
    // No link written: the one change is the digest the links were found at.
    expect(changes(db) - before).toBe(1);

    // One new Queen song (a link added), Walk the Line gone (its two links cascade away with it),
    // the Gladiator song's album now written otherwise (its evidence changes), a Queen song renamed
    // to another artist (its link removed).
    song(db, 12, 'Under Pressure', 'Queen, David Bowie', 80);
    db.prepare(`DELETE FROM movies WHERE id = 3`).run();
    db.prepare(`UPDATE songs SET album = 'Gladiator Soundtrack' WHERE id = 40`).run();
    db.prepare(`UPDATE songs SET artists = 'Queen Tribute Band' WHERE id = 11`).run();
    song(db, 41, 'Somebody to Love', 'Queen', 70);
    // A new largest song id: a full build would find the links again.
    expect(soundtrackLinksCurrent(db)).toBe(false);
    before = changes(db);
    const { links } = rebuildSoundtrackLinks(db);
    // Added: songs 12 and 41; changed: song 40's evidence; removed: song 11; and the digest. Then
    // the main-artist keys of the songs that had none: 12 and 41, and 11 whose credits changed.
    expect(changes(db) - before).toBe(8);
    expect(db.prepare(`SELECT song_id, artist_key FROM song_artist_keys WHERE song_id IN (11, 12, 41) ORDER BY song_id`).raw().all()).toEqual([
      [11, 'queen tribute band'],
      [12, 'queen'],
      [41, 'queen'],
    ]);
    expect(soundtrackLinksCurrent(db)).toBe(true);
    const incremental = rows(db);
    expect(incremental).toHaveLength(links);
    db.prepare(`DELETE FROM soundtrack_links`).run();
    rebuildSoundtrackLinks(db);
    expect(rows(db)).toEqual(incremental);
    expect(incremental).toContainEqual([40, 5, 'album "Gladiator Soundtrack"', 'named']);
    // The connection's foreign key checks are on again.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('does not write a link whose song or film went while the links were being found', () => {
    const db = tempDatabase();
    film(db, 1, 'Bohemian Rhapsody', BOHEMIAN, ['Drama', 'Music']);
    song(db, 10, 'Bohemian Rhapsody', 'Queen', 90);
    const found = new LinkList();
    found.push(10, 1, 'the film is about Queen', 'about-artist');
    found.push(11, 1, 'the film is about Queen', 'about-artist');
    found.push(10, 2, 'the film is about Queen', 'about-artist');
    expect(writeLinks(db, found)).toBe(1);
    expect(rows(db)).toEqual([[10, 1, 'the film is about Queen', 'about-artist']]);
    expect(db.prepare(`PRAGMA foreign_key_check(soundtrack_links)`).all()).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
