import { eraFitScale } from '../features/era.js';
import { meanProfile } from '../vibe/profile.js';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDatabase } from '../testing/temp.js';
import { loadBridges } from '../features/bridges.js';
import { VibeIndex } from '../recommend/vibe-index.js';
import { buildVibeIndex } from '../vibe/build-index.js';
import type { GroundTruthPair } from './ground-truth/index.js';
import { outerFoldOf, OUTER_FOLDS } from './learn-ranker.js';
import { evaluateDirection, runEvaluation } from './run-evaluation.js';
import { addMovie, addSong } from './test-helpers.js';
import { loadCandidates, type EvaluationContext, type ItemKind, type Query, type Recommender } from './types.js';
import { VibeRecommender } from './vibe-recommender.js';

const pair = (movieId: number, songId: number): GroundTruthPair => ({ movieId, songId, source: 'soundtrack-album', evidence: 'test' });

/** Scores candidates by a fixed table: candidate id → score, whatever the query. */
class FixedScores implements Recommender {
  readonly name = 'fixed';
  readonly description = 'test';
  private context: EvaluationContext | null = null;
  constructor(private readonly table: Record<ItemKind, Record<number, number>>) {}
  prepare(context: EvaluationContext): void {
    this.context = context;
  }
  scores(_query: Query, kind: ItemKind): Float64Array {
    const candidates = kind === 'song' ? this.context!.songs : this.context!.movies;
    return Float64Array.from(candidates.ids, (id) => this.table[kind][id] ?? 0);
  }
}

const db = tempDatabase();
afterAll(() => db.close());

describe('evaluateDirection', () => {
  it('computes ranks, recall, MRR, AUC and coverage exactly on a hand-made case', () => {
    const songs = [1, 2, 3].map((n) => addSong(db, { title: `Song ${n}`, artists: 'A' }));
    const movies = [1, 2, 3, 4, 5].map((n) => addMovie(db, { title: `Movie ${n}`, year: 2000 }));
    const context: EvaluationContext = { db, songs: loadCandidates(db, 'song'), movies: loadCandidates(db, 'movie'), seed: 1 };
    // Movies scored 5 > 4 > 3 > 2 > 1 by position: movie i has rank i.
    const recommender = new FixedScores({ song: {}, movie: Object.fromEntries(movies.map((id, index) => [id, 10 - index])) });
    recommender.prepare(context);
    const pairs = [pair(movies[0]!, songs[0]!), pair(movies[2]!, songs[1]!), pair(movies[4]!, songs[2]!), pair(movies[3]!, songs[2]!)];
    const metrics = evaluateDirection(context, recommender, pairs, 'song-to-movie');
    // Ranks: song 1 → 1; song 2 → 3; song 3 has movies 5 and 4, the better is rank 4 (the other partner is not counted above).
    expect(metrics.queries).toBe(3);
    expect(metrics.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 4) / 3, 10);
    expect(metrics.medianRank).toBe(3);
    expect(metrics.recall[10]).toBe(1);
    expect(metrics.auc).toBeCloseTo((1 + (1 - 2 / 4) + (1 - 3 / 4)) / 3, 10);
    // Every query gets the same top-10 (all five movies), so coverage is the whole catalog and the top item is in every list.
    expect(metrics.coverage.distinct).toBe(5);
    expect(metrics.mostRecommendedShare).toBe(1);
    // Named by its id: the best-scored movie, on all three lists.
    expect(metrics.mostRecommended).toEqual({ itemId: movies[0], lists: 3 });
    // Without a vibe index there are no moods to compare.
    expect(metrics.moodClashShare).toBeNull();
  });
});

describe('cross-fitting folds', () => {
  it('split pairs by movie, deterministically and roughly evenly', () => {
    const folds = Array.from({ length: 1000 }, (_, id) => outerFoldOf(id + 1, 42));
    for (let fold = 0; fold < OUTER_FOLDS; fold++) {
      expect(folds.filter((value) => value === fold).length).toBeGreaterThan(150);
      expect(folds.filter((value) => value === fold).length).toBeLessThan(250);
    }
    expect(outerFoldOf(17, 42)).toBe(outerFoldOf(17, 42));
  });
});

