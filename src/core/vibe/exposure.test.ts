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
  it('stores minus each song’s largest share of the films’ first pages (top 10) under either intent, exactly as each ranking without variety puts it there', () =>
    withBuiltIndex((index) => {
      const { model } = index;
      const variety = model.layout.blocks.variety;
      const stored = Math.sqrt(model.weights.variety);
      // Brute force: every film (30 < either sample's size) ranks every song; count first-page places.
      const songs = index.songs;
      const songIds = [...songs.engine.matrix.itemIds];
      const sharesUnder = (intent: 'soundtrack' | 'feel') => {
        const weights = { ...intentWeights(model.ranker!, intent, 'movie-to-song'), variety: 0 };
        const shares = new Map<number, number>(songIds.map((id) => [id, 0]));
        for (const filmId of index.movies.engine.matrix.itemIds) {
          const query = reweightQuery(
            meanProfile([index.movies.vectorOf(index.movies.rowOf(filmId))], model, { eraFrom: [true], centreKinds: ['movie'], targetKind: 'song' }),
            model,
            weights,
          );
          const scored = songIds.map((id) => {
            const vector = songs.vectorOf(songs.rowOf(id));
            return { id, score: vector.reduce((sum, value, dim) => sum + value * query[dim]!, 0) - vector[variety.offset]! * query[variety.offset]! };
          });
          scored.sort((a, b) => b.score - a.score || a.id - b.id);
          for (const { id } of scored.slice(0, 10)) shares.set(id, shares.get(id)! + 1 / 30);
        }
        return shares;
      };
      const soundtrack = sharesUnder('soundtrack');
      const feel = sharesUnder('feel');
      const exposures = songIds.map((id) => -songs.vectorOf(songs.rowOf(id))[variety.offset]! / stored);
      songIds.forEach((id, position) => expect(exposures[position]).toBeCloseTo(Math.max(soundtrack.get(id)!, feel.get(id)!), 4));
      // The two intents' first pages differ, and each holds songs the other's does not.
      expect(songIds.some((id) => soundtrack.get(id)! > feel.get(id)!)).toBe(true);
      expect(songIds.some((id) => feel.get(id)! > soundtrack.get(id)!)).toBe(true);
      // Some songs sit on many first pages, most on none: that spread is what the block evens out.
      expect(Math.max(...exposures)).toBeGreaterThan(0.2);
      expect(Math.min(...exposures)).toBeCloseTo(0, 9);
    }));

  it('holds an item back by its exposure times the variety weight on a query across kinds, and not at all within a kind', () =>
    withBuiltIndex((index) => {
      const { model } = index;
      const variety = model.layout.blocks.variety;
      const film = index.movies.vectorOf(0);
      const across = meanProfile([film], model, { eraFrom: [true], centreKinds: ['movie'] });
      const within = meanProfile([film], model, { eraFrom: [false], centreKinds: ['movie'] });
      const weights = intentWeights(model.ranker!, 'soundtrack', 'movie-to-song');
      const query = reweightQuery(across, model, weights);
      const hub = [...index.songs.engine.matrix.itemIds]
        .map((id) => index.songs.vectorOf(index.songs.rowOf(id)))
        .find((vector) => vector[variety.offset]! < 0)!;
      const exposure = -hub[variety.offset]! / Math.sqrt(model.weights.variety);
      expect(query[variety.offset]! * hub[variety.offset]!).toBeCloseTo(-weights.variety * exposure, 6);
      expect(within[variety.offset]).toBe(0);
    }));
});
