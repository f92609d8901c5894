import { ERA_BIN_COUNT, ERA_GAP_BINS, gapBinOf, songEraSpan } from '../features/era.js';
import { MOOD_AXES, type MoodAxes } from '../features/types.js';
import { MUSIC_TOPICS } from '../features/music-topics.js';
import { blockContributions } from './encode.js';
import type { VibeModel } from './model.js';
import { kinPlaces } from './profile.js';
import type { BlockName } from './weights.js';

export interface PhraseBook {
  /** Short phrase for a vibe concept ("anime and Japanese animation"). */
  concept(id: string): string;
  /**
   * What a mood concept's phrase says of the mood ("intimate and personal": low energy, acoustic),
   * as raw 0..1 values on some axes; null for a concept that claims no mood (a style, "rock").
   */
  conceptMood(id: string): Partial<Readonly<Record<keyof MoodAxes, number>>> | null;
  /** Short phrase for a language/region bucket ("Japanese"). */
  region(id: string): string;
}

/**
 * What is known of the two sides beyond their vectors, so every reason can be checked against
 * the underlying values: a reason is only shown when it is true for both.
 */
export interface MatchFacts {
  /** Raw mood axes (0..1, MOOD_AXES order) of the query (the mean of the picks) and of the item. */
  readonly queryMood: readonly number[] | null;
  readonly itemMood: readonly number[] | null;
  /** Whether each side has a real poster embedding (a predicted look is never a reason). */
  readonly queryHasPoster: boolean;
  readonly itemHasPoster: boolean;
  /** Whether the query and the item are both movies (then the poster reason compares two posters). */
  readonly posterToPoster: boolean;
  /** The song's year (or null) and the film's year, for a song–film pair. */
  readonly era: { readonly songYear: number | null; readonly filmYear: number | null } | null;
  /** The kind being ranked: the language most of its items are in is no reason (see commonRegion). */
  readonly rankedKind?: 'song' | 'movie';
}

/**
 * The query's side of the concept reasons when it crosses kinds: its concepts before they reached
 * their kin (profile.ts meanProfile with kindred off), and which kind the query is (null for picks
 * of both kinds, which name no kin pair).
 */
export interface QueryConcepts {
  readonly own: Float32Array;
  readonly kind: 'song' | 'movie' | null;
}

export interface AxisContribution {
  readonly axis: keyof MoodAxes;
  readonly contribution: number;
  /** Where both sides sit on the axis when they agree. */
  readonly side: 'high' | 'low' | 'mixed';
}

export interface Explanation {
  /** Each block's part of the score; they sum to the score (a part can be negative). */
  readonly blocks: Record<BlockName, number>;
  readonly axes: readonly AxisContribution[];
  /** The two or three strongest things both sides really share, as short phrases. */
  readonly reasons: readonly string[];
}

/**
 * The words for each mood axis and what must hold, on the raw 0..1 values of BOTH sides, for the
 * word to be true. "Slow", "still" and "calm" also require low energy, so a loud song with a
 * lazy tempo is never called slow. High valence is "cheerful" (Spotify's own word for it), not
 * "upbeat", which also says lively: "both slow and upbeat" read as a contradiction.
 */
export const MOOD_WORDS: Readonly<Record<keyof MoodAxes, { readonly high: MoodWord; readonly low: MoodWord }>> = {
  valence: { high: { word: 'cheerful', holds: (m) => m.valence >= 0.6 }, low: { word: 'melancholy', holds: (m) => m.valence <= 0.35 } },
  energy: { high: { word: 'intense', holds: (m) => m.energy >= 0.65 }, low: { word: 'calm', holds: (m) => m.energy <= 0.4 } },
  danceability: {
    high: { word: 'rhythmic', holds: (m) => m.danceability >= 0.65 && m.energy >= 0.4 },
    low: { word: 'still', holds: (m) => m.danceability <= 0.35 && m.energy <= 0.5 },
  },
  acousticness: { high: { word: 'acoustic', holds: (m) => m.acousticness >= 0.6 }, low: { word: 'electric', holds: (m) => m.acousticness <= 0.2 } },
  pace: {
    high: { word: 'fast-paced', holds: (m) => m.pace >= 0.65 && m.energy >= 0.5 },
    low: { word: 'slow', holds: (m) => m.pace <= 0.35 && m.energy <= 0.5 },
  },
};

interface MoodWord {
  readonly word: string;
  readonly holds: (mood: MoodAxes) => boolean;
}

/** A concept or region must carry at least this share of each side's block to be named as shared. */
const SHARED_SHARE = 0.2;

