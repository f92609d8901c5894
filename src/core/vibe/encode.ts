import { MOOD_AXES, type ItemFeatures } from '../features/types.js';
import { ERA_DIMS, filmEraRow, songEraRow, type EraFit } from '../features/era.js';
import { filmContentFit } from './ranker.js';
import { applyRidge, projectPca } from './linear.js';
import { standardisedMood, type VibeModel } from './model.js';
import { DREAD_PLACE, dreadReach, dreadValue, moodClashRow } from './mood-clash.js';
import type { VibeLayout } from './layout.js';
import { BLOCKS, type BlockName, type BlockWeights } from './weights.js';

/** What the blocks that need no fitted statistics are written with. */
type BlockSource = Pick<VibeModel, 'layout' | 'weights' | 'ranker'>;

/**
 * One vibe vector: every block L2-normalised and scaled by sqrt(weight), so the dot product of
 * two vectors is the weighted sum of block cosines. A block without information stays zero and
 * simply contributes nothing.
 */
export function encodeItem(item: ItemFeatures, model: VibeModel, posterEmbedding: Float32Array | null = null): Float32Array {
  const vector = new Float32Array(model.layout.dims);
  writeItemBlocks(vector, 0, item, model);
  writeMoodBlocks(vector, 0, item, model, posterEmbedding);
  return vector;
}

/**
 * The blocks that need no fitted statistics (genres, language, era, content, popularity), written
 * into `target` at `at`: a full build writes them while it reads the catalog, before the mood
 * statistics exist (writeMoodBlocks then completes the row).
 */
export function writeItemBlocks(target: Float32Array, at: number, item: ItemFeatures, model: BlockSource): void {
  const { layout } = model;
  const places = placesOf(layout);
  write(target, at, model, 'genre', placed(item.concepts, places.concepts, layout.concepts.length));
  write(target, at, model, 'language', placed(item.regions, places.regions, layout.regions.length));

  writeEra(target, at, model, item);
  writeContent(target, at, model, item);
  writeTopics(target, at, model, item);
  writeDread(target, at, model, item);

  const angle = (Math.max(0, Math.min(1, item.popularity)) * Math.PI) / 2;
  write(target, at, model, 'popularity', [Math.cos(angle), Math.sin(angle)]);
}

/** Each concept's and region's place in a layout's block, made once per layout (ids are unique: the bridge tables refuse repeats). */
const layoutPlaces = new WeakMap<VibeLayout, { readonly concepts: ReadonlyMap<string, number>; readonly regions: ReadonlyMap<string, number> }>();

function placesOf(layout: VibeLayout) {
  let places = layoutPlaces.get(layout);
  if (!places) {
    const placeOf = (names: readonly string[]) => new Map(names.map((name, index) => [name, index] as const));
    layoutPlaces.set(layout, (places = { concepts: placeOf(layout.concepts), regions: placeOf(layout.regions) }));
  }
  return places;
}

/**
 * An item's weights at their places in a block of `size` (0 elsewhere; names the layout lacks are
 * left out), in a scratch array: an item names a few of the layout's concepts, so this reads those
 * few instead of looking every concept of the layout up in the item.
 */
function placed(weights: ReadonlyMap<string, number>, places: ReadonlyMap<string, number>, size: number): Float32Array {
  const values = scratch(size);
  for (const [name, weight] of weights) {
    const place = places.get(name);
    if (place !== undefined) values[place] = weight;
  }
  return values;
}

/**
 * A zeroed array of `size` floats, reused: one is read by write() before the next is asked for.
 * Typed arrays of this size live outside V8's heap, and making three per item took most of the
 * 12 µs an item's blocks took to write (a million songs: 12.7 -> 1.8 s).
 */
const scratches = new Map<number, Float32Array<ArrayBuffer>>();
function scratch(size: number): Float32Array<ArrayBuffer> {
  let values = scratches.get(size);
  if (!values) scratches.set(size, (values = new Float32Array(size)));
  return values.fill(0);
}

/** A film's era row depends on its year alone (and the fit): made once per year. */
const filmEraRows = new WeakMap<EraFit, Map<number, Float32Array | null>>();
function filmEraRowOf(fit: EraFit, year: number | null): Float32Array | null {
  if (year === null) return null;
  let rows = filmEraRows.get(fit);
  if (!rows) filmEraRows.set(fit, (rows = new Map()));
  let row = rows.get(year);
  if (row === undefined) rows.set(year, (row = filmEraRow(year, fit)));
  return row;
}

