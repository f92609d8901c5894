import { describe, expect, it } from 'vitest';
import {
  artistOverlap,
  creditedToVariousArtists,
  foldText,
  frontArticle,
  isVariousArtists,
  movieTitleKey,
  nameKey,
  songTitleKey,
  splitArtists,
} from './normalise-title.js';

describe('foldText', () => {
  it('folds case, accents and punctuation; drops apostrophes; reads & as and', () => {
    const folded = {
      'Les Misérables': 'les miserables',
      'Don’t Stop Me Now!': 'dont stop me now',
      'Simon & Garfunkel': 'simon and garfunkel',
      'Antônio Carlos Jobim': 'antonio carlos jobim',
    };
    expect(Object.keys(folded).map(foldText)).toEqual(Object.values(folded));
  });

  it('keeps letters of other scripts', () => {
    expect(foldText('당신이 잠든 사이에')).toBe('당신이 잠든 사이에');
    expect(foldText('FEVER – トライセラトップス')).toBe('fever トライセラトップス');
    expect(foldText('तुम ही हो (Tum Hi Ho)')).toBe('तुम ही हो tum hi ho');
  });
});

describe('songTitleKey', () => {
  it('drops Spotify version suffixes, bracketed parts and feat. credits', () => {
    const key = songTitleKey('Superstition');
    for (const variant of [
      'Superstition - Single Version',
      'Superstition (Remastered 2009)',
      'SUPERSTITION - From "Stevie"',
      'Superstition feat. Somebody',
      'Superstition [feat. X] (Live)',
    ])
      expect(songTitleKey(variant)).toBe(key);
    expect(songTitleKey('Love Me Like You Do - From "Fifty Shades Of Grey"')).toBe('love me like you do');
    expect(songTitleKey("Rocket Man (I Think It's Going To Be A Long, Long Time)")).toBe('rocket man');
  });

  it('drops a leading English article but keeps titles that are only brackets', () => {
    expect(songTitleKey('The Girl From Ipanema')).toBe(songTitleKey('Girl from Ipanema'));
    expect(songTitleKey('(I Can’t Get No) Satisfaction')).toBe('satisfaction');
    expect(songTitleKey('(untitled)')).toBe('untitled');
    expect(songTitleKey('The')).toBe('the');
  });

  it('keeps distinct songs distinct', () => {
    expect(songTitleKey("Sign O' The Times")).toBe(songTitleKey("Sign 'O' the Times"));
    expect(songTitleKey('Rocket Man')).not.toBe(songTitleKey('Rocket'));
  });
});

describe('movieTitleKey', () => {
  it('moves MovieLens trailing articles to the front and drops alternative titles', () => {
    expect(frontArticle('Shawshank Redemption, The')).toBe('The Shawshank Redemption');
    expect(frontArticle('Homme et une femme, Un')).toBe('Homme et une femme, Un');
    expect(movieTitleKey('Shawshank Redemption, The')).toBe(movieTitleKey('The Shawshank Redemption'));
    expect(movieTitleKey('Misérables, Les')).toBe('les miserables');
    expect(movieTitleKey('Ghostbusters (a.k.a. Ghost Busters)')).toBe('ghostbusters');
    expect(movieTitleKey('Postman, The (Postino, Il)')).toBe('postman');
  });

  it('keeps subtitles after a dash, unlike song titles', () => {
    expect(movieTitleKey('Mission: Impossible - Fallout')).toBe('mission impossible fallout');
    expect(movieTitleKey('Mission: Impossible - Fallout')).not.toBe(movieTitleKey('Mission: Impossible'));
    expect(movieTitleKey('To Sir, with Love')).toBe(movieTitleKey('To Sir with Love'));
  });
});

describe('artists', () => {
  it('splits the catalog form and list literals', () => {
    expect(splitArtists('Ellie Goulding, Kygo')).toEqual(['Ellie Goulding', 'Kygo']);
    expect(splitArtists("['Old Dominion', 'Kane Brown']")).toEqual(['Old Dominion', 'Kane Brown']);
    expect(splitArtists('Nat King Cole;Nelson Riddle')).toEqual(['Nat King Cole', 'Nelson Riddle']);
    expect(splitArtists('')).toEqual([]);
  });

  it('finds artists named in a credit line as whole words, ignoring "The" and accents', () => {
    expect(artistOverlap(['The Pogues', 'Kirsty MacColl'], 'Performed by The Pogues')).toEqual(['The Pogues']);
    expect(artistOverlap(['Antônio Carlos Jobim', 'Frank Sinatra'], 'Written by Antonio Carlos Jobim and Vinicius de Moraes')).toEqual([
      'Antônio Carlos Jobim',
    ]);
    expect(artistOverlap(['Babyface'], "by Bo Watson, Kenneth 'Babyface' Edmonds (as Babyface)")).toEqual(['Babyface']);
    expect(artistOverlap(['Sting'], 'Performed by Stingray')).toEqual([]);
    expect(artistOverlap(['Tom Jones'], 'Written by Tom Waits and Quincy Jones')).toEqual([]);
  });

  it('ignores one-word artists that are credit words or too short', () => {
    expect(artistOverlap(['Music', 'Traditional', 'X'], 'Music by X. Traditional')).toEqual([]);
    expect(artistOverlap(['Free'], 'All Right Now Performed by Free')).toEqual(['Free']);
  });

  it('compares names folded', () => {
    expect(nameKey('The Beatles')).toBe('beatles');
    expect(nameKey('Guns N’ Roses')).toBe('guns n roses');
  });
});

describe('"Various Artists"', () => {
  it("reads a credits line as a compilation's exactly when its first credit (splitArtists) is one", () => {
    const lines = [
      'Various Artists',
      'various artists, Jeff Redd',
      "['Various Artists']",
      '"Various Artists"; Someone',
      ' V.A. ',
      'VA',
      'Varios Artistas',
      'Vários Artistas',
      'Verschiedene Interpreten',
      'Multi-interprètes',
      'Various',
      'Jeff Redd, Various Artists',
      'Various Cruelties',
      'Vaya Con Dios',
      'Vanessa Carlton',
      'Variety Show',
      'The Various',
      '',
    ];
    for (const line of lines) expect(creditedToVariousArtists(line), line).toBe(isVariousArtists(splitArtists(line)[0] ?? ''));
    expect(lines.filter(creditedToVariousArtists)).toHaveLength(11);
  });
});
