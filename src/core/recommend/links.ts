import type { SoundtrackLinkRelation } from '../../shared/recommend-schemas.js';
import type { StoredLinkRelation } from '../links/link-list.js';
import type { ItemKind } from './vibe-index.js';

/** An explicit link found in the catalog: the song's album or title names the film, or the film is about the song's artist. */
interface SoundtrackLinkRow {
  readonly songId: number;
  readonly movieId: number;
  /** What the link rests on, in plain words (album "Spirited Away Soundtrack", "the film is about Queen"). */
  readonly evidence: string;
  readonly relation: StoredLinkRelation;
}

export interface SoundtrackLink {
  readonly kind: ItemKind;
  readonly itemId: number;
  readonly viaPick: number;
  readonly relation: SoundtrackLinkRelation;
  readonly evidence: string;
}

/** The catalog's soundtrack links by song and by film (each film's album links first, then its artists' songs best-known first). */
export interface SoundtrackLinkLookup {
  ofSong(songId: number): readonly SoundtrackLinkRow[];
  ofMovie(movieId: number): readonly SoundtrackLinkRow[];
}

/** At most this many linked items per pick: a whole 80-track score would push the results away. */
export const MAX_LINKS_PER_PICK = 12;

/**
 * The picks' explicit links to items of the target kind: a film's soundtrack songs, or the films
 * a song's album names. They come first in their own group and are not part of the vibe score.
 */
export function soundtrackLinksOf(
  index: SoundtrackLinkLookup,
  picks: readonly { readonly kind: ItemKind; readonly id: number }[],
  target: ItemKind,
): SoundtrackLink[] {
  const links: SoundtrackLink[] = [];
  const seen = new Set<number>();
  picks.forEach((pick, viaPick) => {
    if (pick.kind === target) return;
    const rows = pick.kind === 'movie' ? index.ofMovie(pick.id) : index.ofSong(pick.id);
    for (const row of rows.slice(0, MAX_LINKS_PER_PICK)) {
      const itemId = target === 'song' ? row.songId : row.movieId;
      if (seen.has(itemId)) continue;
      seen.add(itemId);
      const named = row.relation === 'named';
      const relation = pick.kind === 'movie' ? (named ? 'soundtrack' : 'by-artist') : named ? 'used-in' : 'about-artist';
      links.push({ kind: target, itemId, viaPick, relation, evidence: row.evidence });
    }
  });
  return links;
}
