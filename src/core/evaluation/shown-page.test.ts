import { describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../tests/support/temp.js';
import { movieFirstPage, songFirstPage } from './shown-page.js';
import { loadCandidates } from './types.js';

describe('first pages as the app shows them', () => {
  it('shows a recording once, as its recording, and at most two songs of one artist on a song page', () => {
    const db = tempDatabase();
    const insert = db.prepare(`INSERT INTO songs(id, song_key, title, artists, duration_ms, popularity) VALUES (?, ?, ?, ?, ?, ?)`);
    // 1 and 2: one recording under two ids (1 the better known). 3–6: four songs of one artist.
    insert.run(1, 'a', "Baby It's Cold Outside", 'Ella Fitzgerald, Louis Jordan', 163_707, 9);
    insert.run(2, 'b', "Baby It's Cold Outside", 'Ella Fitzgerald', 163_706, 0);
    for (let id = 3; id <= 6; id++) insert.run(id, `c${id}`, `Song ${id}`, 'Cassie', 200_000 + id * 10_000, 50);
    for (let id = 7; id <= 20; id++) insert.run(id, `d${id}`, `Other ${id}`, `Artist ${id}`, 200_000, 10);
    const songs = loadCandidates(db, 'song');
    const page = songFirstPage(db, songs);
    // Scores: 2 first, then 1, then Cassie's four songs, then the others.
    const scores = Float64Array.from(songs.ids, (id) => (id === 2 ? 100 : id === 1 ? 99 : id <= 6 ? 90 - id : 50 - id));
    const shown = page(scores);
    expect(shown).toHaveLength(10);
    // The recording once, named by its better-known id; two of Cassie's, then the others.
    expect(shown.slice(0, 3)).toEqual([1, 3, 4]);
    expect(shown.filter((id) => id >= 3 && id <= 6)).toEqual([3, 4]);
    expect(shown.slice(3)).toEqual([7, 8, 9, 10, 11, 12, 13]);
  });

  it("takes a film page as scored, by the films' ids", () => {
    const ids = Int32Array.from({ length: 12 }, (_, position) => 100 + position);
    const movies = { kind: 'movie' as const, ids, indexOf: (id: number) => ids.indexOf(id) };
    expect(movieFirstPage(movies)([0.1, 0.9, 0.5, 0.7, 0, 0, 0, 0, 0, 0, 0, 0.2])).toEqual([101, 103, 102, 111, 100, 104, 105, 106, 107, 108]);
  });
});
