/**
 * A language guess for a song from what the catalog knows: the script of its title and artists,
 * the function words of its title, and language-bearing genres or tags (j-pop, latin, k-pop,
 * chanson …). Each clue gives a language and a confidence; the strongest clue wins and agreeing
 * clues raise the confidence. Songs with no clue get no guess (never a default language).
 */

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
const LANGUAGE_GENRES: Readonly<Record<string, readonly [language: string, confidence: number]>> = {
  'j-pop': ['ja', 0.85],
  'j-rock': ['ja', 0.85],
  'j-idol': ['ja', 0.9],
  'j-dance': ['ja', 0.8],
  anime: ['ja', 0.7],
  japanese: ['ja', 0.8],
  'visual kei': ['ja', 0.85],
  'k-pop': ['ko', 0.85],
  korean: ['ko', 0.8],
  'c-pop': ['zh', 0.8],
  cantopop: ['zh', 0.85],
  mandopop: ['zh', 0.85],
  chinese: ['zh', 0.75],
  latin: ['es', 0.6],
  'latin pop': ['es', 0.7],
  latino: ['es', 0.7],
  reggaeton: ['es', 0.75],
  salsa: ['es', 0.75],
  tango: ['es', 0.6],
  spanish: ['es', 0.8],
  'rock en espanol': ['es', 0.9],
  'latin rock': ['es', 0.7],
  'musica mexicana': ['es', 0.85],
  'regional mexican': ['es', 0.85],
  ranchera: ['es', 0.85],
  bachata: ['es', 0.8],
  cumbia: ['es', 0.75],
  flamenco: ['es', 0.7],
  mpb: ['pt', 0.85],
  brazil: ['pt', 0.75],
  brazilian: ['pt', 0.75],
  sertanejo: ['pt', 0.9],
  pagode: ['pt', 0.85],
  forro: ['pt', 0.85],
  samba: ['pt', 0.7],
  'bossa nova': ['pt', 0.6],
  'funk carioca': ['pt', 0.8],
  french: ['fr', 0.8],
  chanson: ['fr', 0.85],
  'french pop': ['fr', 0.85],
  'variete francaise': ['fr', 0.9],
  'rap francais': ['fr', 0.9],
  german: ['de', 0.8],
  deutsch: ['de', 0.85],
  schlager: ['de', 0.75],
  'neue deutsche welle': ['de', 0.9],
  deutschrap: ['de', 0.9],
  italian: ['it', 0.8],
  'italian pop': ['it', 0.85],
  cantautori: ['it', 0.9],
  turkish: ['tr', 0.85],
  indian: ['hi', 0.6],
  bollywood: ['hi', 0.85],
  filmi: ['hi', 0.85],
  iranian: ['fa', 0.8],
  persian: ['fa', 0.8],
  swedish: ['sv', 0.5],
  russian: ['ru', 0.8],
  'r-n-b': ['en', 0.3],
  country: ['en', 0.5],
  bluegrass: ['en', 0.5],
};

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
    const entry = LANGUAGE_GENRES[genre.toLowerCase()];
    if (entry) clues.push({ language: entry[0], confidence: entry[1], clue: `the genre "${genre}"` });
  }
  for (const [tag, weight] of input.tags ?? []) {
    const entry = LANGUAGE_GENRES[tag.toLowerCase()];
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
  return core.toLowerCase().match(/[\p{L}']+/gu) ?? [];
}
