import { describe, expect, it } from 'vitest';
import {
  normaliseImdbId,
  parseJsonNames,
  parsePitchClass,
  parsePythonList,
  parseReleaseDate,
  songNaturalKey,
  splitList,
  splitMovieLensTitle,
} from './fields.js';

describe('dataset cell parsers', () => {
  it('reads Python list literals with either quote style', () => {
    expect(parsePythonList(`['Years & Years', 'Gryffin']`)).toEqual(['Years & Years', 'Gryffin']);
    expect(parsePythonList(`["Guns N' Roses"]`)).toEqual(["Guns N' Roses"]);
    expect(parsePythonList(`[]`)).toEqual([]);
    expect(parsePythonList(`Old Dominion`)).toBeNull();
    expect(parsePythonList(`['unclosed]`)).toBeNull();
  });

  it('reads TMDB 5000 JSON name lists', () => {
    expect(parseJsonNames('[{"id": 28, "name": "Action"}, {"id": 12, "name": "Adventure"}]')).toEqual(['Action', 'Adventure']);
    expect(parseJsonNames('[]')).toEqual([]);
    expect(parseJsonNames('[{"id": 28}]')).toBeNull();
    expect(parseJsonNames('not json')).toBeNull();
  });

  it('splits lists, dropping blanks and duplicates', () => {
    expect(splitList('Drama, Crime,,Drama', ',')).toEqual(['Drama', 'Crime']);
    expect(splitList(null, ',')).toEqual([]);
  });

  it('parses partial dates and rejects impossible ones', () => {
    expect(parseReleaseDate('2019-06-14')).toEqual({ date: '2019-06-14', year: 2019 });
    expect(parseReleaseDate('2019')).toEqual({ date: '2019', year: 2019 });
    expect(parseReleaseDate('1999-7')).toEqual({ date: '1999-07', year: 1999 });
    expect(parseReleaseDate(null)).toEqual({ date: null, year: null });
    expect(parseReleaseDate('2019-13-01')).toBeNull();
    expect(parseReleaseDate('14/06/2019')).toBeNull();
  });

  it('normalises IMDb ids with or without tt and leading zeros', () => {
    for (const value of ['tt0114709', '0114709', '114709', 'TT114709']) expect(normaliseImdbId(value)).toBe('tt0114709');
    expect(normaliseImdbId('tt10872600')).toBe('tt10872600');
    expect(normaliseImdbId('n/a')).toBeNull();
  });

  it('turns MovieLens titles into title and year', () => {
    expect(splitMovieLensTitle('Toy Story (1995)')).toEqual({ title: 'Toy Story', year: 1995 });
    expect(splitMovieLensTitle('Shawshank Redemption, The (1994)')).toEqual({ title: 'The Shawshank Redemption', year: 1994 });
    expect(splitMovieLensTitle('Cité des enfants perdus, La (City of Lost Children, The) (1995)')).toEqual({
      title: 'La Cité des enfants perdus (City of Lost Children, The)',
      year: 1995,
    });
    expect(splitMovieLensTitle('Babylon 5')).toEqual({ title: 'Babylon 5', year: null });
  });

  it('builds order- and accent-insensitive keys for songs without ids', () => {
    expect(songNaturalKey('Señorita!', ['Shawn Mendes', 'Camila Cabello'])).toBe(songNaturalKey('senorita', ['camila cabello', 'SHAWN MENDES']));
  });

  it('reads note names as pitch classes', () => {
    expect(parsePitchClass('C#')).toBe(1);
    expect(parsePitchClass('Bb')).toBe(10);
    expect(parsePitchClass('H')).toBeNull();
  });
});
