import type { CatalogDatabase } from '../../db/open-database.js';
import type { Direction } from '../types.js';
import { CatalogIndex } from './catalog-index.js';
import { oscarPairs } from './oscar.js';
import { soundtrackAlbumPairs, type AlbumSourceOptions } from './soundtrack-albums.js';
import { soundtrackPairs } from './soundtracks.js';
import type { GroundTruthPair, GroundTruthResult, GroundTruthSource } from './types.js';

export { CatalogIndex } from './catalog-index.js';
export { oscarPairs } from './oscar.js';
export { GroundTruthSchemaError } from './read-table.js';
export { soundtrackAlbumPairs, type AlbumSourceOptions } from './soundtrack-albums.js';
export { soundtrackPairs, type SourceOptions } from './soundtracks.js';
export * from './types.js';

export interface GroundTruthOptions {
  /** Source (a): IMDb soundtrack listing files. */
  readonly soundtrackFiles?: readonly string[];
  /** Source (b): Oscar Best Original Song files. */
  readonly oscarFiles?: readonly string[];
  /** Source (c): soundtrack albums in the catalog; false leaves it out. Default: on. */
  readonly albums?: AlbumSourceOptions | false;
  readonly samplesPerReason?: number;
}

export interface GroundTruth {
  /** One result per source that ran, in the order (a), (b), (c). */
  readonly results: readonly GroundTruthResult[];
  /** Every distinct (movie, song) pair; a pair found by several sources keeps the first. */
  readonly pairs: readonly GroundTruthPair[];
  /** Which sources found each pair, keyed "movieId:songId". */
  readonly sourcesOf: ReadonlyMap<string, readonly GroundTruthSource[]>;
}

/** Builds all sources against one in-memory index of the catalog. */
export async function buildGroundTruth(db: CatalogDatabase, options: GroundTruthOptions): Promise<GroundTruth> {
  const index = CatalogIndex.load(db);
  const shared = { index, samplesPerReason: options.samplesPerReason };
  const results: GroundTruthResult[] = [];
  if (options.soundtrackFiles?.length) results.push(await soundtrackPairs(db, options.soundtrackFiles, shared));
  if (options.oscarFiles?.length) results.push(await oscarPairs(db, options.oscarFiles, shared));
  if (options.albums !== false) results.push(soundtrackAlbumPairs(db, { ...shared, ...(options.albums ?? {}) }));
  return mergeResults(results);
}

export function mergeResults(results: readonly GroundTruthResult[]): GroundTruth {
  const pairs = new Map<string, GroundTruthPair>();
  const sourcesOf = new Map<string, GroundTruthSource[]>();
  for (const result of results) {
    for (const pair of result.pairs) {
      const key = `${pair.movieId}:${pair.songId}`;
      if (!pairs.has(key)) pairs.set(key, pair);
      const sources = sourcesOf.get(key) ?? [];
      if (!sources.includes(pair.source)) sources.push(pair.source);
      sourcesOf.set(key, sources);
    }
  }
  return { results, pairs: [...pairs.values()], sourcesOf };
}

/**
 * The true partners of each query item: for 'movie-to-song', movie id → its songs; for
 * 'song-to-movie', song id → its movies. Ids are sorted so runs are reproducible.
 */
export function partnersByQuery(pairs: readonly GroundTruthPair[], direction: Direction): Map<number, number[]> {
  const partners = new Map<number, Set<number>>();
  for (const pair of pairs) {
    const [query, partner] = direction === 'movie-to-song' ? [pair.movieId, pair.songId] : [pair.songId, pair.movieId];
    const set = partners.get(query) ?? new Set<number>();
    set.add(partner);
    partners.set(query, set);
  }
  const sorted = [...partners.keys()].sort((a, b) => a - b);
  return new Map(sorted.map((query) => [query, [...partners.get(query)!].sort((a, b) => a - b)]));
}
