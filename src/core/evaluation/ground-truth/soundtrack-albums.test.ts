import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../../testing/temp.js';
import { addMovie, addSong } from '../test-helpers.js';
import { albumFilm, filmReferences, titleFilm } from './film-references.js';
import { soundtrackAlbumPairs } from './soundtrack-albums.js';

describe('film references', () => {
  it.each([
    ['Frozen 2 (Original Motion Picture Soundtrack/Deluxe Edition)', 'Frozen 2'],
    ['Into The Wild (Music For The Motion Picture)', 'Into The Wild'],
    ['Top Gun - Motion Picture Soundtrack (Special Expanded Edition)', 'Top Gun'],
    ['Spider-Man: Into the Spider-Verse (Soundtrack From & Inspired by the Motion Picture)', 'Spider-Man: Into the Spider-Verse'],
    ['Southpaw (Music From And Inspired By The Motion Picture)', 'Southpaw'],
    ['Music From the Motion Picture "The Craft"', 'The Craft'],
    ['NOTORIOUS Music From and Inspired by the Original Motion Picture', 'NOTORIOUS'],
    ['Pocahontas Original Soundtrack (English Version)', 'Pocahontas'],
    ['Encanto (Deutscher Original Film-Soundtrack)', 'Encanto'],
    ['The Sound Of Music (Original Soundtrack Recording)', 'The Sound Of Music'],
    ['Pride and Prejudice - OST', 'Pride and Prejudice'],
    ['Spirited Away Soundtrack', 'Spirited Away'],
    ['Fight Club (Original Motion Picture Score)', 'Fight Club'],
  ])('album %s names %s', (album, film) => {
    expect(albumFilm(album)).toBe(film);
  });

  it.each([
    ['Frozen Planet II (Original Television Soundtrack)'],
    ['Stranger Things (Soundtrack from the Netflix Original Series)'],
    ['State of Decay 2 (Original Game Soundtrack)'],
    ['Loki: Vol. 1 (Episodes 1-3) [Original Soundtrack]'],
    ['Hamilton (Original Broadway Cast Recording)'],
    ['The Knick (Original Series Soundtrack)'],
    ['Delirium (Deluxe)'],
    ['Post Malone (feat. RANI) [Joe Stone Remix]'],
  ])('album %s names no film', (album) => {
    expect(albumFilm(album)).toBeNull();
  });

  it('reads films from song titles', () => {
    // Song title → the film it names (null: none, a live recording or a TV season is not a film).
    const films = {
      'TEENAGE EMOTION (Live From "Gigs" Case Of Boowy)': null,
      'Funeral (From "Trying: Season 2")': null,
      Superstition: null,
      'Love Me Like You Do - From "Fifty Shades Of Grey"': 'Fifty Shades Of Grey',
      'How Far I\'ll Go - From "Moana"/Soundtrack Version': 'Moana',
      'What Was I Made For? [From The Motion Picture "Barbie"]': 'Barbie',
      'Mystery of Love (From the Original Motion Picture “Call Me by Your Name”)': 'Call Me by Your Name',
      'new body rhumba (from the film White Noise)': 'White Noise',
      'RATS - FROM "GIGS" CASE OF BOOWY': 'GIGS',
    };
    for (const [title, film] of Object.entries(films)) expect(titleFilm(title), title).toBe(film);
  });

  it('lists the album and a different title reference once each', () => {
    expect(
      filmReferences({
        title: 'Iko Iko - From "Alvin And The Chipmunks: The Road Chip" Soundtrack',
        album: 'Alvin And The Chipmunks: The Road Chip (Original Motion Picture Soundtrack)',
      }),
    ).toEqual([
      { film: 'Alvin And The Chipmunks: The Road Chip', via: 'album', text: 'Alvin And The Chipmunks: The Road Chip (Original Motion Picture Soundtrack)' },
    ]);
    expect(filmReferences({ title: 'Love Me Like You Do - From "Fifty Shades Of Grey"', album: 'Delirium (Deluxe)' })).toEqual([
      { film: 'Fifty Shades Of Grey', via: 'title', text: 'Love Me Like You Do - From "Fifty Shades Of Grey"' },
    ]);
  });
});

