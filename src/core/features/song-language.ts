/**
 * A language guess for a song from what the catalog knows: the script of its title and artists,
 * the function words of its title, and language-bearing genres or tags (j-pop, latin, k-pop,
 * chanson …). Each clue gives a language and a confidence; the strongest clue wins and agreeing
 * clues raise the confidence. Songs with no clue get no guess (never a default language).
 */

import { languageWords } from './tag-table.js';

export interface LanguageGuess {
  /** ISO 639-1. */
  readonly language: string;
  /** 0..1. */
  readonly confidence: number;
  /** The clue that decided, in plain words ("Japanese script in the title"). */
  readonly clue: string;
}

interface Clue {
  readonly language: string;
  readonly confidence: number;
  readonly clue: string;
}

const SCRIPTS: readonly { readonly pattern: RegExp; readonly language: string; readonly name: string; readonly confidence: number }[] = [
  { pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, language: 'ja', name: 'Japanese', confidence: 0.95 },
  { pattern: /\p{Script=Hangul}/u, language: 'ko', name: 'Korean', confidence: 0.95 },
  // Han alone is Chinese more often than Japanese titles written without kana.
  { pattern: /\p{Script=Han}/u, language: 'zh', name: 'Chinese', confidence: 0.75 },
  { pattern: /\p{Script=Cyrillic}/u, language: 'ru', name: 'Cyrillic', confidence: 0.7 },
  { pattern: /\p{Script=Devanagari}/u, language: 'hi', name: 'Devanagari', confidence: 0.85 },
  {
    pattern: /[\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Bengali}\p{Script=Gurmukhi}]/u,
    language: 'hi',
    name: 'Indian',
    confidence: 0.6,
  },
  { pattern: /\p{Script=Arabic}/u, language: 'ar', name: 'Arabic', confidence: 0.75 },
  { pattern: /\p{Script=Hebrew}/u, language: 'he', name: 'Hebrew', confidence: 0.9 },
  { pattern: /\p{Script=Thai}/u, language: 'th', name: 'Thai', confidence: 0.95 },
  { pattern: /\p{Script=Greek}/u, language: 'el', name: 'Greek', confidence: 0.9 },
];

/** Short, frequent words that are distinctive of one language in song titles. */
const FUNCTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'the',
    'you',
    'your',
    'my',
    'me',
    'love',
    'of',
    'to',
    'and',
    'in',
    'on',
    'it',
    'is',
    'i',
    "i'm",
    "don't",
    'we',
    'be',
    'all',
    'with',
    'for',
    'this',
    'what',
    'when',
    'night',
    'heart',
    'baby',
    'just',
    'like',
    'got',
    'get',
    'go',
    'know',
    'time',
    'way',
    'one',
    'never',
    'feel',
  ],
  es: [
    'el',
    'los',
    'las',
    'mi',
    'tu',
    'que',
    'amor',
    'corazón',
    'con',
    'por',
    'para',
    'quiero',
    'yo',
    'eres',
    'como',
    'una',
    'vida',
    'noche',
    'te',
    'sin',
    'dónde',
    'mujer',
    'bailar',
    'señorita',
  ],
  pt: ['não', 'você', 'eu', 'meu', 'coração', 'saudade', 'minha', 'com', 'sem', 'pra', 'tão', 'vida', 'amor', 'ela', 'ele', 'uma', 'é'],
  fr: [
    'le',
    'les',
    'je',
    'moi',
    'toi',
    "c'est",
    'pas',
    'qui',
    'une',
    'est',
    'mon',
    'ma',
    'et',
    'pour',
    'dans',
    'sur',
    'tout',
    'nous',
    'vous',
    'rien',
    'jamais',
    'amour',
    'coeur',
    'cœur',
    'mes',
  ],
  de: ['ich', 'du', 'und', 'der', 'die', 'das', 'nicht', 'mein', 'liebe', 'ist', 'wir', 'ein', 'eine', 'mit', 'für', 'auf', 'dich', 'mich', 'nacht'],
  it: ['il', 'non', 'amore', 'ti', 'della', 'sei', 'che', 'per', 'una', 'mio', 'mia', 'sono', 'cuore', 'come', 'più', 'notte', 'gli'],
  sv: ['och', 'jag', 'det', 'är', 'inte', 'en', 'på', 'för', 'med', 'mig', 'dig'],
};

const WORD_LANGUAGES = new Map<string, string[]>();
for (const [language, words] of Object.entries(FUNCTION_WORDS))
  for (const word of words) WORD_LANGUAGES.set(word, [...(WORD_LANGUAGES.get(word) ?? []), language]);

/** Genres and Last.fm tags that name a language (genre names are matched whole, lower case). */
/**
 * Genres and tags that name a sung language. Spotify's "swedish" (like the Last.fm nationality
 * tags, see tag-hints.ts) is left out: it holds ABBA, Roxette and a-ha, sung in English, and read
 * as Swedish it sent Dancing Queen to Danish art films. Swedish lyrics show in the title's words.
 * Nor is its "j-dance": it holds Jamaican dancehall (Vybz Kartel, Bounty Killer; regions.json puts
 * it in the Caribbean), and read as Japanese it gave those songs Japanese films, "Japanese" the reason.
 */
