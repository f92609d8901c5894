import { describe, expect, it } from 'vitest';
import { decadeOfTag, tagHints } from './tag-hints.js';

const tags = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('decadeOfTag', () => {
  it.each([
    ['80s', 1980, 1],
    ['1980s', 1980, 1],
    ["80's", 1980, 1],
    ["'90s", 1990, 1],
    ['eighties', 1980, 1],
    ['2000s', 2000, 1],
    ['2010s', 2010, 1],
    ['70s rock', 1970, 0.8],
    ['90s hip-hop', 1990, 0.8],
  ])('reads %s as the %i decade (strength %f)', (tag, decade, strength) => {
    expect(decadeOfTag(tag)).toEqual({ decade, strength });
  });

  it.each(['1984', '00s', '20s', '10s', 'rock', '2080s', '800s', 'best of 80s'])('does not read %s as a decade', (tag) => {
    expect(decadeOfTag(tag)).toBeNull();
  });
});

describe('tagHints', () => {
  it('finds the decade with the most weight and lowers its confidence when other decades compete', () => {
    const clear = tagHints(tags({ '80s': 1, 'new wave': 0.8, 'synth pop': 0.6 }));
    expect(clear.decade).toBe(1980);
    const split = tagHints(tags({ '80s': 1, '70s': 0.9 }));
    expect(split.decade).toBe(1980);
    expect(split.decadeConfidence).toBeLessThan(clear.decadeConfidence);
    expect(clear.decadeConfidence).toBeGreaterThan(0.5);
  });

  it('gives a weaker decade to "70s rock" than to "70s"', () => {
    expect(tagHints(tags({ '70s rock': 1 })).decadeConfidence).toBeLessThan(tagHints(tags({ '70s': 1 })).decadeConfidence);
  });

  it('reads languages from scene tags with high confidence and from nationalities with less', () => {
    const jpop = tagHints(tags({ 'j-pop': 1, japanese: 0.7 }));
    expect(jpop.language).toBe('ja');
    const french = tagHints(tags({ french: 1 }));
    expect(french.language).toBe('fr');
    expect(french.languageConfidence).toBeLessThan(tagHints(tags({ chanson: 1 })).languageConfidence);
    expect(tagHints(tags({ 'k-pop': 1 })).language).toBe('ko');
    expect(tagHints(tags({ brazilian: 1, mpb: 0.5 })).language).toBe('pt');
    expect(tagHints(tags({ latin: 1 })).language).toBe('es');
    expect(tagHints(tags({ latin: 1 })).languageConfidence).toBeLessThan(0.5);
  });

  it('does not turn "swedish" into a language: ABBA sings in English', () => {
    const abba = tagHints(tags({ pop: 1, disco: 0.8, swedish: 0.7, '70s': 0.6 }));
    expect(abba.language).toBeNull();
    expect(abba.languageConfidence).toBe(0);
    expect(abba.decade).toBe(1970);
  });

  it('sets only the mood axes the tags speak to, in [0, 1]', () => {
    const sad = tagHints(tags({ melancholic: 1, sad: 0.8, indie: 0.5 }));
    expect(Object.keys(sad.mood).sort()).toEqual(['energy', 'valence']);
    expect(sad.mood.valence).toBeLessThan(0.25);
    const party = tagHints(tags({ party: 1, energetic: 1, happy: 0.5 }));
    expect(party.mood.energy).toBeGreaterThan(0.7);
    expect(party.mood.danceability).toBeGreaterThan(0.7);
    expect(party.mood.valence).toBeGreaterThan(0.7);
    expect(party.mood.acousticness).toBeUndefined();
    const chill = tagHints(tags({ chill: 1, acoustic: 0.6, mellow: 0.5 }));
    expect(chill.mood.energy).toBeLessThan(0.35);
    expect(chill.mood.acousticness).toBeGreaterThan(0.7);
    for (const value of [...Object.values(sad.mood), ...Object.values(party.mood), ...Object.values(chill.mood)]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it('says nothing, with zero confidence, when no tag speaks to a hint', () => {
    expect(tagHints(tags({ rock: 1, 'seen live': 0.5 }))).toEqual({
      decade: null,
      decadeConfidence: 0,
      decades: new Map(),
      decadeEvidence: 0,
      language: null,
      languageConfidence: 0,
      mood: {},
      moodConfidence: 0,
    });
    expect(tagHints(new Map())).toMatchObject({ decade: null, language: null, moodConfidence: 0 });
  });

  it('reads tags named like Object.prototype members as unknown tags', () => {
    expect(
      tagHints(
        new Map([
          ['constructor', 1],
          ['toString', 1],
          ['__proto__', 1],
        ]),
      ),
    ).toMatchObject({ language: null, languageConfidence: 0, mood: {}, moodConfidence: 0 });
  });

  it('is case-insensitive and ignores non-positive weights', () => {
    expect(tagHints(tags({ 'J-Pop': 1 })).language).toBe('ja');
    expect(tagHints(tags({ '80s': 0 })).decade).toBeNull();
  });

  it('keeps every confidence in [0, 1)', () => {
    const heavy = tagHints(tags({ '80s': 1, '1980s': 1, eighties: 1, sad: 1, melancholic: 1, 'j-pop': 1, jpop: 1 }));
    for (const confidence of [heavy.decadeConfidence, heavy.languageConfidence, heavy.moodConfidence]) {
      expect(confidence).toBeGreaterThan(0.8);
      expect(confidence).toBeLessThan(1);
    }
  });
});
