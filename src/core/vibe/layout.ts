import type { Bridges, ConceptKin } from '../features/bridges.js';
import type { BlockName } from './weights.js';
import { BLOCKS } from './weights.js';
import { ERA_DIMS } from '../features/era.js';
import { MOOD_AXES } from '../features/types.js';
import { MUSIC_TOPIC_COUNT } from '../features/music-topics.js';
import { MOOD_CLASH_DIMS } from './mood-clash.js';

/** Where each block sits in a vibe vector. Dimensions are padded to a multiple of 16 for the engine's SIMD scan. */
export interface VibeLayout {
  readonly concepts: readonly string[];
  /**
   * Kindred concepts across songs and films (resources/vibe/concepts.json kin): a query reaches the
   * other kind's concepts through them (profile.ts). Absent on models built before: served without.
   */
  readonly conceptKin?: readonly ConceptKin[];
  readonly regions: readonly string[];
  /** Bridges.digest of the tables the items were encoded with; absent on models built before it. */
  readonly tablesDigest?: string;
  readonly visualDims: number;
  readonly blocks: Readonly<Record<BlockName, { readonly offset: number; readonly dims: number }>>;
  readonly dims: number;
}

export const POPULARITY_DIMS = 2;
/** One value per item: minus its exposure (src/core/vibe/exposure.ts); 1 on a cross-kind query. */
const VARIETY_DIMS = 1;
/**
 * A song: 1 when its lyrics are explicit, then 1 when its music is aggressive. A film: the
 * learned fit of each to it (src/core/vibe/ranker.ts filmContentFit).
 */
const CONTENT_DIMS = 2;

/**
 * Whether a layout was built from the vibe tables as they are now (Bridges.digest): items encoded
 * from other tables cannot join its rows, and its queries and reasons miss what was changed.
 */
export function builtWithTables(layout: VibeLayout, bridges: Pick<Bridges, 'digest'>): boolean {
  return layout.tablesDigest === bridges.digest;
}

export function createLayout(
  concepts: readonly string[],
  regions: readonly string[],
  visualDims: number,
  conceptKin: readonly ConceptKin[] = [],
  tablesDigest?: string,
): VibeLayout {
  const sizes: Record<BlockName, number> = {
    mood: MOOD_AXES.length,
    genre: concepts.length,
    language: regions.length,
    era: ERA_DIMS,
    popularity: POPULARITY_DIMS,
    visual: visualDims,
    variety: VARIETY_DIMS,
    content: CONTENT_DIMS,
    topic: MUSIC_TOPIC_COUNT,
    // Opposite moods and a film's dread against a song that can't carry it (vibe/mood-clash.ts).
    clash: MOOD_CLASH_DIMS,
  };
  let offset = 0;
  const blocks = {} as Record<BlockName, { offset: number; dims: number }>;
  for (const block of BLOCKS) {
    blocks[block] = { offset, dims: sizes[block] };
    offset += sizes[block];
  }
  return {
    concepts: [...concepts],
    conceptKin: [...conceptKin],
    regions: [...regions],
    ...(tablesDigest !== undefined ? { tablesDigest } : {}),
    visualDims,
    blocks,
    dims: Math.ceil(offset / 16) * 16,
  };
}
