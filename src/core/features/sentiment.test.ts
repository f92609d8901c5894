import Sentiment from 'sentiment';
import { describe, expect, it } from 'vitest';
import { analyseSentiment, textValence, wordCount } from './sentiment.js';

const TEXTS = [
  "A cowboy doll is profoundly threatened and jealous when a new spaceman figure supplants him as top toy in a boy's room.",
  'Enter the World of Pandora.',
  "A love story. It is not good, it is not bad; it is great!!! Don't miss it :)",
  'The murder of a family leaves a detective haunted by grief, fear and rage.',
  'Happy happy joy joy 😀',
  '',
  'No\n\nsentiment\there at all',
  "cant stop, won't stop, isnt sad",
];

describe('sentiment per word', () => {
  it("equals the sentiment package's comparative score (same lexicon, tokens and negation)", () => {
    const reference = new Sentiment();
    for (const text of TEXTS) {
      const expected = reference.analyze(text);
      const actual = analyseSentiment(text);
      expect(actual.score, text).toBe(expected.score);
      expect(actual.tokens, text).toBe(expected.tokens.length);
      expect(actual.comparative, text).toBeCloseTo(expected.comparative, 12);
    }
  });

  it('normalises per word: the same sentiment in a longer text scores lower per word', () => {
    const short = analyseSentiment('A wonderful film.');
    const long = analyseSentiment('A wonderful film about a family who travel across the country by train in the summer.');
    expect(short.score).toBe(long.score);
    expect(short.comparative).toBeGreaterThan(long.comparative);
  });

  it('flips a word after a negator', () => {
    expect(analyseSentiment('good').score).toBeGreaterThan(0);
    expect(analyseSentiment('not good').score).toBeLessThan(0);
  });

  it('squashes into 0..1 valence around 0.5, with strength growing with length', () => {
    const grim = textValence('A killer stalks the town; murder, terror and death follow a brutal, violent war.');
    const sunny = textValence('A joyful, funny and heartwarming story of love, friendship and hope.');
    expect(grim!.valence).toBeLessThan(0.3);
    expect(sunny!.valence).toBeGreaterThan(0.7);
    expect(textValence('The train leaves at noon.')!.valence).toBe(0.5);
    expect(textValence(null, '  ')).toBeNull();
    expect(textValence('Love.')!.strength).toBeLessThan(textValence(TEXTS[0])!.strength);
    expect(wordCount('  two   words ')).toBe(2);
  });
});