interface Candidate {
  readonly strength: number;
  readonly phrase: string;
  readonly mood?: true;
}

/** Why an item matches a query: block parts, mood axes, and the strongest things both really share. */
export function explainMatch(
  query: Float32Array,
  item: Float32Array,
  model: VibeModel,
  phrases: PhraseBook,
  facts: MatchFacts,
  concepts: QueryConcepts | null = null,
): Explanation {
  const blocks = blockContributions(query, item, model);
  const candidates: Candidate[] = [];
  const mood = model.layout.blocks.mood;
  const queryMood = facts.queryMood ? moodOf(facts.queryMood) : null;
  const itemMood = facts.itemMood ? moodOf(facts.itemMood) : null;
  const axes = MOOD_AXES.map((axis, index): AxisContribution => {
    const q = query[mood.offset + index]!;
    const v = item[mood.offset + index]!;
    const contribution = q * v;
    const side = q > 0 && v > 0 ? 'high' : q < 0 && v < 0 ? 'low' : 'mixed';
    if (contribution > 0 && side !== 'mixed' && queryMood && itemMood) {
      const word = MOOD_WORDS[axis][side];
      if (word.holds(queryMood) && word.holds(itemMood)) candidates.push({ strength: contribution, phrase: word.word, mood: true });
    }
    return { axis, contribution, side };
  });
  // A concept is named only when each side holds it itself, never through its kin.
  const holds = (concept: string, side: 'query' | 'item') => {
    // "Intimate and personal" is no reason beside a loud electric song, whatever its tags say.
    const claim = phrases.conceptMood(concept);
    const mood = side === 'query' ? queryMood : itemMood;
    return !claim || (mood !== null && moodClaimHolds(claim, mood));
  };
  const shared = new Set<string>();
  sharedComponents(concepts?.own ?? query, item, model.layout.blocks.genre, model.layout.concepts, (concept, strength) => {
    if (!holds(concept, 'query') || !holds(concept, 'item')) return;
    shared.add(concept);
    candidates.push({ strength, phrase: phrases.concept(concept) });
  });
  const kindred = concepts?.kind ? kindredConcept(concepts, concepts.kind, item, model, phrases, holds, shared) : null;
  if (kindred) candidates.push(kindred);
  const common = facts.rankedKind ? commonRegion(model, facts.rankedKind) : null;
  const language = model.layout.blocks.language;
  const [queryOwn, itemOwn] = [ownRegions(query, language), ownRegions(item, language)];
  sharedComponents(query, item, language, model.layout.regions, (region, strength) => {
    const index = model.layout.regions.indexOf(region);
    if (region !== common && queryOwn.has(index) && itemOwn.has(index)) candidates.push({ strength, phrase: phrases.region(region) });
  });
  const visualReal = facts.posterToPoster ? facts.queryHasPoster && facts.itemHasPoster : facts.queryHasPoster || facts.itemHasPoster;
  if (visualReal && blocks.visual > 0.3 * model.weights.visual * visualScale(query, model))
    candidates.push({ strength: blocks.visual, phrase: facts.posterToPoster ? 'a similar poster look' : 'poster colours that match the mood' });
  const topic = model.layout.blocks.topic;
  for (let index = 0; index < topic.dims; index++) {
    const label = MUSIC_TOPICS[index]?.label;
    // Both sides hold the topic: the film's words name the music and the song's genres or tags are of it.
    if (label && query[topic.offset + index]! > 0 && item[topic.offset + index]! > 0)
      candidates.push({ strength: query[topic.offset + index]! * item[topic.offset + index]!, phrase: `${label}, which the film is about` });
  }
  const era = eraPhrase(facts.era) ?? undatedSongEraPhrase(facts, facts.rankedKind === 'song' ? item : query, model);
  if (era && blocks.era > 0) candidates.push({ strength: blocks.era, phrase: era });
  candidates.sort((a, b) => b.strength - a.strength);
  return { blocks, axes, reasons: phrasesFrom(candidates) };
}

/** For a song with no year of its own: the era its block holds (eraSpanPhrase), read from the song's side of the pair. */
function undatedSongEraPhrase(facts: MatchFacts, songSide: Float32Array, model: VibeModel): string | null {
  const { offset, dims } = model.layout.blocks.era;
  if (!facts.era || facts.era.songYear !== null || facts.rankedKind === undefined || dims < ERA_BIN_COUNT) return null;
  return eraSpanPhrase(songEraSpan(songSide.subarray(offset, offset + dims)), facts.era.filmYear);
}

