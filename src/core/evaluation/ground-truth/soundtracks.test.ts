import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempDatabase, tempFile } from '../../testing/temp.js';
import { addMovie, addSong } from '../test-helpers.js';
import { GroundTruthSchemaError } from './read-table.js';
import { parseSoundtrackList, splitSoundtrackEntry } from './soundtrack-entries.js';
import { soundtrackPairs } from './soundtracks.js';

describe('soundtrack listings: entries', () => {
  it('reads the unescaped list literal, and the variant with backslash-escaped quotes', () => {
    expect(parseSoundtrackList("['You've Got a Friend in Me Written by Randy Newman', 'Stand By Me Performed by Ben E. King']")).toEqual([
      "You've Got a Friend in Me Written by Randy Newman",
      'Stand By Me Performed by Ben E. King',
    ]);
    expect(parseSoundtrackList("['Lil\\' Red Riding Hood, Written by Ronald Blackwell\\', \\'Sick, Written by Jon Santos']")).toEqual([
      "Lil' Red Riding Hood, Written by Ronald Blackwell",
      'Sick, Written by Jon Santos',
    ]);
    expect(parseSoundtrackList('[]')).toEqual([]);
    expect(parseSoundtrackList('')).toEqual([]);
  });

  it('splits title from credits at the first role marker, else at the last bare "by"', () => {
    expect(splitSoundtrackEntry('Stand By Your Man Written by Billy Sherrill and Tammy Wynette')).toMatchObject({
      title: 'Stand By Your Man',
      credits: 'Written by Billy Sherrill and Tammy Wynette',
    });
    expect(splitSoundtrackEntry('Stella By Starlight by Ned Washington and Victor Young').title).toBe('Stella By Starlight');
    expect(splitSoundtrackEntry('Closer, Together, Now By Gordon Driver').title).toBe('Closer, Together, Now');
    expect(splitSoundtrackEntry('Set Me Free, Written by Ray Davies')).toMatchObject({ title: 'Set Me Free', credits: 'Written by Ray Davies' });
    expect(splitSoundtrackEntry("Sign O' The Times Produced, Arranged, Composed and Performed by Prince").title).toBe("Sign O' The Times");
    expect(splitSoundtrackEntry('Moonlight Music by John Williams').title).toBe('Moonlight');
    expect(splitSoundtrackEntry('Joshua Fit de Battle ob Jericho, Traditional')).toMatchObject({
      title: 'Joshua Fit de Battle ob Jericho',
      credits: 'Traditional',
    });
    expect(splitSoundtrackEntry('Preobrajensky March (uncredited)')).toMatchObject({ title: 'Preobrajensky March', credits: '(uncredited)' });
    expect(splitSoundtrackEntry('Gimme Shelter (Live Version)')).toMatchObject({ title: 'Gimme Shelter (Live Version)', credits: '' });
  });
});

