import { describe, expect, it } from 'vitest';
import { addMovie, addSong } from '../evaluation/test-helpers.js';
import { VibeIndex } from '../recommend/vibe-index.js';
import { tempDatabase } from '../testing/temp.js';
import { buildVibeIndex } from './build-index.js';
import { reweightQuery } from './encode.js';
import { meanProfile } from './profile.js';
import { intentWeights } from './ranker.js';

const GENRES = ['ambient', 'metal', 'pop', 'jazz'];
const FILM_GENRES = ['Romance', 'Horror', 'Comedy', 'Drama'];

function catalog() {
  const db = tempDatabase();
  for (let n = 0; n < 120; n++)
    addSong(db, {
      title: `Track ${n}`,
      artists: `Artist ${n}`,
      year: 1960 + (n % 50),
      popularity: n % 90,
      genres: [GENRES[n % GENRES.length]!],
      audio: [(n % 10) / 10, ((n * 3) % 10) / 10, -10, 0.05, ((n * 7) % 10) / 10, 0.1, 0.1, ((n * 5) % 10) / 10, 80 + n],
    });
  for (let n = 0; n < 30; n++)
    addMovie(db, {
      title: `Film ${n}`,
      year: 1985 + (n % 30),
      overview: 'A story.',
      runtime: 100,
      voteCount: 100 + n,
      genres: [FILM_GENRES[n % FILM_GENRES.length]!],
    });
  return db;
}

/** Builds the catalog's vibe space and hands the loaded index to `check`, closing everything after. */
async function withBuiltIndex(check: (index: VibeIndex) => Promise<void> | void): Promise<void> {
  const db = catalog();
  await buildVibeIndex(db);
  const index = VibeIndex.load(db, { engine: { threads: 0 } })!;
  try {
    await check(index);
  } finally {
    await index.close();
    db.close();
  }
}

describe('exposure (the variety block)', () => {
  it('stores minus each song’s largest share of first pages (top 10): films’ under either intent, songs’ under "feels the same", exactly as each ranking without variety puts it there', () =>
    withBuiltIndex((index) => {
      const { model } = index;
      const variety = model.layout.blocks.variety;
      const stored = Math.sqrt(model.weights.variety);
      // Brute force: every query item (30 films and 120 songs, each fewer than the samples' 200) ranks
      // every song; count first-page places.
      const songs = index.songs;
      const songIds = [...songs.engine.matrix.itemIds];
      const sharesOf = (queries: readonly { vector: Float32Array; ownId: number | null }[], across: boolean, intent: 'soundtrack' | 'feel') => {
        const weights = { ...intentWeights(model.ranker!, intent, across ? 'movie-to-song' : null), variety: 0 };
        const shares = new Map<number, number>(songIds.map((id) => [id, 0]));
        for (const { vector: pick, ownId } of queries) {
          const profile = across
            ? meanProfile([pick], model, { eraFrom: [true], centreKinds: ['movie'], targetKind: 'song' })
            : meanProfile([pick], model, { centreKinds: ['song'], targetKind: 'song' });
          const query = reweightQuery(profile, model, weights);
          const scored = songIds
            .filter((id) => id !== ownId)
            .map((id) => {
              const vector = songs.vectorOf(songs.rowOf(id));
              return { id, score: vector.reduce((sum, value, dim) => sum + value * query[dim]!, 0) - vector[variety.offset]! * query[variety.offset]! };
            });
          scored.sort((a, b) => b.score - a.score || a.id - b.id);
          for (const { id } of scored.slice(0, 10)) shares.set(id, shares.get(id)! + 1 / queries.length);
        }
        return shares;
      };
      const films = [...index.movies.engine.matrix.itemIds].map((id) => ({ vector: index.movies.vectorOf(index.movies.rowOf(id)), ownId: null }));
      const songPicks = songIds.map((id) => ({ vector: songs.vectorOf(songs.rowOf(id)), ownId: id }));
      const soundtrack = sharesOf(films, true, 'soundtrack');
      const feel = sharesOf(films, true, 'feel');
      const withinKind = sharesOf(songPicks, false, 'feel');
      const exposures = songIds.map((id) => -songs.vectorOf(songs.rowOf(id))[variety.offset]! / stored);
      songIds.forEach((id, position) => expect(exposures[position]).toBeCloseTo(Math.max(soundtrack.get(id)!, feel.get(id)!, withinKind.get(id)!), 4));
      // Each kind of list holds songs the others' hold less often.
      const largest = (shares: Map<number, number>, ...others: Map<number, number>[]) =>
        songIds.some((id) => others.every((other) => shares.get(id)! > other.get(id)!));
      expect(largest(soundtrack, feel, withinKind)).toBe(true);
      expect(largest(feel, soundtrack, withinKind)).toBe(true);
      expect(largest(withinKind, soundtrack, feel)).toBe(true);
      // Some songs sit on many first pages, others on few (120 songs' own lists give every song some places): that spread is what the block evens out.
      expect(Math.max(...exposures)).toBeGreaterThan(0.2);
      expect(Math.min(...exposures)).toBeLessThan(Math.max(...exposures) / 3);
    }));

  it('holds an item back by its exposure times the intent’s variety weight: across kinds, and within a kind for "feels the same" only', () =>
    withBuiltIndex((index) => {
      const { model } = index;
      const variety = model.layout.blocks.variety;
      const film = index.movies.vectorOf(0);
      const across = meanProfile([film], model, { eraFrom: [true], centreKinds: ['movie'] });
      const within = meanProfile([film], model, { eraFrom: [false], centreKinds: ['movie'] });
      const hub = [...index.songs.engine.matrix.itemIds]
        .map((id) => index.songs.vectorOf(index.songs.rowOf(id)))
        .find((vector) => vector[variety.offset]! < 0)!;
      const exposure = -hub[variety.offset]! / Math.sqrt(model.weights.variety);
      const soundtrack = intentWeights(model.ranker!, 'soundtrack', 'movie-to-song');
      expect(reweightQuery(across, model, soundtrack)[variety.offset]! * hub[variety.offset]!).toBeCloseTo(-soundtrack.variety * exposure, 6);
      // Within a kind: "feels the same" holds hubs back, the learned intent's "same genres and tags" does not.
      const feel = intentWeights(model.ranker!, 'feel', null);
      expect(feel.variety).toBeGreaterThan(0);
      expect(reweightQuery(within, model, feel)[variety.offset]! * hub[variety.offset]!).toBeCloseTo(-feel.variety * exposure, 6);
      const sameGenres = intentWeights(model.ranker!, 'soundtrack', null);
      expect(sameGenres.variety).toBe(0);
      expect(reweightQuery(within, model, sameGenres)[variety.offset]).toBe(0);
    }));
});