/**
 * A mood concept's claim on an axis counts where it takes a clear side (MOOD_CLAIM_SIDE from the
 * middle); the claim is contradicted where the item sits clearly on the other side, at the
 * thresholds of the mood words ("calm" at most 0.4 energy is no "intense" at 0.65 or more).
 */
const MOOD_CLAIM_SIDE = 0.2;
const MOOD_CLAIM_HIGH = 0.65;
const MOOD_CLAIM_LOW = 0.35;

export function moodClaimHolds(claim: Partial<Readonly<Record<keyof MoodAxes, number>>>, mood: MoodAxes): boolean {
  for (const axis of MOOD_AXES) {
    const claimed = claim[axis];
    if (claimed === undefined || Math.abs(claimed - 0.5) < MOOD_CLAIM_SIDE) continue;
    if (claimed > 0.5 ? mood[axis] <= MOOD_CLAIM_LOW : mood[axis] >= MOOD_CLAIM_HIGH) return false;
  }
  return true;
}

function moodOf(values: readonly number[]): MoodAxes {
  return Object.fromEntries(MOOD_AXES.map((axis, index) => [axis, values[index] ?? 0.5])) as unknown as MoodAxes;
}

/** How strongly the query weighs the visual block relative to how it was stored (1 when unchanged). */
function visualScale(query: Float32Array, model: VibeModel): number {
  const { offset, dims } = model.layout.blocks.visual;
  let norm = 0;
  for (let index = offset; index < offset + dims; index++) norm += query[index]! ** 2;
  const stored = Math.sqrt(model.weights.visual);
  return stored > 0 ? Math.sqrt(norm) / stored : 0;
}

/**
 * The strongest pair of a song's concept and a film's kindred one ("pop song, uplifting and
 * feel-good film"), each held by its own side with at least SHARED_SHARE of its block and true of
 * that side's mood. One at most, and none that names a concept both sides already share: the
 * reasons stay three different things.
 */
function kindredConcept(
  concepts: QueryConcepts,
  queryKind: 'song' | 'movie',
  item: Float32Array,
  model: VibeModel,
  phrases: PhraseBook,
  holds: (concept: string, side: 'query' | 'item') => boolean,
  shared: ReadonlySet<string>,
): Candidate | null {
  const block = model.layout.blocks.genre;
  const query = shares(concepts.own, block);
  const other = shares(item, block);
  if (!query || !other) return null;
  const ids = model.layout.concepts;
  let best: Candidate | null = null;
  const consider = (from: number, to: number, weight: number) => {
    if (query[from]! < SHARED_SHARE || other[to]! < SHARED_SHARE || shared.has(ids[from]!) || shared.has(ids[to]!)) return;
    if (!holds(ids[from]!, 'query') || !holds(ids[to]!, 'item')) return;
    const strength = weight * concepts.own[block.offset + from]! * item[block.offset + to]!;
    if (best && best.strength >= strength) return;
    const [song, film] = queryKind === 'song' ? [from, to] : [to, from];
    best = { strength, phrase: `${phrases.concept(ids[song]!)} song, ${phrases.concept(ids[film]!)} film` };
  };
  for (const [a, b, weight] of kinPlaces(model.layout)) {
    consider(a, b, weight);
    consider(b, a, weight);
  }
  return best;
}

const commonRegions = new WeakMap<VibeModel, Partial<Record<'song' | 'movie', string | null>>>();

/**
 * The language region most items of a kind are in (the largest in the kind's mean vector), or
 * null before a full build has written the centroids. "English-language" is true of Pulp Fiction
 * and of most songs, and named as a reason it stood on seven of the eight rows of its list, in place
 * of something that set the song apart; a shared rarer language (French for Amélie) still is one.
 */
function commonRegion(model: VibeModel, kind: 'song' | 'movie'): string | null {
  const known = commonRegions.get(model)?.[kind];
  if (known !== undefined) return known;
  const { offset, dims } = model.layout.blocks.language;
  let best: string | null = null;
  let bestShare = 0;
  for (let region = 0; region < dims && model.centroids; region++) {
    const share = model.centroids[kind][offset + region]!;
    if (share > bestShare) [best, bestShare] = [model.layout.regions[region]!, share];
  }
  commonRegions.set(model, { ...commonRegions.get(model), [kind]: best });
  return best;
}

/**
 * A side's own languages: the regions holding at least OWN_REGION_RATIO of its largest. A Brazilian
 * song or film also leans "Latin" (half its Brazilian weight, resources/vibe/regions.json), which
 * helps it find Latin American music, but it is not Spanish-language: named as a shared language
 * for a samba song and a Brazilian film, "Latin and Spanish-language" was untrue of both.
 */
const OWN_REGION_RATIO = 0.75;