describe('runEvaluation on a built vibe space', () => {
  it('ranks a true partner that shares genre and mood above random, for Crossfade and its ablations and baselines', async () => {
    const evalDb = tempDatabase();
    const bridges = loadBridges();
    const pairs: GroundTruthPair[] = [];
    for (let n = 0; n < 60; n++) {
      const calm = n % 2 === 0;
      const song = addSong(evalDb, {
        title: `Track ${n}`,
        artists: `Artist ${n}`,
        year: 2000,
        popularity: 40 + n,
        genres: [calm ? 'ambient' : 'metal'],
        audio: calm ? [0.2, 0.1, -20, 0.03, 0.9, 0.8, 0.1, 0.2, 70] : [0.5, 0.95, -3, 0.1, 0.01, 0.2, 0.3, 0.3, 170],
      });
      const movie = addMovie(evalDb, {
        title: `Film ${n}`,
        year: 2000,
        overview: calm ? 'A quiet, gentle and peaceful story of love.' : 'A violent war of terror and murder.',
        runtime: 100,
        voteCount: 100 + n,
        genres: [calm ? 'Romance' : 'Horror'],
      });
      if (n < 30) pairs.push({ ...pair(movie, song), source: 'imdb-soundtrack' });
    }
    await buildVibeIndex(evalDb, { bridges });
    const index = VibeIndex.load(evalDb, { engine: { threads: 0 } })!;
    try {
      const result = await runEvaluation(evalDb, index, pairs, { seed: 3 });
      const crossfade = result.methods.find((method) => method.name === 'crossfade')!;
      const random = result.methods.find((method) => method.name === 'random')!;
      expect(crossfade.directions['song-to-movie'].auc).toBeGreaterThan(0.7);
      expect(crossfade.directions['song-to-movie'].auc).toBeGreaterThan(random.directions['song-to-movie'].auc);
      expect(result.methods.map((method) => method.name)).toEqual(
        expect.arrayContaining(['without mood', 'without genre', 'popularity', 'tfidf-genres', 'prototype-audio-poster']),
      );
      expect(result.methods.map((method) => method.name)).toEqual(
        expect.arrayContaining(['without era', 'era only', 'language only', 'previous defaults', 'as shipped (in-sample)', 'feels the same']),
      );
      // Every method reports per source, with the independent sources as the headline.
      expect(crossfade.directions['song-to-movie'].bySource['imdb-soundtrack']?.queries).toBe(30);
      expect(crossfade.directions['song-to-movie'].bySource.independent?.queries).toBe(30);
      expect(crossfade.crossFitted).toBe(true);
      // Every method's first pages are checked for mood clashes (mood-clashes.test.ts checks the test itself).
      for (const method of result.methods)
        for (const direction of ['song-to-movie', 'movie-to-song'] as const) {
          const share = method.directions[direction].moodClashShare;
          expect(share).not.toBeNull();
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(1);
        }
      // Both served intents' first pages are read for reasons, as the app answers each query item.
      expect(result.unexplained.map((count) => `${count.method} ${count.direction}`)).toEqual([
        'as shipped (in-sample) song-to-movie',
        'as shipped (in-sample) movie-to-song',
        'feels the same song-to-movie',
        'feels the same movie-to-song',
      ]);
      for (const count of result.unexplained) {
        expect(count.queries).toBe(30);
        expect(count.results).toBeGreaterThan(0);
        expect(count.results).toBeLessThanOrEqual(count.queries * 10);
        expect(count.withoutReason).toBeLessThanOrEqual(count.results);
      }
      // Every method's headline numbers come with intervals, and with its difference from crossfade on the same resamples.
      expect(result.certainty.map((entry) => entry.direction)).toEqual(['song-to-movie', 'movie-to-song']);
      for (const entry of result.certainty) {
        expect(entry.queries).toBe(30);
        // Each film has one song: as many clusters as queries.
        expect(entry.clusters).toBe(30);
        expect(entry.methods.map((method) => method.method).sort()).toEqual(result.methods.map((method) => method.name).sort());
        const headline = result.methods.find((method) => method.name === 'crossfade')!.directions[entry.direction].bySource.independent!;
        const own = entry.methods.find((method) => method.method === 'crossfade')!;
        expect(own.values.auc!.value).toBeCloseTo(headline.auc, 10);
        expect(own.values.recall50!.value).toBeCloseTo(headline.recall[50], 10);
        expect(own.differences.auc).toEqual({ value: 0, low: 0, high: 0 });
        for (const method of entry.methods)
          for (const estimate of [...Object.values(method.values), ...Object.values(method.differences)]) {
            expect(estimate.low).toBeLessThanOrEqual(estimate.value + 1e-12);
            expect(estimate.high).toBeGreaterThanOrEqual(estimate.value - 1e-12);
          }
      }
      // The shipped parameters are a valid weighting per direction, with popularity only breaking ties.
      const shipped = result.ranker.parameters.soundtrack['song-to-movie'];
      expect(Object.values(shipped).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      expect(shipped.popularity).toBeLessThanOrEqual(0.05);
      const { eraFit } = result.ranker.parameters;
      expect([eraFit.gap.length, eraFit.songDecade.length, eraFit.filmDecade.length, eraFit.undatedFilmDecade.length]).toEqual([6, 8, 8, 8]);
      expect(eraFitScale(eraFit)).toBeLessThanOrEqual(1.0001);
      expect(result.targets.length).toBeGreaterThanOrEqual(4);
      // The concentration guard names the item it counts, as the report shows it.
      const guard = result.targets.find((check) => check.label.startsWith('most recommended') && check.label.includes('song → movie'))!;
      const most = crossfade.directions['song-to-movie'].bySource.independent!.mostRecommended;
      const title = evalDb.prepare(`SELECT title FROM movies WHERE id = ?`).pluck().get(most.itemId) as string;
      expect(guard.detail).toBe(
        `${title} (${evalDb.prepare(`SELECT release_year FROM movies WHERE id = ?`).pluck().get(most.itemId) ?? 'year unknown'}), on ${most.lists} of 30 lists`,
      );
      expect(most.lists / 30).toBeCloseTo(guard.value, 10);
      // The adapter scores exactly what the engine ranks: its top movie for a song is the engine's top hit.
      const recommender = new VibeRecommender(index);
      recommender.prepare({ db: evalDb, songs: loadCandidates(evalDb, 'song'), movies: loadCandidates(evalDb, 'movie'), seed: 1 });
      const scores = recommender.scores({ kind: 'song', ids: [pairs[0]!.songId] }, 'movie');
      const best = loadCandidates(evalDb, 'movie').ids[scores.indexOf(Math.max(...scores))];
      const songs = index.songs;
      // The same profile the adapter builds (a stored vector's variety block holds its own exposure, which a query never carries).
      const [hit] = await index.movies.engine.search({ vector: meanProfile([songs.vectorOf(songs.rowOf(pairs[0]!.songId))], index.model), k: 1 });
      expect(best).toBe(hit!.itemId);
    } finally {
      await index.close();
      evalDb.close();
    }
  });
});
