/**
 * Which of an artist's Last.fm tags are kept, and how much each weighs.
 *
 * In hetrec 2011 most (artist, tag) pairs were given by a single listener (86K of 118K pairs), and
 * a single listener's tag is often personal ("seen live", "albums i own", a friend's name). So:
 * - tags that say nothing about the music (PERSONAL_TAGS) are dropped;
 * - tags given by at least MIN_USERS listeners are kept, the TOP_TAGS most given;
 * - an artist nobody tagged twice keeps its TOP_SINGLE_TAGS single-listener tags instead, which is
 *   still better than nothing for lesser-known artists (a lone "j-pop" is usually right);
 * - weight = users / max(most users on any of the artist's tags, MIN_USERS), so the artist's
 *   main tag weighs 1 when at least two listeners agree on it, and single-listener tags weigh 1/2.
 */

const MIN_USERS = 2;
const TOP_TAGS = 25;
const TOP_SINGLE_TAGS = 10;

/** Tags about the listener, not the music. */
const PERSONAL_TAGS: ReadonlySet<string> = new Set([
  'seen live',
  'favorite',
  'favorites',
  'favourite',
  'favourites',
  'my favorite',
  'my favourite',
  'fav',
  'favs',
  'albums i own',
  'awesome',
  'amazing',
  'cool',
  'good',
  'great',
  'best',
  'check out',
  'spotify',
  'to listen',
  'under 2000 listeners',
  'seen in concert',
  'want to see live',
  'favorite artists',
  'favourite artists',
  'my music',
  'loved',
]);

/** The tag as stored: lower case, inner whitespace collapsed. */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').trim().toLowerCase().replace(/\s+/gu, ' ');
}

interface WeightedTag {
  readonly tag: string;
  readonly users: number;
  readonly weight: number;
}

/** Applies the policy above to one artist's tag → listener counts. */
export function selectArtistTags(userCounts: ReadonlyMap<string, number>): WeightedTag[] {
  const candidates = [...userCounts].filter(([tag, users]) => users >= 1 && tag !== '' && !PERSONAL_TAGS.has(tag));
  candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const agreed = candidates.filter(([, users]) => users >= MIN_USERS);
  const kept = agreed.length > 0 ? agreed.slice(0, TOP_TAGS) : candidates.slice(0, TOP_SINGLE_TAGS);
  if (kept.length === 0) return [];
  const scale = Math.max(kept[0]![1], MIN_USERS);
  return kept.map(([tag, users]) => ({ tag, users, weight: users / scale }));
}