function ownRegions(vector: Float32Array, block: { offset: number; dims: number }): Set<number> {
  let largest = 0;
  for (let index = 0; index < block.dims; index++) largest = Math.max(largest, vector[block.offset + index]!);
  const own = new Set<number>();
  for (let index = 0; index < block.dims && largest > 0; index++) if (vector[block.offset + index]! >= OWN_REGION_RATIO * largest) own.add(index);
  return own;
}

/** Each value of a block as a share of the block's length (null for an empty block). */
function shares(vector: Float32Array, block: { offset: number; dims: number }): Float64Array | null {
  let sum = 0;
  for (let index = block.offset; index < block.offset + block.dims; index++) sum += vector[index]! ** 2;
  if (sum === 0) return null;
  const norm = Math.sqrt(sum);
  return Float64Array.from({ length: block.dims }, (_, index) => vector[block.offset + index]! / norm);
}

/** Concepts (or regions) both sides hold with at least SHARED_SHARE of their block, by contribution. */
function sharedComponents(
  query: Float32Array,
  item: Float32Array,
  block: { offset: number; dims: number },
  ids: readonly string[],
  add: (id: string, strength: number) => void,
): void {
  const queryShares = shares(query, block);
  const itemShares = shares(item, block);
  if (!queryShares || !itemShares) return;
  ids.forEach((id, index) => {
    if (queryShares[index]! >= SHARED_SHARE && itemShares[index]! >= SHARED_SHARE) add(id, query[block.offset + index]! * item[block.offset + index]!);
  });
}

/**
 * "released in 1972, a generation before the 1994 film": only with a real song year and film year,
 * and never for a song released after the film. The era fit counts songs up to a year after a film
 * as "from the same time" (songs written for a film may come out the next year), but a reader told
 * that a 1996 song is "from the film's own time" for Toy Story (1995) sees a song the film could not
 * have had.
 */
export function eraPhrase(era: MatchFacts['era']): string | null {
  if (!era || era.songYear === null || era.filmYear === null) return null;
  const gap = era.filmYear - era.songYear;
  if (gap < 0) return null;
  const bin = ERA_GAP_BINS[gapBinOf(gap)]!;
  if (bin.id === 'same-time') return `from the film's own time (${era.songYear})`;
  return `a ${era.songYear} song, ${describeGap(gap)} before the ${era.filmYear} film`;
}

/**
 * The era reason for a song without a year of its own, from the years its era block dates it to
 * (features/era.ts songEraSpan): "a 1978–79 song, about two decades before the 1995 film" (another
 * release of the recording or a song of its album dates it), "by a 1970s artist, about two decades
 * before the 1995 film" (its artist's decade tags; "the film's own decade" when the film is of it,
 * which says nothing of the song's year). Never when a year of a release span is after the film,
 * nor for an artist whose decade begins after it.
 */
export function eraSpanPhrase(span: ReturnType<typeof songEraSpan>, filmYear: number | null): string | null {
  if (!span || filmYear === null) return null;
  if (span.by === 'artist') {
    if (span.from > filmYear) return null;
    if (span.to >= filmYear) return `by a ${span.from}s artist, the film's own decade`;
    return `by a ${span.from}s artist, ${describeGap(Math.floor(filmYear - (span.from + span.to) / 2))} before the ${filmYear} film`;
  }
  if (span.to > filmYear) return null;
  const years = `${span.from}–${String(span.to).slice(-2)}`;
  const sameTime = [span.from, span.to].every((year) => ERA_GAP_BINS[gapBinOf(filmYear - year)]!.id === 'same-time');
  if (sameTime) return `from the film's own time (${years})`;
  return `a ${years} song, ${describeGap(Math.floor(filmYear - (span.from + span.to) / 2))} before the ${filmYear} film`;
}

function describeGap(years: number): string {
  if (years < 9) return `${years} years`;
  if (years < 15) return 'about a decade';
  const decades = Math.round(years / 10);
  return decades === 1 ? 'about a decade' : `about ${['', '', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'][decades] ?? decades} decades`;
}

/** Up to three reasons; mood words are merged into one "both … and …" phrase. */
function phrasesFrom(candidates: readonly Candidate[]): string[] {
  const top = candidates.slice(0, 3);
  const moods = top.filter((candidate) => candidate.mood).map((candidate) => candidate.phrase);
  const others = top.filter((candidate) => !candidate.mood).map((candidate) => candidate.phrase);
  const moodPhrase = moods.length > 0 ? [`both ${moods.join(' and ')}`] : [];
  return top[0]?.mood ? [...moodPhrase, ...others] : [...others, ...moodPhrase];
}
