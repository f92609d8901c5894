import type { CatalogDatabase } from '../db/open-database.js';
import type { RecommendRequest } from '../recommend/recommend.js';
import type { VibeIndex } from '../recommend/vibe-index.js';
import { TasteStore } from './taste-store.js';

/**
 * Expands a taste profile into picks: its TASTE_PICKS (25) heaviest items that are in the vibe
 * space, each weighted by its rating or play time relative to the heaviest (so the profile is the
 * weighted mean of those items). Picks the request already has count as much as the heaviest item.
 * Throws TasteError when the profile is unknown or none of its items is in the vibe space.
 */
export function withTastePicks(db: CatalogDatabase, index: VibeIndex, request: RecommendRequest, profileId: number): RecommendRequest {
  const store = new TasteStore(db);
  const kindIndex = index.of(store.get(profileId).kind);
  const taste = store.picks(profileId, (id) => kindIndex.rowOf(id) >= 0);
  const own = request.picks.map((pick) => ({ pick, weight: 1 }));
  const fromTaste = taste.picks
    .filter((pick) => !request.picks.some((chosen) => chosen.kind === taste.kind && chosen.id === pick.id))
    .map((pick) => ({ pick: { kind: taste.kind, id: pick.id }, weight: pick.weight }));
  const all = [...own, ...fromTaste];
  return { ...request, picks: all.map((entry) => entry.pick), pickWeights: all.map((entry) => entry.weight) };
}