const LANGUAGE_GENRES = languageWords({
  ja: { 0.9: ['j-idol'], 0.85: ['j-pop', 'j-rock', 'visual kei'], 0.8: ['japanese'], 0.7: ['anime'] },
  ko: { 0.85: ['k-pop'], 0.8: ['korean'] },
  zh: { 0.85: ['cantopop', 'mandopop'], 0.8: ['c-pop'], 0.75: ['chinese'] },
  es: {
    0.9: ['rock en espanol'],
    0.85: ['musica mexicana', 'regional mexican', 'ranchera'],
    0.8: ['spanish', 'bachata'],
    0.75: ['reggaeton', 'salsa', 'cumbia'],
    0.7: ['latin pop', 'latino', 'latin rock', 'flamenco'],
    0.6: ['latin', 'tango'],
  },
  pt: { 0.9: ['sertanejo'], 0.85: ['mpb', 'pagode', 'forro'], 0.8: ['funk carioca'], 0.75: ['brazil', 'brazilian'], 0.7: ['samba'], 0.6: ['bossa nova'] },
  fr: { 0.9: ['variete francaise', 'rap francais'], 0.85: ['chanson', 'french pop'], 0.8: ['french'] },
  de: { 0.9: ['neue deutsche welle', 'deutschrap'], 0.85: ['deutsch'], 0.8: ['german'], 0.75: ['schlager'] },
  it: { 0.9: ['cantautori'], 0.85: ['italian pop'], 0.8: ['italian'] },
  tr: { 0.85: ['turkish'] },
  hi: { 0.85: ['bollywood', 'filmi'], 0.6: ['indian'] },
  fa: { 0.8: ['iranian', 'persian'] },
  ru: { 0.8: ['russian'] },
  en: { 0.5: ['country', 'bluegrass'], 0.3: ['r-n-b'] },
});

/** Whether a genre or tag names a sung language ("french", "k-pop", "sertanejo"). */
export function namesSungLanguage(genreOrTag: string): boolean {
  return LANGUAGE_GENRES.has(genreOrTag.toLowerCase());
}

export function guessSongLanguage(input: {
  readonly title: string;
  readonly artists: string;
  readonly genres: readonly string[];
  readonly tags?: ReadonlyMap<string, number>;
}): LanguageGuess | null {
  const clues: Clue[] = [];
  const text = `${input.title} ${input.artists}`;
  for (const script of SCRIPTS) {
    if (script.pattern.test(input.title)) {
      clues.push({ language: script.language, confidence: script.confidence, clue: `${script.name} script in the title` });
      break;
    }
    if (script.pattern.test(text)) {
      clues.push({ language: script.language, confidence: script.confidence * 0.8, clue: `${script.name} script in the artist's name` });
      break;
    }
  }
  const words = titleWords(input.title);
  const counts = new Map<string, number>();
  for (const word of words) for (const language of WORD_LANGUAGES.get(word) ?? []) counts.set(language, (counts.get(language) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best && best[1] >= 1 && (!second || best[1] > second[1])) {
    // One distinctive word is a hint; two or more with a clear lead is close to certain.
    const confidence = Math.min(0.85, 0.45 + 0.15 * best[1] + (words.length > 0 ? 0.1 * (best[1] / words.length) : 0));
    clues.push({ language: best[0], confidence, clue: 'words in the title' });
  }
  for (const genre of input.genres) {
    const entry = LANGUAGE_GENRES.get(genre.toLowerCase());
    if (entry) clues.push({ language: entry[0], confidence: entry[1], clue: `the genre "${genre}"` });
  }
  for (const [tag, weight] of input.tags ?? []) {
    const entry = LANGUAGE_GENRES.get(tag.toLowerCase());
    if (entry && weight >= 0.2) clues.push({ language: entry[0], confidence: entry[1] * Math.min(1, 0.5 + weight), clue: `the Last.fm tag "${tag}"` });
  }
  if (clues.length === 0) return null;
  // Combine agreeing clues as independent evidence: 1 − Π(1 − c).
  const byLanguage = new Map<string, { confidence: number; best: Clue }>();
  for (const clue of clues) {
    const entry = byLanguage.get(clue.language);
    if (!entry) byLanguage.set(clue.language, { confidence: clue.confidence, best: clue });
    else
      byLanguage.set(clue.language, {
        confidence: 1 - (1 - entry.confidence) * (1 - clue.confidence),
        best: clue.confidence > entry.best.confidence ? clue : entry.best,
      });
  }
  const winner = [...byLanguage.values()].sort((a, b) => b.confidence - a.confidence)[0]!;
  const rival = [...byLanguage.values()].filter((entry) => entry !== winner).reduce((max, entry) => Math.max(max, entry.confidence), 0);
  // A contradicting clue lowers the confidence in proportion to its own.
  const confidence = Math.max(0, winner.confidence - 0.5 * rival);
  return confidence > 0.05 ? { language: winner.best.language, confidence: Math.round(confidence * 1000) / 1000, clue: winner.best.clue } : null;
}

function titleWords(title: string): string[] {
  // Version notes say nothing of the song's language ("- Remastered 2011", "(feat. …)").
  const core = title.replace(/\s[-–]\s.*$/u, '').replace(/[([].*?[)\]]/gu, ' ');
  // Typographic apostrophes are apostrophes: split there, "C’Mon Everybody" read as "c" + "mon" (French "my") was French.
  return (
    core
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc`\u00b4]/gu, "'")
      .match(/[\p{L}']+/gu) ?? []
  );
}
