/**
 * Lookup tables from listeners' words (genre names, Last.fm tags) to what they say, written grouped
 * by meaning: each meaning once, with the words that carry it. Lookups are by own keys only, so a
 * tag such as "constructor" is an unknown tag like any other.
 */

/** Word → [language, strength], from language → strength → the words that name it at that strength. */
export function languageWords(
  byLanguage: Readonly<Record<string, Readonly<Record<number, readonly string[]>>>>,
): ReadonlyMap<string, readonly [string, number]> {
  const table = new Map<string, readonly [string, number]>();
  for (const [language, byStrength] of Object.entries(byLanguage))
    for (const [strength, words] of Object.entries(byStrength)) for (const word of words) addOnce(table, word, [language, Number(strength)]);
  return table;
}

/** Word → meaning, from [meaning, the words that carry it] pairs. */
export function wordsTable<T>(groups: readonly (readonly [T, readonly string[]])[]): ReadonlyMap<string, T> {
  const table = new Map<string, T>();
  for (const [meaning, words] of groups) for (const word of words) addOnce(table, word, meaning);
  return table;
}

function addOnce<T>(table: Map<string, T>, word: string, meaning: T): void {
  if (table.has(word)) throw new Error(`The word "${word}" is listed twice in a tag table.`);
  table.set(word, meaning);
}
