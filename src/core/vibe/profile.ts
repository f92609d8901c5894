import { reweightQuery } from './encode.js';
import type { QueryConcepts } from './explain.js';
import type { VibeLayout } from './layout.js';
import type { VibeModel } from './model.js';
import { BLOCKS, type BlockWeights } from './weights.js';

interface ProfileOptions {
  /** Per pick: whether it is of the other kind than the target, so its era block counts. Default: none do. */
  readonly eraFrom?: readonly boolean[];
  /**
   * Per pick: its kind, to subtract the mean vector of that kind (CENTRED_BLOCKS only). Centring
   * removes what every item of the kind shares, so an item that is close to everything (a "hub")
   * stops topping every list. Default: no centring.
   */
  readonly centreKinds?: readonly ('song' | 'movie')[];
  /**
   * The kind being ranked: with centring, a shared language then counts by how rare it is among
   * that kind (see languageInformation).
   */
  readonly targetKind?: 'song' | 'movie';
  /**
   * Whether picks of the other kind than the target reach their concepts' kin (reachKindredConcepts).
   * Default true; explanations read the picks' own concepts with false.
   */
  readonly kindred?: boolean;
}

/**
 * The blocks whose catalog mean is subtracted from a query. Popularity is not centred: it only
 * breaks ties. Era is not either: the learned era table already holds what every song era and
 * film decade share (its decade terms), and subtracting the mean era would hand songs with no
 * known era a made-up preference. Models built by the first ranker (eraCentred) centred it.
 */
const CENTRED_BLOCKS = ['mood', 'genre', 'language', 'visual'] as const;

/** Blocks that only speak across kinds, as a plain mean of the picks of the other kind. */
const CROSS_KIND_BLOCKS = ['era', 'content', 'topic', 'clash'] as const;

/**
 * A taste profile from any mix of picked songs and movies: the mean of their vectors, with each
 * block renormalised to its stored scale so a profile is shaped exactly like an item.
 */
export function meanProfile(picks: readonly Float32Array[], model: VibeModel, options: ProfileOptions = {}): Float32Array {
  if (picks.length === 0) throw new Error('A profile needs at least one picked song or movie.');
  const profile = new Float32Array(model.layout.dims);
  for (const pick of picks) for (let index = 0; index < profile.length; index++) profile[index]! += pick[index]! / picks.length;
  // Era and content are asymmetric (a song's release bins or lyrics against a film's learned fit):
  // only picks of the other kind than the target speak to them, as their plain mean, never renormalised.
  const eraPicks = picks.filter((_, index) => options.eraFrom?.[index] === true);
  for (const block of CROSS_KIND_BLOCKS) {
    const { offset, dims } = model.layout.blocks[block];
    for (let index = offset; index < offset + dims; index++)
      profile[index] = eraPicks.length === 0 ? 0 : eraPicks.reduce((sum, pick) => sum + pick[index]!, 0) / eraPicks.length;
  }
  // Variety: items store minus their exposure to first pages (vibe/exposure.ts); a query holds 1,
  // so the block subtracts that exposure, as much as the intent weighs variety.
  const variety = model.layout.blocks.variety;
  for (let index = variety.offset; index < variety.offset + variety.dims; index++) profile[index] = Math.sqrt(model.weights.variety);
  for (const block of BLOCKS) {
    if (block === 'variety' || (CROSS_KIND_BLOCKS as readonly string[]).includes(block)) continue;
    const { offset, dims } = model.layout.blocks[block];
    let norm = 0;
    for (let index = offset; index < offset + dims; index++) norm += profile[index]! ** 2;
    const scale = norm > 1e-12 ? Math.sqrt(model.weights[block]) / Math.sqrt(norm) : 0;
    for (let index = offset; index < offset + dims; index++) profile[index] = profile[index]! * scale;
  }
  const all = options.centreKinds;
  if (all && all.length > 0 && model.centroids)
    for (const block of model.eraCentred ? [...CENTRED_BLOCKS, 'era' as const] : CENTRED_BLOCKS) {
      // The era block holds only the picks of the other kind than the target: centre on theirs.
      const kinds = block === 'era' ? all.filter((_, index) => options.eraFrom?.[index] === true) : all;
      if (kinds.length === 0) continue;
      const { offset, dims } = model.layout.blocks[block];
      for (let index = offset; index < offset + dims; index++) {
        let mean = 0;
        for (const kind of kinds) mean += model.centroids[kind][index] ?? 0;
        profile[index] = profile[index]! - mean / kinds.length;
      }
    }
  if (options.kindred !== false) reachKindredConcepts(profile, model, crossKindShare(options, picks.length));
  if (options.targetKind === 'movie') {
    // The topic block here holds the song picks' music: a common music leads less to films about it.
    const distinctiveness = topicDistinctiveness(model);
    if (distinctiveness) {
      const { offset } = model.layout.blocks.topic;
      distinctiveness.forEach((weight, topic) => (profile[offset + topic] = profile[offset + topic]! * weight));
    }
  }
  if (all && all.length > 0 && options.targetKind) {
    const information = languageInformation(model, options.targetKind);
    if (information) {
      const { offset } = model.layout.blocks.language;
      information.forEach((weight, region) => (profile[offset + region] = profile[offset + region]! * weight));
    }
  }
  return profile;
}