/** The mood block (standardised by the kind's statistics) and the poster look. */
export function writeMoodBlocks(
  target: Float32Array,
  at: number,
  item: Pick<ItemFeatures, 'kind' | 'mood'>,
  model: VibeModel,
  posterEmbedding: Float32Array | null,
  /** The poster embedding already projected by the model's PCA (posterLooks), when the caller has it. */
  posterLook?: Float32Array,
): void {
  const mood = standardisedMood(item, model.moodStats[item.kind]);
  write(target, at, model, 'mood', mood);
  writeClash(target, at, model, item.kind, mood[VALENCE]!, mood[ENERGY]!);
  if (model.pca) {
    // A real poster when there is one; otherwise what posters of this mood tend to look like.
    const visual = posterEmbedding
      ? (posterLook ?? projectPca(model.pca, posterEmbedding, scratch(model.pca.outputDims)))
      : model.ridge
        ? applyRidge(model.ridge, mood, scratch(model.ridge.outputDims))
        : null;
    // Among films, a guessed look is shortened to score as widely as real posters do (MoodToLook);
    // songs' looks are all guessed alike.
    if (visual) write(target, at, model, 'visual', visual, !posterEmbedding && item.kind === 'movie' ? (model.ridge?.guessLength ?? 1) : 1);
  }
}

const VALENCE = MOOD_AXES.indexOf('valence');
const ENERGY = MOOD_AXES.indexOf('energy');

/** Not normalised: the clash's size is the point (vibe/mood-clash.ts). A model built before the block has none. */
function writeClash(target: Float32Array, at: number, model: VibeModel, kind: 'song' | 'movie', standardisedValence: number, standardisedEnergy: number): void {
  const { offset, dims } = model.layout.blocks.clash;
  if (dims === 0) return;
  const scale = Math.sqrt(model.weights.clash);
  const row = moodClashRow(kind, standardisedValence, standardisedEnergy);
  for (let index = 0; index < Math.min(dims, row.length); index++) target[at + offset + index] = row[index]! * scale;
}

/** Each layout's dread reach, made once (vibe/mood-clash.ts dreadReach). */
const layoutDreadReach = new WeakMap<VibeLayout, ReadonlyMap<string, number>>();

/** The clash block's dread (vibe/mood-clash.ts); a model built with fewer clash dims has none. */
function writeDread(target: Float32Array, at: number, model: BlockSource, item: Pick<ItemFeatures, 'kind' | 'concepts'>): void {
  const { layout } = model;
  const { offset, dims } = layout.blocks.clash;
  if (dims <= DREAD_PLACE) return;
  let reach = layoutDreadReach.get(layout);
  if (!reach) layoutDreadReach.set(layout, (reach = dreadReach(layout.conceptKin ?? [])));
  target[at + offset + DREAD_PLACE] = dreadValue(item.kind, item.concepts, reach) * Math.sqrt(model.weights.clash);
}

/**
 * The era block is not normalised: a song holds its release-era distribution (summing to 1) or,
 * when nothing dates it, 1 in the undated place; a film the learned fit at every release bin and
 * for undated songs (largest magnitude 1), so their dot product is the expected fit, in [−1, 1],
 * times the block's weight. A film with no year leaves it empty. A model built before the undated
 * place has one dim fewer: only its dims are written.
 */
function writeEra(target: Float32Array, at: number, model: BlockSource, item: ItemFeatures): void {
  const { offset, dims } = model.layout.blocks.era;
  if (dims === 0 || !model.ranker) return;
  const values = item.kind === 'song' ? songEraRow(item.era ?? null, scratch(ERA_DIMS)) : filmEraRowOf(model.ranker.eraFit, item.releaseYear);
  if (!values) return;
  const scale = Math.sqrt(model.weights.era);
  for (let index = 0; index < dims; index++) target[at + offset + index] = (values[index] ?? 0) * scale;
}

/**
 * Not normalised either: a song holds 1 for explicit lyrics and 1 for aggressive music, a
 * film the learned fit of each to it. A model built before the aggressive part writes only the first.
 */
