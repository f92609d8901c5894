import type { ConceptKin } from '../features/bridges.js';

/**
 * The mood clash block: holds back a song and a film whose moods are clearly opposite — a bright,
 * happy song for a bleak film, a sombre one for a light comedy, a calm piece for an intense film, a
 * pounding track for a quiet one — without rewarding moods that merely agree (that is the mood
 * block's part, which the soundtrack ranker learns to weigh little: on real soundtracks a song's
 * mood barely predicts its film).
 *
 * Each side is read on two axes, valence and energy, as how far it sits above and below its own
 * kind's typical value, in standard deviations of that kind: film moods are read from genres,
 * keywords and overview words and crowd near the middle (valence: 5th to 95th percentile 0.27 to
 * 0.75 on the DEV catalog) where songs' spread over the whole range (0.08 to 0.88), so raw values
 * would make nearly every bright song clash. A pair's clash is, per axis, above(song) × below(film)
 * + below(song) × above(film), each side in [0, 1] and full at FULL_CLASH_DEVIATIONS: products, so
 * it stays a dot product (the song holds [bright, bleak, intense, calm], the film minus [bleak,
 * bright, calm, intense]) and the engine's top-k stays exact.
 *
 * Energy joined valence on 2026-12-07: a quiet piece from Spirited Away's score had five action
 * anime films in its first ten (Naruto, Pokémon), which nothing held back, since its valence is
 * the middle of songs'. With it, the evaluation's song → film AUC went from 0.811 to 0.816 and
 * film → song from 0.913 to 0.911 (cross-fitted), and the vibe panel as shipped from 38 to 39.
 *
 * Dread is the fifth value: a film's dread (how eerie it is: horror, ghosts, slashers) needs a song
 * that can carry it. Mood axes can't tell fear from excitement (a horror film's mood is low valence
 * and high energy, as is much pop), so "All I Want for Christmas Is You" got The Texas Chain Saw
 * Massacre. A pair's dread clash is the film's dread × (1 − what dread the song can carry): full for
 * a pop song and a slasher, none for dark ambient, nothing for a film without dread, and nothing
 * for a song whose style is unknown (no concepts: not knowing is no contradiction).
 */

/**
 * Five values per item: how bright and how bleak, then how intense and how calm it is (crossed and
 * negated on the film side), then the dread (dreadValue).
 */
export const MOOD_CLASH_DIMS = 5;

/** Where the energy clash starts in the block, and where the dread sits; a model built with fewer clash dims has none of them. */
export const ENERGY_CLASH_PLACE = 2;
export const DREAD_PLACE = 4;

/** The concepts a film's dread is made of: eerie alone (dark and tense are most dramas' and thrillers'). */
const FILM_DREAD_CONCEPT = 'eerie';
/** The concepts that let a song carry dread: eerie and dark music (darkwave, doom, black metal, dark ambient). */
const SONG_DREAD_CONCEPTS = ['eerie', 'dark'] as const;

/**
 * Standard deviations from the kind's mean valence at which a side counts fully: a clash needs both
 * items clearly on opposite sides, not a song a little above the middle against a film a little below.
 */
const FULL_CLASH_DEVIATIONS = 2;

/** How far above and below its kind's mean an axis sits, each in [0, 1], full at FULL_CLASH_DEVIATIONS. */
function sides(deviation: number): { readonly above: number; readonly below: number } {
  const side = (value: number) => Math.min(1, Math.max(0, value) / FULL_CLASH_DEVIATIONS);
  return { above: side(deviation), below: side(-deviation) };
}

/** How bright and how bleak an item is, each in [0, 1], from its valence standardised by its kind's statistics. */
export function moodSides(standardisedValence: number): { readonly bright: number; readonly bleak: number } {
  const { above, below } = sides(standardisedValence);
  return { bright: above, bleak: below };
}

/**
 * An item's clash block (before the block's weight): a song [bright, bleak, intense, calm], a film
 * −[bleak, bright, calm, intense]. A model built with two clash dims holds the first two.
 */
export function moodClashRow(kind: 'song' | 'movie', standardisedValence: number, standardisedEnergy: number): [number, number, number, number] {
  const { bright, bleak } = moodSides(standardisedValence);
  const { above: intense, below: calm } = sides(standardisedEnergy);
  return kind === 'song' ? [bright, bleak, intense, calm] : [-bleak, -bright, -calm, -intense];
}

/**
 * How far each concept lets a song carry dread: 1 for the dread concepts themselves; for a concept
 * kindred to them, the chance that one of its ties does, 1 − Π(1 − kin weight) (metal, kin to dark
 * at 0.4 and to eerie at 0.3: 0.58); absent otherwise.
 */
export function dreadReach(conceptKin: readonly ConceptKin[]): ReadonlyMap<string, number> {
  const isDread = (concept: string) => (SONG_DREAD_CONCEPTS as readonly string[]).includes(concept);
  const missed = new Map<string, number>();
  for (const { a, b, weight } of conceptKin)
    for (const [concept, other] of [
      [a, b],
      [b, a],
    ] as const)
      if (isDread(other) && !isDread(concept)) missed.set(concept, (missed.get(concept) ?? 1) * (1 - Math.min(1, weight)));
  const reach = new Map<string, number>(SONG_DREAD_CONCEPTS.map((concept) => [concept, 1]));
  for (const [concept, miss] of missed) reach.set(concept, 1 - miss);
  return reach;
}

/**
 * An item's dread value (before the block's weight): a film −(how eerie it is); a song 1 − (how
 * much dread it can carry: the chance that one of its concepts does, each by its weight × reach),
 * which is Π(1 − weight × reach); 0 for a song without concepts.
 */
export function dreadValue(kind: 'song' | 'movie', concepts: ReadonlyMap<string, number>, reach: ReadonlyMap<string, number>): number {
  if (kind === 'movie') return -Math.min(1, concepts.get(FILM_DREAD_CONCEPT) ?? 0);
  if (concepts.size === 0) return 0;
  let uncarried = 1;
  for (const [concept, weight] of concepts) uncarried *= 1 - Math.min(1, weight * (reach.get(concept) ?? 0));
  return uncarried;
}
