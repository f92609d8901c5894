/**
 * Title and artist normalisation for building ground truth: two sources name the same song or
 * movie with different case, accents, punctuation, version suffixes and article placement, and a
 * pair only counts when both sides reduce to the same key. Keys are for comparison only, never
 * shown to a user.
 */

/** Version and credit information Spotify appends after " - " (e.g. "Song - Remastered 2011"). */
const DASH_SUFFIX = /\s+[-\u2013\u2014]\s+.*$/u;
/** Any (…) or […] segment: "(feat. X)", "[From "Film"]", "(Remastered)", "(a.k.a. Other Title)". */
const BRACKETED = /\s*(?:\([^()]*\)|\[[^[\]]*\])/gu;
/** A credit written without brackets: "Song feat. X", "Song ft. X", "Song featuring X". */
const FEAT_SUFFIX = /\s+(?:feat\.?|ft\.|featuring)\s.*$/iu;
/** MovieLens-style trailing articles: "Shawshank Redemption, The", "Misérables, Les". */
const TRAILING_ARTICLE = /^(.*),\s*(the|a|an|les|la|le|l'|il|el|los|las|die|der|das|den|det)$/iu;
const LEADING_ARTICLE = /^(?:the|a|an)\s+/u;

/**
 * Folds case and accents and turns punctuation into spaces, keeping letters of every script
 * (Hindi, Korean and Japanese titles must still compare equal to themselves). Only the Latin
 * combining accents (U+0300–U+036F) are removed after decomposition, then the text is composed
 * again: stripping every mark would turn the katakana "プ" into "フ" and leave Hangul in jamo.
 * Apostrophes are dropped rather than spaced so "Don't" and "Dont" agree; "&" reads as "and".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/['\u2018\u2019`\u00B4]/gu, '')
    .replace(/&/gu, ' and ')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/** Moves a trailing article to the front ("Matrix, The" → "The Matrix"), as MovieLens lists titles. */
export function frontArticle(title: string): string {
  const match = TRAILING_ARTICLE.exec(title.trim());
  if (!match) return title.trim();
  const article = match[2]!;
  return article.endsWith("'") ? `${article}${match[1]!}` : `${article} ${match[1]!}`;
}

function stripBracketed(text: string): string {
  let previous = text;
  // Repeat for nested brackets such as "(From "X" (Deluxe))".
  for (;;) {
    const next = previous.replace(BRACKETED, '');
    if (next === previous) return next;
    previous = next;
  }
}

function withoutLeadingArticle(folded: string): string {
  const stripped = folded.replace(LEADING_ARTICLE, '');
  return stripped === '' ? folded : stripped;
}

/**
 * The comparison key of a song title: no version suffix (" - Remastered", " - From "Film"",
 * " - Live"), no bracketed parts ("(feat. X)", "(From "Film")", "(Reprise)"), no bare "feat.",
 * no leading English article. Spotify reserves " - " for version information, so everything
 * after it goes. A title that is entirely bracketed ("(untitled)") keeps its text.
 */
export function songTitleKey(title: string): string {
  const core = stripBracketed(title.replace(DASH_SUFFIX, '')).replace(FEAT_SUFFIX, '');
  const folded = foldText(core);
  return withoutLeadingArticle(folded === '' ? foldText(title) : folded);
}

/**
 * The comparison key of a movie title. Unlike songs, " - " stays ("Mission: Impossible - Fallout"
 * is not "Mission: Impossible"), but bracketed alternative titles go: MovieLens writes
 * "Ghostbusters (a.k.a. Ghost Busters)" and "Postman, The (Postino, Il)".
 */
export function movieTitleKey(title: string): string {
  const core = frontArticle(stripBracketed(title).trim());
  const folded = foldText(core);
  return withoutLeadingArticle(folded === '' ? foldText(title) : folded);
}

/** The comparison key of a person or band name: folded, without a leading "The". */
export function nameKey(name: string): string {
  return withoutLeadingArticle(foldText(name));
}

/**
 * The artists of a catalog song. The song writer stores them joined with ", " (src/core/catalog/
 * song-writer.ts); raw sources also use ";" and Python list literals, which are accepted too.
 */
export function splitArtists(artists: string): string[] {
  return artists
    .replace(/^\s*\[|\]\s*$/gu, '')
    .split(/\s*[,;]\s*/u)
    .map((artist) => artist.replace(/^['"]|['"]$/gu, '').trim())
    .filter((artist) => artist !== '');
}

/**
 * A compilation's credit instead of a performer's ("Various Artists" and its usual forms in other
 * languages): "You Called And Told Me - Jeff Redd" by Various Artists, on "The Essence Of Soul"
 * (2007), is Jeff Redd's 1990 song. It names no artist: it groups no recordings, dates nothing,
 * carries no artist's tags and is no one's songs to spread out.
 */
const VARIOUS_ARTISTS_NAMES =
  '(?:various(?:\\s+artists?)?|v\\.?\\s?a\\.?|varios(?:\\s+artistas)?|v[aá]rios\\s+artistas|artistes\\s+divers|verschiedene(?:\\s+(?:interpreten|k[uü]nstler))?|multi-interpr[eè]tes|artisti\\s+vari|diverse\\s+(?:artiesten|artister))';
const VARIOUS_ARTISTS = new RegExp(`^\\s*${VARIOUS_ARTISTS_NAMES}\\s*$`, 'iu');
/** The same as the first credit of a credits line (splitArtists' first), read without splitting it. */
const FIRST_CREDIT_VARIOUS_ARTISTS = new RegExp(`^\\s*\\[?\\s*['"]?${VARIOUS_ARTISTS_NAMES}['"]?\\s*(?:$|[,;\\]])`, 'iu');

/** Whether one credited name is a compilation's "Various Artists". */
export function isVariousArtists(credit: string): boolean {
  return VARIOUS_ARTISTS.test(credit);
}

/**
 * Whether a song's credits line starts with "Various Artists": one regular expression over the
 * line, because a build asks it of every song several times (splitting every line first took
 * 0.9 s per million songs).
 */
export function creditedToVariousArtists(artists: string): boolean {
  return FIRST_CREDIT_VARIOUS_ARTISTS.test(artists);
}

/**
 * Words of credit lines that are not names. A one-word artist equal to one of them ("Music",
 * "Traditional") would otherwise "appear" in almost every credit.
 */
const CREDIT_WORDS = new Set(
  (
    'by and music lyrics words written performed produced composed arranged adapted sung played conducted courtesy of ' +
    'records record under license licence from as with featuring feat traditional uncredited song songs theme version ' +
    'orchestra original soundtrack score the a an in on for to'
  ).split(' '),
);

/** True when the token sequence `needle` occurs contiguously in `haystack`. */
function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) if (haystack[start + offset] !== needle[offset]) continue outer;
    return true;
  }
  return false;
}

/**
 * The song's artists that are named in `credits` (a free-text credit line such as "Written by
 * Phil Lynott (as Philip Parris Lynott), Performed by Thin Lizzy"). A name matches when all its
 * words occur in order as whole words, so "Sting" does not match "Stingray". One-word names need
 * three letters and must not be a credit word, which keeps "Music" or "X" from matching anything.
 */
export function artistOverlap(artists: readonly string[], credits: string): string[] {
  const creditTokens = foldText(credits).split(' ');
  const matched: string[] = [];
  for (const artist of artists) {
    const tokens = nameKey(artist)
      .split(' ')
      .filter((token) => token !== '');
    if (tokens.length === 0) continue;
    if (tokens.length === 1 && (tokens[0]!.length < 3 || CREDIT_WORDS.has(tokens[0]!))) continue;
    if (containsRun(creditTokens, tokens)) matched.push(artist);
  }
  return matched;
}