function writeContent(target: Float32Array, at: number, model: BlockSource, item: ItemFeatures): void {
  const { offset, dims } = model.layout.blocks.content;
  if (dims === 0 || !model.ranker) return;
  const values = item.kind === 'song' ? songContent(item) : filmContentFit(model.ranker.contentFit, item.family === true);
  const scale = Math.sqrt(model.weights.content);
  for (let index = 0; index < Math.min(dims, values.length); index++) target[at + offset + index] = values[index]! * scale;
}

/**
 * Aggressive music: a song whose genres and tags give the "hard-hitting and aggressive" concept
 * (resources/vibe/concepts.json) at least half its weight — metal, hardcore, punk, industrial,
 * gangsta rap, dubstep — not rap or trap (0.2, 0.4), which family films do use. On the DEV
 * independent pairs 6.2 % of the catalog's songs are, 10.9 % of the songs of films in general, and
 * none of the 52 songs of family and children's films. Counting every share instead (rap's 0.2 too)
 * learned no fit at all; from 0.3 on, a weak one (−0.18 against −1.05).
 */
export const AGGRESSIVE_CONCEPT = 'aggressive';
const AGGRESSIVE_SHARE = 0.5;

/** A song's side of the content block: explicit lyrics, then aggressive music (each 0 or 1). */
function songContent(item: Pick<ItemFeatures, 'audio' | 'concepts'>): readonly [explicit: number, aggressive: number] {
  return [item.audio?.explicit === true ? 1 : 0, (item.concepts.get(AGGRESSIVE_CONCEPT) ?? 0) >= AGGRESSIVE_SHARE ? 1 : 0];
}

/**
 * Not normalised: a film holds 1 for each music it is about, a song its music as shares summing to
 * 1 (features/music-topics.ts), so a song of one topic gets the block's whole weight from a film
 * about it. A model built with fewer topics writes only its dims.
 */
function writeTopics(target: Float32Array, at: number, model: BlockSource, item: ItemFeatures): void {
  const { offset, dims } = model.layout.blocks.topic;
  if (dims === 0 || !item.topics) return;
  const scale = Math.sqrt(model.weights.topic);
  for (let index = 0; index < dims; index++) target[at + offset + index] = (item.topics[index] ?? 0) * scale;
}

/** Writes a block at its stored length sqrt(weight), or `length` times that. */
function write(target: Float32Array, at: number, model: Pick<VibeModel, 'layout' | 'weights'>, block: BlockName, values: ArrayLike<number>, length = 1): void {
  const { offset, dims } = model.layout.blocks[block];
  let norm = 0;
  for (let index = 0; index < dims; index++) norm += (values[index] ?? 0) ** 2;
  if (norm === 0 || !Number.isFinite(norm)) return;
  const scale = (length * Math.sqrt(model.weights[block])) / Math.sqrt(norm);
  for (let index = 0; index < dims; index++) target[at + offset + index] = (values[index] ?? 0) * scale;
}

/**
 * Re-weights a query instead of rebuilding the catalog. Stored items and profiles hold each
 * block as sqrt(w)·unit; scaling a profile block by w'/w makes it (w'/sqrt(w))·unit, so
 * item·query = Σ w'_b cos_b for the new weights w'.
 */
export function reweightQuery(query: Float32Array, model: VibeModel, weights: BlockWeights): Float32Array {
  const result = new Float32Array(query.length);
  for (const block of BLOCKS) {
    const { offset, dims } = model.layout.blocks[block];
    const stored = model.weights[block];
    if (stored <= 0) continue;
    const scale = weights[block] / stored;
    for (let index = offset; index < offset + dims; index++) result[index] = query[index]! * scale;
  }
  return result;
}

/** Per-block contributions of an item to a (re-weighted) query's score; they sum to the score. */
export function blockContributions(query: Float32Array, item: Float32Array, model: VibeModel): Record<BlockName, number> {
  const result = {} as Record<BlockName, number>;
  for (const block of BLOCKS) {
    const { offset, dims } = model.layout.blocks[block];
    let sum = 0;
    for (let index = offset; index < offset + dims; index++) sum += query[index]! * item[index]!;
    result[block] = sum;
  }
  return result;
}

export type { BlockWeights };
