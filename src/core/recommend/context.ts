import type { CatalogDatabase } from '../db/open-database.js';
import { loadSoundtrackLinks } from '../links/soundtrack-links.js';
import { SoundtrackLinkIndex } from './links.js';
import { loadRecordingGroupsCached } from './recording-groups-snapshot.js';
import type { RecommendContext } from './recommend.js';

/**
 * What recommendations need from the catalog beyond the vectors: explicit soundtrack links and
 * recording groups (one recording under several ids). With a snapshot folder the recording groups
 * are read from a snapshot while the catalog's songs are as they were when it was written: grouping
 * a million songs normalises every title and artist (seconds), most of a start otherwise.
 */
export function loadRecommendContext(db: CatalogDatabase, options: { readonly snapshotDir?: string } = {}): RecommendContext {
  return { links: new SoundtrackLinkIndex(loadSoundtrackLinks(db)), recordings: loadRecordingGroupsCached(db, options.snapshotDir) };
}
