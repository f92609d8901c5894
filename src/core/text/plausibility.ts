import { repairMojibake } from './mojibake.js';

/**
 * Scores how plausible a decoded text is as human-written names and titles. Byte-level
 * detectors (chardet) guess well on long prose but badly on short names: the GBK Spotify
 * file is reported as EUC-JP. Real names are coherent words: "Nézet" is Latin letters only,
 * while a wrong decoding yields "N¨¦zet" (symbols inside a word) or "N┃zet" (mixed scripts).
 */

const TOKEN_SPLIT = /[\s,;:!?()[\]{}"/\\|<>=+*&^%$#@~`_]+/u;
const QUOTES = "“”„‟«»‹›‘’'";
const LATIN_WORD = new RegExp(`^[\\p{Script=Latin}\\p{M}\\p{Nd}${QUOTES}.\\-–—…·]+$`, 'u');
const CJK_WORD = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{M}\p{Nd}ー・、。「」『』（）！？，：；～〜\u3000\uFF00-\uFFEF'.-]+$/u;
const OTHER_SCRIPTS = ['Cyrillic', 'Greek', 'Hangul', 'Arabic', 'Hebrew', 'Thai', 'Devanagari', 'Armenian', 'Georgian'] as const;
const OTHER_SCRIPT_WORDS = OTHER_SCRIPTS.map((script) => new RegExp(`^[\\p{Script=${script}}\\p{M}\\p{Nd}'’.\\-]+$`, 'u'));
const BROKEN = /[\uFFFD\p{Cc}\p{Co}\p{Cn}]/u;
const NON_ASCII = /[\u0080-\u{10FFFF}]/u;
const MIXED_SCRIPTS = /(\p{Script=Latin}[\p{Script=Han}\p{Script=Hangul}])|([\p{Script=Han}\p{Script=Hangul}]\p{Script=Latin})/u;
const PUNCTUATION_ONLY = /^[\p{P}\p{S}\p{Z}]+$/u;

export interface PlausibilityScore {
  readonly score: number;
  readonly coherentWords: number;
  readonly incoherentWords: number;
  readonly brokenCharacters: number;
  /** A few incoherent words, to show the user why a guess is uncertain. */
  readonly examples: readonly string[];
}

/** Scores text as it would be stored: after the repairs the importer applies anyway. */
export function scorePlausibility(decoded: string): PlausibilityScore {
  const text = decoded
    .split('\n')
    .map((line) => repairMojibake(line) ?? line)
    .join('\n');
  let coherentWords = 0;
  let incoherentWords = 0;
  let brokenCharacters = 0;
  const examples: string[] = [];
  for (const char of text) if (BROKEN.test(char) && char !== '\n' && char !== '\r' && char !== '\t') brokenCharacters++;
  for (const word of text.split(TOKEN_SPLIT)) {
    if (!NON_ASCII.test(word)) continue;
    if (PUNCTUATION_ONLY.test(word) && !BROKEN.test(word)) {
      coherentWords++;
      continue;
    }
    if (isCoherentWord(word)) coherentWords++;
    else {
      // CJK or Hangul glued to Latin letters is what a wrong double-byte decoding produces.
      incoherentWords += MIXED_SCRIPTS.test(word) ? 2 : 1;
      if (examples.length < 5) examples.push(word);
    }
  }
  return {
    score: coherentWords - 2 * incoherentWords - 5 * brokenCharacters,
    coherentWords,
    incoherentWords,
    brokenCharacters,
    examples,
  };
}

function isCoherentWord(word: string): boolean {
  if (BROKEN.test(word)) return false;
  if (LATIN_WORD.test(word) || CJK_WORD.test(word)) return true;
  return OTHER_SCRIPT_WORDS.some((pattern) => pattern.test(word));
}
