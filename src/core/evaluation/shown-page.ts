import { loadRecordingGroups } from '../catalog/recordings.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { songsAsShown } from '../recommend/recommend.js';
import { topK } from './metrics.js';
import type { Candidates } from './types.js';

/** Places in the first page: the top-10 lists the concentration guard and coverage count. */
const FIRST_PAGE = 10;
/**
 * Scored places read to fill a song page: folding versions and spreading artists (two of one
 * artist a page) rarely needs more than a few extra; when this is not enough the page is shorter.
 */
const SONG_PAGE_READ = 60;

/** The first page of a scored candidate list, as the ids of what is shown (items, or recordings). */
export type FirstPage = (scores: ArrayLike<number>) => number[];

/**
 * A film → song first page as the app shows it (songsAsShown: each recording once, at most two songs
 * of one main artist), as recording ids (the group's canonical song id). The concentration guard
 * then counts a recording, not a song id: one song under two ids (a single and a compilation's copy)
 * on 15 lists each is one recording on all of them. Ranks (recall, AUC) are not affected: they are
 * the scored order.
 */
export function songFirstPage(db: CatalogDatabase, songs: Candidates): FirstPage {
  const recordings = loadRecordingGroups(db);
  return (scores) => {
    const hits = topK(scores, SONG_PAGE_READ).map((position) => ({ row: position, itemId: songs.ids[position]!, score: scores[position]! }));
    return songsAsShown(db, hits, recordings)
      .slice(0, FIRST_PAGE)
      .map(({ hit }) => recordings.get(hit.itemId) ?? hit.itemId);
  };
}

/** A film first page: the ids of the first ten scored (films have no versions to fold). */
export function movieFirstPage(movies: Candidates): FirstPage {
  return (scores) => topK(scores, FIRST_PAGE).map((position) => movies.ids[position]!);
}
