import { MOOD_AXES, type MoodAxes } from '../features/types.js';
import { blockContributions } from './encode.js';
import type { VibeModel } from './model.js';
import type { BlockName } from './weights.js';

export interface PhraseBook {
  /** Short phrase for a vibe concept ("anime and Japanese animation"). */
  concept(id: string): string;
  /** Short phrase for a language/region bucket ("Japanese"). */
  region(id: string): string;
  /** The phrase for a strong visual match (default "a similar poster look"). */
  visual?: string;
}

export interface AxisContribution {
  readonly axis: keyof MoodAxes;
  readonly contribution: number;
  /** Where both sides sit on the axis when they agree. */
  readonly side: 'high' | 'low' | 'mixed';
}

export interface Explanation {
  /** Each block's share of the score; they sum to the score. */
  readonly blocks: Record<BlockName, number>;
  readonly axes: readonly AxisContribution[];
  /** The two or three strongest shared things, as short phrases. */
  readonly reasons: readonly string[];
}

const AXIS_WORDS: Record<keyof MoodAxes, readonly [high: string, low: string]> = {
  valence: ['upbeat', 'bittersweet'],
  energy: ['intense', 'calm'],
  danceability: ['rhythmic', 'still'],
  acousticness: ['acoustic', 'electric'],
  pace: ['fast-paced', 'slow'],
};

interface Candidate {
  readonly strength: number;
  readonly phrase: string;
  readonly mood?: true;
}

/** Why an item matches a query: block shares, mood axes, and the strongest shared concepts. */
export function explainMatch(query: Float32Array, item: Float32Array, model: VibeModel, phrases: PhraseBook): Explanation {
  const blocks = blockContributions(query, item, model);
  const candidates: Candidate[] = [];
  const mood = model.layout.blocks.mood;
  const axes = MOOD_AXES.map((axis, index): AxisContribution => {
    const q = query[mood.offset + index]!;
    const v = item[mood.offset + index]!;
    const contribution = q * v;
    const side = q > 0 && v > 0 ? 'high' : q < 0 && v < 0 ? 'low' : 'mixed';
    if (contribution > 0 && side !== 'mixed') candidates.push({ strength: contribution, phrase: AXIS_WORDS[axis][side === 'high' ? 0 : 1], mood: true });
    return { axis, contribution, side };
  });
  const genre = model.layout.blocks.genre;
  model.layout.concepts.forEach((concept, index) => {
    const contribution = query[genre.offset + index]! * item[genre.offset + index]!;
    if (contribution > 0) candidates.push({ strength: contribution, phrase: phrases.concept(concept) });
  });
  const language = model.layout.blocks.language;
  model.layout.regions.forEach((region, index) => {
    const contribution = query[language.offset + index]! * item[language.offset + index]!;
    if (contribution > 0) candidates.push({ strength: contribution, phrase: phrases.region(region) });
  });
  if (blocks.visual > 0.3 * model.weights.visual) candidates.push({ strength: blocks.visual, phrase: phrases.visual ?? 'a similar poster look' });
  candidates.sort((a, b) => b.strength - a.strength);
  return { blocks, axes, reasons: phrasesFrom(candidates) };
}

/** Up to three reasons; mood words are merged into one "both … and …" phrase. */
function phrasesFrom(candidates: readonly Candidate[]): string[] {
  const top = candidates.slice(0, 3);
  const moods = top.filter((candidate) => candidate.mood).map((candidate) => candidate.phrase);
  const others = top.filter((candidate) => !candidate.mood).map((candidate) => candidate.phrase);
  const reasons: string[] = [];
  if (moods.length > 0) reasons.push(`both ${moods.join(' and ')}`);
  reasons.push(...others);
  return top[0]?.mood ? reasons : [...others, ...(moods.length > 0 ? [`both ${moods.join(' and ')}`] : [])];
}
