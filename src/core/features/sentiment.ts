import { createRequire } from 'node:module';
import { SENTIMENT } from './priors.js';

/**
 * Sentiment per word with the `sentiment` package's lexicon (AFINN-165 plus its emoji labels)
 * and its English rules: the same tokenisation, and a word right after a negator ("not",
 * "don't", …) flips sign. The result equals `new Sentiment().analyze(text).comparative`
 * (sentiment.test.ts checks that), but without building the per-word breakdown arrays, which
 * makes it several times faster: it runs once per movie over the whole catalog.
 */

// Not named `require`: the bundler adds its own `require` shim to ES module chunks, and the two would clash.
const requireJson = createRequire(import.meta.url);

interface Lexicon {
  readonly labels: ReadonlyMap<string, number>;
  readonly negators: ReadonlySet<string>;
}

let lexicon: Lexicon | null = null;

function loadLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const labels = requireJson('sentiment/languages/en/labels.json') as Record<string, number>;
  const emoji = requireJson('sentiment/build/emoji.json') as Record<string, number>;
  const negators = requireJson('sentiment/languages/en/negators.json') as Record<string, number>;
  lexicon = {
    labels: new Map(Object.entries({ ...labels, ...emoji })),
    negators: new Set(Object.keys(negators).filter((word) => negators[word])),
  };
  return lexicon;
}

// sentiment/lib/tokenize.js in effect: its two replacements by a space (newlines, then
// punctuation) are done in one pass; then runs of whitespace collapse, and it splits on spaces.
const NEWLINE_OR_PUNCTUATION = /[\n.,/#!?$%^&*;:{}=_`"~()]/g;

function tokenize(text: string): string[] {
  return text.toLowerCase().replace(NEWLINE_OR_PUNCTUATION, ' ').replace(/\s\s+/g, ' ').trim().split(' ');
}

export interface TextSentiment {
  /** Sum of the word scores (AFINN, −5 … +5 per word). */
  readonly score: number;
  /** Tokens counted, as `sentiment` counts them (an empty text still has one, empty, token). */
  readonly tokens: number;
  /** score / tokens: the per-word score `sentiment` calls "comparative". */
  readonly comparative: number;
}

export function analyseSentiment(text: string): TextSentiment & { readonly words: number } {
  const { labels, negators } = loadLexicon();
  const tokens = tokenize(text);
  let score = 0;
  let words = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token !== '') words++;
    const value = labels.get(token);
    if (value === undefined) continue;
    score += index > 0 && negators.has(tokens[index - 1]!) ? -value : value;
  }
  return { score, tokens: tokens.length, words, comparative: tokens.length > 0 ? score / tokens.length : 0 };
}

/** Words in a text as sentiment counts them, ignoring empty tokens (for text strength). */
export function wordCount(text: string): number {
  return analyseSentiment(text).words;
}

export interface TextValence {
  /** 0.5 + 0.5·tanh(comparative / SENTIMENT.scale), in (0, 1). */
  readonly valence: number;
  /** 0..1: how much the text can be trusted, by length (SENTIMENT.fullStrengthWords words = 1). */
  readonly strength: number;
}

/** Valence of a movie's overview and tagline together, or null when there is no text. */
export function textValence(...texts: readonly (string | null | undefined)[]): TextValence | null {
  let text = '';
  for (const part of texts) if (typeof part === 'string' && part.trim() !== '') text = text === '' ? part : `${text}\n${part}`;
  if (text === '') return null;
  const { comparative, words } = analyseSentiment(text);
  if (words === 0) return null;
  return { valence: 0.5 + 0.5 * Math.tanh(comparative / SENTIMENT.scale), strength: Math.min(1, words / SENTIMENT.fullStrengthWords) };
}
