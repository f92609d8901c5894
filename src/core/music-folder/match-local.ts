import { CatalogSearch } from '../catalog/search.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { nameKey, songTitleKey, splitArtists } from '../evaluation/normalise-title.js';

export interface LocalTags {
  readonly title: string | null;
  readonly artist: string | null;
  readonly durationMs: number | null;
  readonly isrc: string | null;
}

type LocalMatch = { readonly songId: number; readonly by: 'isrc' | 'tags' } | null;

/** How far a file's length may be from the catalog song's and still be the same recording. */
const DURATION_TOLERANCE_MS = 3000;

/**
 * Matches audio files to catalog songs: by ISRC when the catalog has an isrc column (none of the
 * supported datasets carries one today, so this is ready for one that does), else by normalised
 * title (no version suffix or bracketed parts) and any shared artist, with the lengths within 3 s
 * when both are known. Among several versions the closest length, then the best-known, wins.
 */
export class LocalMatcher {
  private readonly search: CatalogSearch;
  private readonly durations;
  private readonly byIsrc;

  constructor(db: CatalogDatabase) {
    this.search = new CatalogSearch(db);
    this.durations = db.prepare(`SELECT id, duration_ms AS durationMs FROM songs WHERE id IN (SELECT value FROM json_each(?))`);
    const hasIsrc = (db.prepare(`SELECT count(*) FROM pragma_table_info('songs') WHERE name = 'isrc'`).pluck().get() as number) > 0;
    this.byIsrc = hasIsrc ? db.prepare(`SELECT id FROM songs WHERE isrc = ? ORDER BY popularity DESC LIMIT 1`).pluck() : null;
  }

  match(tags: LocalTags): LocalMatch {
    if (tags.isrc && this.byIsrc) {
      const id = this.byIsrc.get(tags.isrc.toUpperCase()) as number | undefined;
      if (id !== undefined) return { songId: id, by: 'isrc' };
    }
    if (!tags.title || !tags.artist) return null;
    const titleKey = songTitleKey(tags.title);
    const artistKeys = new Set(splitArtists(tags.artist).map(nameKey));
    if (titleKey === '' || artistKeys.size === 0) return null;
    const titleWords = tags.title.replace(/\s+[-\u2013\u2014]\s+.*$/u, '').replace(/\s*(?:\([^()]*\)|\[[^[\]]*\])/gu, '') || tags.title;
    const hits = this.search
      .searchSongs(titleWords, 200)
      .filter((hit) => songTitleKey(hit.title) === titleKey && splitArtists(hit.artists).some((artist) => artistKeys.has(nameKey(artist))));
    if (hits.length === 0) return null;
    const lengths = new Map(
      (this.durations.all(JSON.stringify(hits.map((hit) => hit.id))) as { id: number; durationMs: number | null }[]).map((row) => [row.id, row.durationMs]),
    );
    const gap = (id: number) => {
      const length = lengths.get(id);
      return length == null || tags.durationMs === null ? 0 : Math.abs(length - tags.durationMs);
    };
    // Hits come best-known first; a stable sort keeps that order among equal gaps.
    const best = hits.filter((hit) => gap(hit.id) <= DURATION_TOLERANCE_MS).sort((a, b) => gap(a.id) - gap(b.id))[0];
    return best ? { songId: best.id, by: 'tags' } : null;
  }
}