/**
 * A query re-weighted for ranking, and for one that crosses kinds the picks' own concepts before
 * they reached their kin, re-weighted alike: explanations name only concepts a side holds itself.
 */
export function queryWithConcepts(
  picks: readonly Float32Array[],
  model: VibeModel,
  options: ProfileOptions & { readonly targetKind: 'song' | 'movie' },
  weights: BlockWeights,
): { readonly query: Float32Array; readonly concepts: QueryConcepts | null } {
  const own = meanProfile(picks, model, { ...options, kindred: false });
  const share = crossKindShare(options, picks.length);
  if (share === 0) return { query: reweightQuery(own, model, weights), concepts: null };
  // The kin touch the genre block alone, which nothing after them in meanProfile does: reached here, the query is meanProfile's.
  const reached = own.slice();
  reachKindredConcepts(reached, model, share);
  // Which side of a kin pair the query is, only when every pick is of the other kind.
  const kind = share === 1 ? (options.targetKind === 'movie' ? 'song' : 'movie') : null;
  return { query: reweightQuery(reached, model, weights), concepts: { own: reweightQuery(own, model, weights), kind } };
}

/** The share of picks of the other kind than the target (0 without kinds or a target). */
function crossKindShare(options: ProfileOptions, pickCount: number): number {
  const kinds = options.centreKinds;
  return kinds && options.targetKind ? kinds.filter((kind) => kind !== options.targetKind).length / pickCount : 0;
}

const kinPlacesCache = new WeakMap<VibeLayout, readonly (readonly [a: number, b: number, weight: number])[]>();

export function kinPlaces(layout: VibeLayout): readonly (readonly [a: number, b: number, weight: number])[] {
  let places = kinPlacesCache.get(layout);
  if (!places) {
    const place = new Map(layout.concepts.map((id, index) => [id, index]));
    places = (layout.conceptKin ?? []).flatMap(({ a, b, weight }) => (place.has(a) && place.has(b) ? [[place.get(a)!, place.get(b)!, weight] as const] : []));
    kinPlacesCache.set(layout, places);
  }
  return places;
}

/**
 * Across kinds, a query's concepts also reach their kin (resources/vibe/concepts.json kin): songs
 * carry styles and films moods, so a pop song and a feel-good film share almost no concept, and
 * without this the genre block said next to nothing across kinds (Dancing Queen's genre block
 * scored Mamma Mia! below the mean film). Each concept lends each kindred one its (centred) value
 * times the kinship and the share of picks of the other kind; the block keeps its length, so it
 * keeps its weight. Query side only: it stays a dot product with the stored vectors.
 */
function reachKindredConcepts(profile: Float32Array, model: VibeModel, crossShare: number): void {
  const kin = kinPlaces(model.layout);
  if (kin.length === 0 || crossShare === 0) return;
  const { offset, dims } = model.layout.blocks.genre;
  const own = profile.slice(offset, offset + dims);
  for (const [a, b, weight] of kin) {
    profile[offset + a]! += crossShare * weight * own[b]!;
    profile[offset + b]! += crossShare * weight * own[a]!;
  }
  const before = Math.hypot(...own);
  let after = 0;
  for (let index = offset; index < offset + dims; index++) after += profile[index]! ** 2;
  const scale = after > 1e-12 ? before / Math.sqrt(after) : 0;
  for (let index = offset; index < offset + dims; index++) profile[index] = profile[index]! * scale;
}

/** A region shared by fewer items than this share counts as if this many shared it. */
const RAREST_SHARE = 0.002;
const informationCache = new WeakMap<VibeModel, Partial<Record<'song' | 'movie', Float32Array>>>();

