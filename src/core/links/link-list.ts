/** How a stored soundtrack link was found: the song's album or title names the film, or the film is about the song's artist. */
export type StoredLinkRelation = 'named' | 'about-artist';

/**
 * Soundtrack links in the table's key order (song, then film), as parallel arrays: a catalog whose
 * films are about its artists holds millions of links, and an object each made the rebuild's
 * garbage collector a sixth of its time.
 */
export class LinkList {
  readonly songIds: number[] = [];
  readonly movieIds: number[] = [];
  readonly evidence: string[] = [];
  readonly relations: StoredLinkRelation[] = [];

  get length(): number {
    return this.songIds.length;
  }

  push(songId: number, movieId: number, evidence: string, relation: StoredLinkRelation): void {
    this.songIds.push(songId);
    this.movieIds.push(movieId);
    this.evidence.push(evidence);
    this.relations.push(relation);
  }

  /** Appends this list's link at `index` to `target`. */
  copyTo(target: LinkList, index: number): void {
    target.push(this.songIds[index]!, this.movieIds[index]!, this.evidence[index]!, this.relations[index]!);
  }

  /** The link at `index` against (songId, movieId) in key order: negative when it comes first. */
  compare(index: number, songId: number, movieId: number): number {
    return this.songIds[index]! - songId || this.movieIds[index]! - movieId;
  }
}

/** Both lists in key order, into one; a link in both keeps `first`'s evidence and relation. */
export function mergeLinkLists(first: LinkList, second: LinkList): LinkList {
  const merged = new LinkList();
  let next = 0;
  for (let index = 0; index < second.length; index++) {
    const songId = second.songIds[index]!;
    const movieId = second.movieIds[index]!;
    while (next < first.length && first.compare(next, songId, movieId) < 0) first.copyTo(merged, next++);
    if (next < first.length && first.compare(next, songId, movieId) === 0) continue;
    second.copyTo(merged, index);
  }
  while (next < first.length) first.copyTo(merged, next++);
  return merged;
}