describe('soundtrackAlbumPairs', () => {
  function catalog() {
    const db = tempDatabase();
    const movies = {
      frozen2010: addMovie(db, { title: 'Frozen', year: 2010 }),
      frozen2013: addMovie(db, { title: 'Frozen', year: 2013 }),
      intoTheWild: addMovie(db, { title: 'Into the Wild', year: 2007 }),
      aladdin: addMovie(db, { title: 'Aladdin', year: 1992 }),
      fiftyShades: addMovie(db, { title: 'Fifty Shades of Grey', year: 2015 }),
    };
    const songs = {
      letItGo: addSong(db, { title: 'Let It Go', artists: 'Idina Menzel', album: 'Frozen (Original Motion Picture Soundtrack)', year: 2013 }),
      frozenNoYear: addSong(db, {
        title: 'Reindeer(s) Are Better Than People',
        artists: 'Jonathan Groff',
        album: 'Frozen (Original Motion Picture Soundtrack)',
      }),
      society: addSong(db, { title: 'Society', artists: 'Eddie Vedder', album: 'Into The Wild (Music For The Motion Picture)' }),
      aladdinRemake: addSong(db, { title: 'A Whole New World - From "Aladdin"', artists: 'ZAYN', year: 2019 }),
      loveMe: addSong(db, { title: 'Love Me Like You Do - From "Fifty Shades Of Grey"', artists: 'Ellie Goulding', album: 'Delirium (Deluxe)', year: 2015 }),
      tv: addSong(db, { title: 'Theme', artists: 'Someone', album: 'Frozen Planet II (Original Television Soundtrack)', year: 2022 }),
      plain: addSong(db, { title: 'Superstition', artists: 'Stevie Wonder', album: 'Talking Book', year: 1972 }),
    };
    return { db, movies, songs };
  }

  it('pairs by film title within a year, and leaves ambiguous titles and remakes out', () => {
    const { db, movies, songs } = catalog();
    const result = soundtrackAlbumPairs(db);
    expect(result.pairs.map((pair) => [pair.movieId, pair.songId])).toEqual([
      [movies.frozen2013, songs.letItGo],
      [movies.intoTheWild, songs.society],
      [movies.fiftyShades, songs.loveMe],
    ]);
    expect(result.counts).toEqual({ rowsRead: 7, rowsWithMovie: 5, entriesRead: 5, moviesMatched: 3, songsMatched: 3, pairs: 3 });
    expect(result.unmatchedReasons).toEqual({ 'several movies of that title': 1, 'no movie of that title within 1 year(s)': 1 });
  });

  it('can demand a song year, widen the tolerance, or take only songs from some files', () => {
    const { db, movies, songs } = catalog();
    expect(soundtrackAlbumPairs(db, { requireSongYear: true }).pairs.map((pair) => pair.songId)).toEqual([songs.letItGo, songs.loveMe]);
    expect(soundtrackAlbumPairs(db, { yearTolerance: 30 }).pairs.map((pair) => [pair.movieId, pair.songId])).toContainEqual([
      movies.aladdin,
      songs.aladdinRemake,
    ]);

    const source = Number(db.prepare(`INSERT INTO sources(path, kind, format) VALUES (?, 'songs', 'test')`).run(path.resolve('songs.csv')).lastInsertRowid);
    db.prepare(`INSERT INTO item_sources VALUES ('song', ?, ?)`).run(songs.society, source);
    const fromFile = soundtrackAlbumPairs(db, { songSources: ['songs.csv'] });
    expect(fromFile.pairs.map((pair) => pair.songId)).toEqual([songs.society]);
    expect(fromFile.counts.rowsRead).toBe(1);
  });
});