/**
 * How much a shared language says, per region: its surprisal −ln(share) among the items of the
 * kind being ranked, the share read from the kind's mean vector. Two items both in English, which
 * most of a catalog is, say little about each other; a French film and a French song say a lot
 * (a tf-idf weighting of the language block, on the query side only, so it stays a dot product
 * with the stored vectors and adds no parameter). The DEV pairs are 185 English-language films
 * of 192 with a language, so they can hardly speak to it: with it (fitted again, cross-fitted) AUC
 * stayed 0.782 song → movie and went 0.908 → 0.904 movie → song, movie → song Recall@50 6.0 % →
 * 5.4 % (10 → 9 of 168 queries), the most recommended song 12.5 % → 13.1 % of lists; the learned
 * language weight rose from 0.026 to 0.067, and the vibe panel went from 31 to 35 of 46 (Amélie,
 * Crouching Tiger and Dilwale Dulhania Le Jayenge now get songs in their language; before, the
 * film's year decided their lists alone). Weighing only the query's own languages (mismatches as
 * centred) did no better: AUC 0.777 / 0.905, panel 33 (2026-12-05).
 * Null before a full build has written the centroids.
 */
export function languageInformation(model: VibeModel, kind: 'song' | 'movie'): Float32Array | null {
  if (!model.centroids || !(model.weights.language > 0)) return null;
  const cached = informationCache.get(model)?.[kind];
  if (cached) return cached;
  const { offset, dims } = model.layout.blocks.language;
  const scale = Math.sqrt(model.weights.language);
  const information = Float32Array.from({ length: dims }, (_, region) => -Math.log(Math.max(RAREST_SHARE, model.centroids![kind][offset + region]! / scale)));
  informationCache.set(model, { ...informationCache.get(model), [kind]: information });
  return information;
}

/**
 * A music (topic) held by more than this share of the songs is common: a song of it leads to films
 * about it by the square of how much rarer than that it is.
 */
const DISTINCT_TOPIC_SHARE = 0.01;
const distinctivenessCache = new WeakMap<VibeModel, Float32Array | null>();

/**
 * How strongly a song's music (topic block) leads to films about that music, per topic:
 * min(1, (DISTINCT_TOPIC_SHARE / the share of songs of the topic)²), the share read from the songs'
 * mean vector. Every song of a topic lifts the same few films about it, and films of one era score
 * so alike for a song that any lift decides: at full weight rock, 11 % of the DEV catalog's songs,
 * put Singles, The Doors and Wayne's World on 27 % of all song → film lists (the guard allows 10 %),
 * and at min(1, 5 % / share), not squared, still on 27 %. Jazz, disco, classical music and Christmas
 * songs, under 1 % each, lead straight to films about them. The other way, a film about jazz lifts
 * jazz songs at full weight: the lists then share jazz, not one song. Query side only, so it stays
 * a dot product. Null before a full build has written the centroids.
 */
export function topicDistinctiveness(model: VibeModel): Float32Array | null {
  const cached = distinctivenessCache.get(model);
  if (cached !== undefined) return cached;
  const { offset, dims } = model.layout.blocks.topic;
  const scale = Math.sqrt(model.weights.topic);
  const result =
    !model.centroids || dims === 0 || !(scale > 0)
      ? null
      : Float32Array.from({ length: dims }, (_, topic) =>
          Math.min(1, (DISTINCT_TOPIC_SHARE / Math.max(1e-9, model.centroids!.song[offset + topic]! / scale)) ** 2),
        );
  distinctivenessCache.set(model, result);
  return result;
}

/**
 * Blend mode: interleaves the ranked results of each pick so every pick stays represented
 * (round-robin, best first, each item once). Input lists are already ranked per pick.
 */
export function interleaveByPick<T>(perPick: readonly (readonly T[])[], key: (item: T) => number, k: number): T[] {
  const result: T[] = [];
  const seen = new Set<number>();
  const cursors = perPick.map(() => 0);
  while (result.length < k) {
    let advanced = false;
    for (let pick = 0; pick < perPick.length && result.length < k; pick++) {
      const list = perPick[pick]!;
      while (cursors[pick]! < list.length) {
        const item = list[cursors[pick]!++]!;
        if (seen.has(key(item))) continue;
        seen.add(key(item));
        result.push(item);
        advanced = true;
        break;
      }
    }
    if (!advanced) break;
  }
  return result;
}
