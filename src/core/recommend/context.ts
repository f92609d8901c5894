import type { CatalogDatabase } from '../db/open-database.js';
import { soundtrackLinkLookup } from '../links/soundtrack-links.js';
import { MAX_LINKS_PER_PICK } from './links.js';
import { loadRecordingGroupsCached } from './recording-groups-snapshot.js';
import type { RecommendContext } from './recommend.js';

/**
 * What recommendations need from the catalog beyond the vectors: explicit soundtrack links (read
 * per pick) and recording groups (one recording under several ids). With a snapshot folder the recording groups
 * are read from a snapshot while the catalog's songs are as they were when it was written: grouping
 * a million songs normalises every title and artist (seconds), most of a start otherwise.
 */
export function loadRecommendContext(db: CatalogDatabase, options: { readonly snapshotDir?: string } = {}): RecommendContext {
  return { links: soundtrackLinkLookup(db, MAX_LINKS_PER_PICK), recordings: loadRecordingGroupsCached(db, options.snapshotDir) };
}