const HEADER = [
  'movieId',
  'id',
  'Title',
  'Year',
  'Director(s)',
  'Actors',
  'Genre(s)',
  'Type',
  'Language(s)',
  'Countries',
  'imdbRating',
  'Soundtrack_URL',
  'Soundtrack',
];
const row = (movieId: string, imdb: string, title: string, soundtrack: string) => [
  movieId,
  imdb,
  title,
  '1995',
  "['X']",
  "['A', 'B']",
  "['Drama']",
  "['movie']",
  "['English']",
  "['United States']",
  '7.0',
  `https://www.imdb.com/title/${imdb}/soundtrack`,
  soundtrack,
];
/** A CSV line, quoting fields as a spreadsheet would. */
const line = (fields: readonly string[], delimiter = ',') =>
  fields.map((field) => (/[",;\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(delimiter);

function catalog() {
  const db = tempDatabase();
  const sabrina = addMovie(db, { title: 'Sabrina', year: 1995, movielensId: 7, imdbId: 'tt0114319' });
  const goldeneye = addMovie(db, { title: 'GoldenEye', year: 1995, imdbId: 'tt0113189' });
  const songs = {
    protection: addSong(db, { title: 'Protection', artists: 'Massive Attack, Tracey Thorn' }),
    otherProtection: addSong(db, { title: 'Protection', artists: 'Alcest' }),
    standByYourMan: addSong(db, { title: 'Stand By Your Man - Remastered 2001', artists: 'Tammy Wynette' }),
    moonlight: addSong(db, { title: 'Moonlight', artists: 'Ariana Grande' }),
  };
  return { db, sabrina, goldeneye, songs };
}

const ROWS = [
  HEADER,
  row(
    '7',
    'tt0114319',
    'Sabrina',
    "['Moonlight Music by John Williams', 'Protection by Andrew Vowles, Robert Del Naja and Tracey Thorn', 'Love's In Need Of Love Today by Stevie Wonder']",
  ),
  // No MovieLens id in the catalog for GoldenEye: found by its IMDb id instead.
  row('10', 'tt0113189', 'GoldenEye', "['Stand By Your Man Written by Billy Sherrill and Tammy Wynette', 'Goldeneye Music by Bono']"),
  row('99', 'tt9999999', 'Nowhere', "['Protection Performed by Massive Attack']"),
];
const LISTING = ROWS.map((fields) => line(fields)).join('\n');

describe('soundtrackPairs', () => {
  it('pairs a listed song with a catalog song of the same title whose artist is credited', async () => {
    const { db, sabrina, goldeneye, songs } = catalog();
    const result = await soundtrackPairs(db, [tempFile('listing.csv', LISTING)]);
    expect(result.pairs.map((pair) => [pair.movieId, pair.songId])).toEqual([
      [sabrina, songs.protection],
      [goldeneye, songs.standByYourMan],
    ]);
    expect(result.pairs[0]!.evidence).toContain('credited: Tracey Thorn');
    expect(result.counts).toEqual({ rowsRead: 3, rowsWithMovie: 2, entriesRead: 5, moviesMatched: 2, songsMatched: 2, pairs: 2 });
    expect(result.unmatchedReasons).toEqual({
      'title matched, no song artist in the credits': 1,
      'title not in catalog': 2,
      'movie not in catalog': 1,
    });
    expect(result.unmatched.find((sample) => sample.reason === 'movie not in catalog')).toMatchObject({ where: 'listing.csv:4' });
  });

  it('pairs the performance the listing names: no remix, live take or re-recording unless it says so', async () => {
    const { db, sabrina, goldeneye } = catalog();
    const original = addSong(db, { title: 'Sexual Healing', artists: 'Marvin Gaye' });
    addSong(db, { title: 'Sexual Healing - Kygo Remix', artists: 'Marvin Gaye, Kygo' });
    addSong(db, { title: 'Lonely Boy - Re-Recorded', artists: 'Andrew Gold' });
    const remix = addSong(db, { title: 'Check Yo Self - Remix', artists: 'Ice Cube' });
    addSong(db, { title: 'Check Yo Self', artists: 'Ice Cube' });
    const edit = addSong(db, { title: 'Lovefool - Radio Edit', artists: 'The Cardigans' });
    const listing = [
      HEADER,
      row('7', 'tt0114319', 'Sabrina', "['Sexual Healing, Written by Marvin Gaye, Odell Brown and David Ritz', 'Lonely Boy Written by Andrew Gold']"),
      row('10', 'tt0113189', 'GoldenEye', "['Check Yo Self (Remix), Written by Ice Cube', 'Lovefool Performed by The Cardigans']"),
    ]
      .map((fields) => line(fields))
      .join('\n');
    const result = await soundtrackPairs(db, [tempFile('versions.csv', listing)]);
    expect(result.pairs.map((pair) => [pair.movieId, pair.songId])).toEqual([
      [sabrina, original],
      [goldeneye, remix],
      [goldeneye, edit],
    ]);
    expect(result.unmatchedReasons['only other performances in catalog (live, remix, cover…)']).toBe(1);
  });

  it('reads the same schema with another delimiter, encoding and line endings', async () => {
    const { db, sabrina, songs } = catalog();
    const text = ROWS.slice(0, 2)
      .map((fields) => line(fields, ';'))
      .join('\r\n')
      .replace('Moonlight', 'Café Moonlight');
    const file = tempFile('listing-cp1252.csv', iconv.encode(`${text}\r\n`, 'windows-1252'));
    const result = await soundtrackPairs(db, [file]);
    expect(result.pairs.map((pair) => [pair.movieId, pair.songId])).toEqual([[sabrina, songs.protection]]);
    expect(result.unmatched.some((sample) => sample.text.startsWith('Café Moonlight'))).toBe(true);
  });

  it('names the expected columns when the header does not fit', async () => {
    const { db } = catalog();
    const wrong = tempFile('wrong.csv', 'movieId,title,songs\n1,Toy Story,x\n');
    await expect(soundtrackPairs(db, [wrong])).rejects.toThrow(GroundTruthSchemaError);
    await expect(soundtrackPairs(db, [wrong])).rejects.toThrow(/missing "soundtrack".*\n.*\n.*soundtrack = Soundtrack \| soundtracks/);
    const noIds = tempFile('no-ids.csv', 'Title,Soundtrack\nToy Story,"[]"\n');
    await expect(soundtrackPairs(db, [noIds])).rejects.toThrow(/needs a "movieId" \(MovieLens\) or an "id" \(IMDb tt…\) column/);
  });
});
