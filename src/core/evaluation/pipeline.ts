import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDatabase } from '../db/open-database.js';
import { importFile } from '../importers/import-file.js';
import { modelStatus } from '../model/image-model.js';
import { embedPosters } from '../posters/embedding/embed-posters.js';
import { scanPosterFolder } from '../posters/scan-poster-folder.js';
import { VibeIndex } from '../recommend/vibe-index.js';
import { buildVibeIndex } from '../vibe/build-index.js';
import { buildGroundTruth, type GroundTruth } from './ground-truth/index.js';
import { runEvaluation, type EvaluationResult } from './run-evaluation.js';

/**
 * The evaluation from raw files to numbers: the datasets a user would import (the shared copies
 * in ../shared/data by default), posters and their embeddings when the model is there, the vibe
 * space, the ground truth, and every method on the same pairs. Paths are relative to `dataDir`,
 * so any folder with the same layout works.
 */
export const EVALUATION_DATASETS = {
  songs: [
    'spotify-tracks-maharshipandya/dataset_sample_10k_random.csv',
    'spotify-songs-tidytuesday-2020-01-21/sampled_spotify_songs.csv',
    'spotify-dataset-1921-2020-subset-gbk/spotify_subset.csv',
    'spotify-2023-most-streamed/spotify-2023.csv',
  ],
  movies: [
    'movielens-ml-latest-small/movies.csv',
    'tmdb-5000-movies/tmdb_5000_movies.csv',
    'tmdb-top10k-movies/top10K-TMDB-movies.csv',
    'tmdb-movies-dataset-2023-v11-subset/TMDB_movie_dataset_v11_subset91_cp1252.csv',
  ],
  /** Last.fm artist tags (HetRec 2011): song concepts, mood, decade and language hints. */
  tags: ['lastfm-hetrec2011-2k/artists.dat'],
  posters: ['posters-kaggle-movie-genre-from-poster/posters', 'posters-greatest-films-omdb/posters'],
  soundtracks: ['movie-soundtracks-imdb-movielens-small/imbd-movies-soundtracks-movielens-small_DEV60.csv'],
  oscars: ['oscar-best-original-song/oscar_songs_DEV30.csv'],
} as const;

export interface PipelineOptions {
  readonly dataDir: string;
  /** Skip importing when the catalog already has songs and movies (e.g. crossfade eval --db). */
  readonly reuseCatalog?: boolean;
  readonly seed?: number;
  /** The report the learned parameters will name as their source (relative to the repository). */
  readonly reportFile?: string;
  readonly date?: Date;
  readonly onProgress?: (message: string) => void;
}

export interface PipelineResult {
  readonly groundTruth: GroundTruth;
  readonly evaluation: EvaluationResult;
  readonly catalog: { readonly songs: number; readonly movies: number; readonly posterEmbeddings: number; readonly visual: boolean };
  readonly elapsedSeconds: number;
}

export async function runEvaluationPipeline(db: CatalogDatabase, options: PipelineOptions): Promise<PipelineResult> {
  const started = performance.now();
  const say = options.onProgress ?? (() => undefined);
  const file = (relative: string) => path.join(options.dataDir, relative);
  const present = (relative: string) => fs.existsSync(file(relative));
  const count = (table: string) => Number(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

  if (!(options.reuseCatalog && count('songs') > 0 && count('movies') > 0)) {
    for (const relative of [...EVALUATION_DATASETS.songs, ...EVALUATION_DATASETS.movies, ...EVALUATION_DATASETS.tags].filter(present)) {
      say(`importing ${relative}`);
      await importFile(db, { file: file(relative) });
    }
    for (const relative of EVALUATION_DATASETS.posters.filter(present)) {
      say(`linking posters in ${relative}`);
      await scanPosterFolder(db, { folder: file(relative) });
    }
    if ((await modelStatus()).available) {
      say('embedding posters with MobileNetV2');
      await embedPosters(db, {});
    } else say('no MobileNetV2 model: the visual block stays off');
  }
  if (count('songs') === 0 || count('movies') === 0) throw new Error(`No songs or movies to evaluate: ${options.dataDir} has none of the expected datasets.`);
  say('building the vibe space');
  const build = await buildVibeIndex(db);
  say('building the ground truth');
  const groundTruth = await buildGroundTruth(db, {
    soundtrackFiles: EVALUATION_DATASETS.soundtracks.filter(present).map(file),
    oscarFiles: EVALUATION_DATASETS.oscars.filter(present).map(file),
  });
  if (groundTruth.pairs.length === 0) throw new Error('The ground truth is empty: no soundtrack, Oscar or soundtrack-album pair matched the catalog.');
  const index = VibeIndex.load(db, { engine: { threads: 0 } });
  if (!index) throw new Error('The vibe space was not built.');
  try {
    const evaluation = await runEvaluation(db, index, groundTruth.pairs, {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.reportFile !== undefined ? { reportFile: options.reportFile } : {}),
      ...(options.date !== undefined ? { date: options.date } : {}),
      onProgress: say,
    });
    return {
      groundTruth,
      evaluation,
      catalog: { songs: build.songs, movies: build.movies, posterEmbeddings: build.moviesWithPosterEmbedding, visual: build.visual },
      elapsedSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await index.close();
  }
}
