import type { CatalogDatabase } from '../db/open-database.js';
import { loadRecordingGroups } from '../catalog/recordings.js';
import { loadSoundtrackLinks } from '../links/soundtrack-links.js';
import { SoundtrackLinkIndex } from './links.js';
import type { RecommendContext } from './recommend.js';

/** What recommendations need from the catalog beyond the vectors: explicit soundtrack links and recording groups (one recording under several ids). */
export function loadRecommendContext(db: CatalogDatabase): RecommendContext {
  return { links: new SoundtrackLinkIndex(loadSoundtrackLinks(db)), recordings: loadRecordingGroups(db) };
}
