/**
 * Reading the `Soundtrack` column of the IMDb soundtrack listings. The column looks like a Python
 * list literal, but it was written by string concatenation, so quotes inside entries are not
 * escaped ("['You've Got a Friend in Me Written by Randy Newman', 'Stand By Me ...']") and a
 * Python/JSON parser cannot read it. Each entry runs the song title and its credits together.
 */

export interface SoundtrackEntry {
  /** The entry as listed. */
  readonly raw: string;
  /** The song title: the text before the first credit marker. */
  readonly title: string;
  /** Everything after the title ("Written by …, Performed by …"); empty when there are no credits. */
  readonly credits: string;
}

/**
 * The entries of one listing. Entries are separated by "', '" (or the double-quoted variants a
 * real repr would produce), and the whole list is wrapped in "['" … "']". About one listing in
 * twelve was written with backslash-escaped quotes ("\\', \\'") instead; those are unescaped
 * first. A stray "]" before the separator (entries quoting an opera title, "from Opera "Idaspe"]")
 * is tolerated. An entry that contains "', '" itself would be split in two.
 */
export function parseSoundtrackList(text: string): string[] {
  const trimmed = text.trim().replace(/\\(['"])/gu, '$1');
  if (trimmed === '' || trimmed === '[]') return [];
  const inner = trimmed.replace(/^\[\s*['"]?/u, '').replace(/['"]?\s*\]$/u, '');
  return inner
    .split(/['"]\]?,\s*['"]/u)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const ROLE = '(?:music|lyrics|words|written|composed|performed|produced|arranged|adapted|sung|played|conducted|orchestrated|recorded|remixed)';
/**
 * "Written by", "Music and Lyrics by", "Written and Performed by", "Composed by", optionally after a
 * comma. Role words join with "and", "&" or commas before the final "by".
 */
const ROLE_MARKER = new RegExp(`,?\\s+${ROLE}(?:\\s*(?:,|and|&)\\s*${ROLE})*\\s+by\\b`, 'iu');
/** Entries without a role: ", Traditional", " (uncredited)", ", (Craig Hubber)", ", Courtesy of …". */
const OTHER_MARKER = /,?\s+(?:\(uncredited\)|traditional\b|courtesy of\b)|,\s*\(/iu;
/** A bare " by " as in "Stella By Starlight by Ned Washington": the last one is the credit. */
const BARE_BY = /,?\s+by\s+/giu;

/**
 * Splits an entry into title and credits. The role markers come first because titles contain
 * "by" ("Stand By Me Written by …"); without a role word, the last bare "by" splits, so "Stella By
 * Starlight by Ned Washington" keeps its title whole.
 */
export function splitSoundtrackEntry(raw: string): SoundtrackEntry {
  const text = raw.trim();
  const cuts: number[] = [];
  const role = ROLE_MARKER.exec(text);
  if (role && role.index > 0) cuts.push(role.index);
  const other = OTHER_MARKER.exec(text);
  if (other && other.index > 0) cuts.push(other.index);
  if (cuts.length === 0) {
    let last = -1;
    for (const match of text.matchAll(BARE_BY)) if (match.index > 0) last = match.index;
    if (last > 0) cuts.push(last);
  }
  if (cuts.length === 0) return { raw: text, title: stripTitle(text), credits: '' };
  const cut = Math.min(...cuts);
  return { raw: text, title: stripTitle(text.slice(0, cut)), credits: text.slice(cut).replace(/^,?\s*/u, '') };
}

/** Quotes and trailing commas around the title ("'Round Midnight," → "'Round Midnight"). */
function stripTitle(title: string): string {
  return title
    .replace(/[\s,;:]+$/u, '')
    .replace(/^"|"$/gu, '')
    .trim();
}
