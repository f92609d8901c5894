import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { separateArtists } from './artist-separation.js';

type Entry = { readonly id: number; readonly artist: string | null };
const artistOf = (entry: Entry) => entry.artist;
const list = (artists: (string | null)[]): Entry[] => artists.map((artist, id) => ({ id, artist }));

describe('artist separation', () => {
  it('holds one artist to two songs in the first ten, the waiting songs coming back as soon as allowed', () => {
    const entries = list(['mayer', 'mayer', 'mayer', 'mayer', 'queen', 'mayer', 'bowie', 'queen', 'queen', 'abba', 'abba', 'cher', 'dylan', 'eno', 'mayer']);
    const shown = separateArtists(entries, artistOf);
    expect(shown.map((entry) => entry.id)).toEqual([0, 1, 4, 6, 7, 9, 10, 11, 12, 13, 2, 3, 8, 5, 14]);
    expect(shown.slice(0, 10).filter((entry) => entry.artist === 'mayer')).toHaveLength(2);
  });

  it('never holds back songs of no known artist, and keeps every entry when one artist is all there is', () => {
    expect(separateArtists(list([null, null, null, null]), artistOf).map((entry) => entry.id)).toEqual([0, 1, 2, 3]);
    expect(separateArtists(list(['a', 'a', 'a', 'a', 'a']), artistOf).map((entry) => entry.id)).toEqual([0, 1, 2, 3, 4]);
  });

  it('on any list: shows every entry once, allows no more than 2 × ⌈n / 10⌉ songs of an artist in the first n unless nothing else is left, and keeps score order otherwise', () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + Math.floor(random() * 60);
      const artists = Array.from({ length }, () => (random() < 0.1 ? null : `artist ${Math.floor(random() ** 2 * 6)}`));
      const entries = list(artists);
      const shown = separateArtists(entries, artistOf);
      expect([...shown].map((entry) => entry.id).sort((a, b) => a - b)).toEqual(entries.map((entry) => entry.id));
      const counts = new Map<string, number>();
      shown.forEach((entry, position) => {
        if (entry.artist === null) return;
        const count = (counts.get(entry.artist) ?? 0) + 1;
        counts.set(entry.artist, count);
        if (count > 2 * Math.ceil((position + 1) / 10)) {
          // Over the allowance only when every entry not shown yet is of an artist at its allowance.
          const rest = shown.slice(position);
          expect(rest.every((later) => later.artist !== null && (counts.get(later.artist) ?? 0) >= 2 * Math.ceil((position + 1) / 10))).toBe(true);
        }
      });
      // Songs of one artist keep their order, and an entry of no artist is never passed by a lower one.
      for (const artist of new Set(artists))
        if (artist !== null) {
          const ids = shown.filter((entry) => entry.artist === artist).map((entry) => entry.id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
        }
      const free = shown.filter((entry) => entry.artist === null).map((entry) => entry.id);
      expect(free).toEqual([...free].sort((a, b) => a - b));
    }
  });
});
