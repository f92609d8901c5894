import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDatabase } from '../../src/core/db/open-database.js';
import { PopularityRecommender } from '../../src/core/evaluation/baselines/popularity.js';
import { PrototypeAudioPosterRecommender } from '../../src/core/evaluation/baselines/prototype-audio-poster.js';
import { RandomRecommender } from '../../src/core/evaluation/baselines/random.js';
import { TfidfGenresRecommender } from '../../src/core/evaluation/baselines/tfidf-genres.js';
import { buildGroundTruth, partnersByQuery, type GroundTruth } from '../../src/core/evaluation/ground-truth/index.js';
import { describePairs, precisionOf, readReviewedSamples, samplePairs } from '../../src/core/evaluation/ground-truth/sample.js';
import { coverage, meanReciprocalRank, medianRank, mostRecommended, rankOf, recallAtK, topK } from '../../src/core/evaluation/metrics.js';
import {
  candidatesOf,
  DIRECTIONS,
  loadCandidates,
  queryKindOf,
  targetKindOf,
  type EvaluationContext,
  type Recommender,
} from '../../src/core/evaluation/types.js';
import { importFile } from '../../src/core/importers/import-file.js';
import { sharedDataDir, tempDatabase } from '../support/temp.js';

const data = sharedDataDir();
if (!data) console.warn('Skipping the evaluation ground-truth integration tests: ../shared/data is not beside this checkout.');
const file = (relative: string) => path.join(data ?? '', relative);

/** The catalog the reviewed samples were drawn from; the order matters (the newest source's titles win). */
const CATALOG_FILES = [
  'spotify-tracks-maharshipandya/dataset_sample_10k_random.csv',
  'spotify-tracks-maharshipandya/dataset_first499_acoustic_excel_bom.csv',
  'spotify-songs-tidytuesday-2020-01-21/sampled_spotify_songs.csv',
  'spotify-dataset-1921-2020-subset-gbk/spotify_subset.csv',
  'spotify-2023-most-streamed/spotify-2023.csv',
  'movielens-ml-latest-small/movies.csv',
  'tmdb-5000-movies/tmdb_5000_movies.csv',
];
const SOUNDTRACKS = 'movie-soundtracks-imdb-movielens-small/imbd-movies-soundtracks-movielens-small_DEV60.csv';
const OSCARS = 'oscar-best-original-song/oscar_songs_DEV30.csv';

describe.skipIf(!data)('evaluation ground truth from ../shared/data', () => {
  let db: CatalogDatabase;
  let truth: GroundTruth;

  beforeAll(async () => {
    db = tempDatabase();
    for (const relative of CATALOG_FILES) await importFile(db, { file: file(relative) });
    truth = await buildGroundTruth(db, { soundtrackFiles: [file(SOUNDTRACKS)], oscarFiles: [file(OSCARS)] });
  }, 180_000);

  it('finds pairs in every source, in stable numbers', () => {
    const counts = Object.fromEntries(truth.results.map((result) => [result.source, result.counts]));
    console.log('Ground truth per source:', JSON.stringify(counts, null, 2), `\nDistinct pairs over all sources: ${truth.pairs.length}`);
    expect(counts).toEqual({
      'imdb-soundtrack': { rowsRead: 1_977, rowsWithMovie: 1_976, entriesRead: 24_101, moviesMatched: 166, songsMatched: 158, pairs: 230 },
      'oscar-song': { rowsRead: 132, rowsWithMovie: 75, entriesRead: 132, moviesMatched: 6, songsMatched: 12, pairs: 12 },
      'soundtrack-album': { rowsRead: 24_437, rowsWithMovie: 405, entriesRead: 407, moviesMatched: 71, songsMatched: 106, pairs: 106 },
    });
    expect(truth.pairs.length).toBe(341);
    // The one soundtrack row without a movie is MovieLens 144606, merged into 6003 on import.
    expect(truth.results[0]!.unmatched.filter((sample) => sample.reason === 'movie not in catalog').map((sample) => sample.text)).toEqual([
      'Confessions of a Dangerous Mind (movieId 144606, tt0270288)',
    ]);
  });

  it('has hand-checked samples that still match the pairs, with the measured precision', () => {
    const reviewed = readReviewedSamples();
    const precision: Record<string, ReturnType<typeof precisionOf>> = {};
    for (const sample of reviewed.samples) {
      const result = truth.results.find((candidate) => candidate.source === sample.source)!;
      const drawn = samplePairs(describePairs(db, result.pairs), sample.size, sample.seed);
      // A different draw means the matcher or the data changed: review the new sample.
      expect(
        sample.pairs.map((pair) => pair.key),
        `${sample.source}: redraw and review the sample`,
      ).toEqual(drawn.map((pair) => pair.key));
      precision[sample.source] = precisionOf(sample);
    }
    console.log('Precision of the reviewed samples:', JSON.stringify(precision, null, 2));
    expect(precision['imdb-soundtrack']).toMatchObject({ reviewed: 30, correct: 25, sameComposition: 5, wrong: 0 });
    expect(precision['oscar-song']).toMatchObject({ reviewed: 12, correct: 10, sameComposition: 2, wrong: 0 });
    expect(precision['soundtrack-album']).toMatchObject({ reviewed: 30, correct: 25, sameComposition: 5, wrong: 0 });
  });

  it('runs the four baselines over every catalog item in both directions', async () => {
    const context: EvaluationContext = { db, songs: loadCandidates(db, 'song'), movies: loadCandidates(db, 'movie'), seed: 42 };
    const recommenders: Recommender[] = [
      new RandomRecommender(),
      new PopularityRecommender(),
      new TfidfGenresRecommender(),
      new PrototypeAudioPosterRecommender(),
    ];
    const lines: string[] = [];
    for (const recommender of recommenders) {
      await recommender.prepare(context);
      for (const direction of DIRECTIONS) {
        const targets = candidatesOf(context, targetKindOf(direction));
        const ranks: number[] = [];
        const lists: number[][] = [];
        for (const [query, partners] of partnersByQuery(truth.pairs, direction)) {
          const scores = recommender.scores({ kind: queryKindOf(direction), ids: [query] }, targetKindOf(direction));
          expect(scores).toHaveLength(targets.ids.length);
          ranks.push(
            rankOf(
              scores,
              partners.map((id) => targets.indexOf(id)),
            ),
          );
          lists.push(topK(scores, 10).map((index) => targets.ids[index]!));
        }
        const r = (k: number) => recallAtK(ranks, k).toFixed(3);
        lines.push(
          `${recommender.name.padEnd(23)} ${direction.padEnd(13)} n=${ranks.length} R@10=${r(10)} R@50=${r(50)} R@100=${r(100)} ` +
            `MRR=${meanReciprocalRank(ranks).toFixed(4)} median=${medianRank(ranks)}/${targets.ids.length} ` +
            `coverage=${coverage(lists, targets.ids.length).distinct} top-item share=${mostRecommended(lists).share.toFixed(2)}`,
        );
        if (recommender.name === 'random') expect(medianRank(ranks) / targets.ids.length).toBeGreaterThan(0.3);
        if (recommender.name === 'popularity') expect(coverage(lists, targets.ids.length).distinct).toBe(10);
      }
    }
    console.log(`Baselines on the union of all sources:\n${lines.join('\n')}`);
  }, 120_000);
});
