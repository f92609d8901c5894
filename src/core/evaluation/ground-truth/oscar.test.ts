import { describe, expect, it } from 'vitest';
import { tempDatabase, tempFile } from '../../testing/temp.js';
import { addMovie, addSong } from '../test-helpers.js';
import { oscarPairs } from './oscar.js';
import { GroundTruthSchemaError } from './read-table.js';

const HEADER = 'Year,Song Title,Movie Title,Music Author,Lyric Author,IMDb ID,TMDB ID,Winner';

// Rows as malformed as the real file: unquoted commas in authors and titles, a wrong IMDb id.
const ROWS = [
  '2018,All the Stars,Black Panther,Kendrick Lamar, SZA, Anthony Tiffith,Kendrick Lamar, SZA,tt1823672,10468,FALSE',
  '1956,Que Sera, Sera (Whatever Will Be, Will Be),The Man Who Knew Too Much,Jay Livingston,Ray Evans,tt0049470,11847,TRUE',
  "2016,How Far I'll Go,Moana,Lin-Manuel Miranda,Lin-Manuel Miranda,tt3521164,277834,FALSE",
  '1942,White Christmas,Holiday Inn,Irving Berlin,Irving Berlin,tt0034862,17161,TRUE',
  "1961,Moon River,Breakfast at Tiffany's,Henry Mancini,Johnny Mercer,tt0054698,164,TRUE",
  '1936,When Did You Leave Heaven,Sing, Baby, Sing,Richard A. Whiting,Walter Bullock,tt0028264,103348,FALSE',
];

function catalog() {
  const db = tempDatabase();
  const movies = {
    // The row's IMDb id belongs to Chappie: the title must confirm an id match.
    chappie: addMovie(db, { title: 'Chappie', year: 2015, imdbId: 'tt1823672' }),
    blackPanther: addMovie(db, { title: 'Black Panther', year: 2017, imdbId: 'tt1825683' }),
    manWhoKnew: addMovie(db, { title: 'The Man Who Knew Too Much', year: 1956, imdbId: 'tt0049470' }),
    moana: addMovie(db, { title: 'Moana', year: 2016, imdbId: 'tt3521164' }),
    holidayInn: addMovie(db, { title: 'Holiday Inn', year: 1942, imdbId: 'tt0034862' }),
    tiffany: addMovie(db, { title: "Breakfast at Tiffany's", year: 1961, imdbId: 'tt0054698' }),
  };
  const songs = {
    allTheStars: addSong(db, { title: 'All The Stars (with SZA)', artists: 'Kendrick Lamar, SZA', year: 2018 }),
    queSera: addSong(db, { title: 'Que Sera, Sera (Whatever Will Be, Will Be)', artists: 'Doris Day', year: 1956 }),
    moanaSoundtrack: addSong(db, { title: "How Far I'll Go", artists: "Auli'i Cravalho", album: 'Moana (Original Motion Picture Soundtrack)' }),
    moanaCover: addSong(db, { title: "How Far I'll Go", artists: 'Billboard Baby Lullabies', album: 'Lullaby Renditions of Moana', year: 2017 }),
    bing: addSong(db, { title: 'White Christmas', artists: 'Bing Crosby', year: 1942 }),
    drifters: addSong(db, { title: 'White Christmas', artists: 'The Drifters', year: 1954 }),
    frankOcean: addSong(db, { title: 'Moon River', artists: 'Frank Ocean', year: 2018 }),
  };
  return { db, movies, songs };
}

describe('oscarPairs', () => {
  it('reads the first three and last three fields and confirms movies and songs', async () => {
    const { db, movies, songs } = catalog();
    const result = await oscarPairs(db, [tempFile('oscar.csv', [HEADER, ...ROWS].join('\n'))]);
    const pairs = new Map(result.pairs.map((pair) => [`${pair.movieId}:${pair.songId}`, pair.evidence]));
    expect([...pairs.keys()].sort()).toEqual(
      [
        `${movies.blackPanther}:${songs.allTheStars}`,
        `${movies.manWhoKnew}:${songs.queSera}`,
        `${movies.moana}:${songs.moanaSoundtrack}`,
        `${movies.holidayInn}:${songs.bing}`,
      ].sort(),
    );
    expect(pairs.get(`${movies.blackPanther}:${songs.allTheStars}`)).toMatch(/author Kendrick Lamar, SZA/);
    expect(pairs.get(`${movies.moana}:${songs.moanaSoundtrack}`)).toMatch(/album names the film/);
    expect(pairs.get(`${movies.holidayInn}:${songs.bing}`)).toMatch(/released in the film's year, 1942/);
    expect(result.counts).toEqual({ rowsRead: 6, rowsWithMovie: 5, entriesRead: 6, moviesMatched: 4, songsMatched: 4, pairs: 4 });
    expect(result.unmatchedReasons).toEqual({ 'title matched, neither an author nor the film named': 1, 'movie not in catalog': 1 });
    expect(result.unmatched.find((sample) => sample.reason === 'movie not in catalog')?.text).toContain('When Did You Leave Heaven');
  });

  it('accepts the columns in another order as long as they are among the first and last three', async () => {
    const { db, movies, songs } = catalog();
    const header = 'Movie Title,Year,Song Title,Music Author,Lyric Author,Winner,TMDB ID,IMDb ID';
    const file = tempFile('reordered.csv', `${header}\nHoliday Inn,1942,White Christmas,Irving Berlin,Irving Berlin,TRUE,17161,tt0034862\n`);
    const result = await oscarPairs(db, [file]);
    expect(result.pairs.map((pair) => [pair.movieId, pair.songId])).toEqual([[movies.holidayInn, songs.bing]]);
  });

  it('names the expected columns, and refuses a needed column in the comma-damaged middle', async () => {
    const { db } = catalog();
    await expect(oscarPairs(db, [tempFile('bad.csv', 'Year,Song,Film\n1942,White Christmas,Holiday Inn\n')])).rejects.toThrow(GroundTruthSchemaError);
    await expect(oscarPairs(db, [tempFile('bad.csv', 'Year,Song,Film\n')])).rejects.toThrow(/missing "imdbId".*\n.*\n.*imdbId = IMDb ID \| imdb_id \| imdbId/);
    const middle = tempFile('middle.csv', 'Year,Song Title,Movie Title,IMDb ID,Music Author,Lyric Author,TMDB ID,Winner\n');
    await expect(oscarPairs(db, [middle])).rejects.toThrow(/column "IMDb ID" must be among the first three or the last three/);
  });
});
