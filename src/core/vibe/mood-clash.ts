/**
 * The mood clash block: holds back a song and a film whose moods are clearly opposite — a bright,
 * happy song for a bleak film, a sombre one for a light comedy — without rewarding moods that
 * merely agree (that is the mood block's part, which the soundtrack ranker learns to weigh little:
 * on real soundtracks a song's mood barely predicts its film).
 *
 * Each side is read as how far its valence sits above and below its own kind's typical valence, in
 * standard deviations of that kind: film moods are read from genres, keywords and overview words and
 * crowd near the middle (5th to 95th percentile 0.27 to 0.75 on the DEV catalog) where songs' spread
 * over the whole range (0.08 to 0.88), so raw values would make nearly every bright song clash.
 * A pair's clash is brightness(song) × bleakness(film) + bleakness(song) × brightness(film), each
 * side in [0, 1] and full at FULL_CLASH_DEVIATIONS: a product, so it stays a dot product (the song
 * holds [bright, bleak], the film minus [bleak, bright]) and the engine's top-k stays exact.
 */

/** Two values per item: its brightness and its bleakness (crossed and negated on the film side). */
export const MOOD_CLASH_DIMS = 2;

/**
 * Standard deviations from the kind's mean valence at which a side counts fully: a clash needs both
 * items clearly on opposite sides, not a song a little above the middle against a film a little below.
 */
const FULL_CLASH_DEVIATIONS = 2;

/** How bright and how bleak an item is, each in [0, 1], from its valence standardised by its kind's statistics. */
export function moodSides(standardisedValence: number): { readonly bright: number; readonly bleak: number } {
  const side = (deviation: number) => Math.min(1, Math.max(0, deviation) / FULL_CLASH_DEVIATIONS);
  return { bright: side(standardisedValence), bleak: side(-standardisedValence) };
}

/** An item's clash block (before the block's weight): a song [bright, bleak], a film −[bleak, bright]. */
export function moodClashRow(kind: 'song' | 'movie', standardisedValence: number): [number, number] {
  const { bright, bleak } = moodSides(standardisedValence);
  return kind === 'song' ? [bright, bleak] : [-bleak, -bright];
}
