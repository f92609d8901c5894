import { describe, expect, it } from 'vitest';
import { guessSongLanguage } from './song-language.js';

const guess = (title: string, artists = 'Someone', genres: string[] = [], tags?: Map<string, number>) =>
  guessSongLanguage({ title, artists, genres, ...(tags ? { tags } : {}) });

describe('guessSongLanguage', () => {
  it('reads the script of the title and the artist', () => {
    expect(guess('いつも何度でも')?.language).toBe('ja');
    expect(guess('봄날', 'BTS')?.language).toBe('ko');
    expect(guess('Kaze no Toorimichi', 'ひばり')?.language).toBe('ja');
    // Han alone is read as Chinese, with less confidence than kana or hangul.
    expect(guess('月亮代表我的心')?.language).toBe('zh');
    expect(guess('Звезда по имени Солнце')?.language).toBe('ru');
  });

  it('reads function words, ignoring version notes', () => {
    expect(guess('Nothing Else Matters')).toBeNull();
    expect(guess('I Will Always Love You')?.language).toBe('en');
    expect(guess('Bésame Mucho y el amor de mi vida')?.language).toBe('es');
    expect(guess('Je ne regrette rien, c\u2019est la vie pour moi et toi')?.language).toBe('fr');
    expect(guess('Heroes - 2017 Remaster')).toBeNull();
  });

  it('reads a typographic apostrophe as an apostrophe: "C\u2019Mon Everybody" is not French for "my"', () => {
    expect(guess('C\u2019Mon Everybody')).toBeNull();
    expect(guess("C'Mon Everybody")).toBeNull();
    expect(guess('I\u2019m Not in Love')?.language).toBe('en');
    expect(guess('C\u2019est la vie pour moi')?.language).toBe('fr');
  });

  it('uses language-bearing genres and tags, and lets agreeing clues raise the confidence', () => {
    expect(guess('Plastic Love', 'Mariya Takeuchi', ['j-pop'])?.language).toBe('ja');
    const alone = guess('Despacito', 'Luis Fonsi', ['latin'])!;
    const both = guess('Despacito', 'Luis Fonsi', ['latin', 'reggaeton'])!;
    expect(both.confidence).toBeGreaterThan(alone.confidence);
    expect(guess('Joy', 'X', [], new Map([['chanson', 0.9]]))?.language).toBe('fr');
    // A weak tag is not a clue.
    expect(guess('Joy', 'X', [], new Map([['chanson', 0.05]]))).toBeNull();
  });

  it('gives no guess without a clue, and a lower confidence when clues disagree', () => {
    expect(guess('Xanadu', 'Olivia')).toBeNull();
    const agree = guess('Bésame mucho, mi amor', 'Y', ['latin'])!;
    const disagree = guess('Bésame mucho, mi amor', 'Y', ['j-pop'])!;
    expect(agree.language).toBe('es');
    expect(disagree.confidence).toBeLessThan(agree.confidence);
  });

  it('does not read Spotify\'s "j-dance" as Japanese: it holds Jamaican dancehall', () => {
    expect(guessSongLanguage({ title: 'Up Deh', artists: 'Bounty Killer', genres: ['j-dance'] })).toBeNull();
    expect(guessSongLanguage({ title: 'Up Deh', artists: 'Bounty Killer', genres: ['j-pop'] })?.language).toBe('ja');
  });

  it('does not read a nationality genre as the sung language: Dancing Queen is Swedish and sung in English', () => {
    expect(guessSongLanguage({ title: 'Dancing Queen', artists: 'ABBA', genres: ['swedish'] })).toBeNull();
    expect(guessSongLanguage({ title: 'Jag är inte som du', artists: 'Någon', genres: ['swedish'] })?.language).toBe('sv');
  });
});
