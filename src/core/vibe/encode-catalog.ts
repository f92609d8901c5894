/// <reference types="electron-vite/node" />
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupsOfSongs, loadRecordingGroups, readSongFacts, recordingGroupsVersion, songScope, type RecordingGroupsVersion } from '../catalog/recordings.js';
import { collectGarbageNow } from '../memory.js';
import type { CatalogDatabase } from '../db/open-database.js';
import { matrixFromHandOff, type VectorMatrix } from '../engine/index.js';
import type { Bridges } from '../features/bridges.js';
import { MOOD_AXES, type MoodAxes } from '../features/types.js';
import { songArtistStatistics, visitMovieFeatures, visitSongFeatures } from '../features/load-features.js';
import type { RankTable } from '../features/rank-table.js';
import { keptRankTables, type RankedColumn } from '../features/ranked-columns.js';
import { loadSongTags } from '../features/song-tags.js';
import { loadSongYears } from '../features/song-years.js';
import type { ProgressMeter } from '../progress.js';
import { findWorkerScript, startWorker } from '../workers/start-worker.js';
import { writeMoodBlocks } from './encode.js';
import { readKind } from './encode-kind.js';
import type { MovieEncoderInput, MovieEncoderMessage } from './encode-movies-worker.js';
import { axisStatsOfRows, completeVibeModel, fitMoodToPoster, modelFrame, moodOfRow, posterLooks, type ModelFrame, type VibeModel } from './model.js';

type Kind = 'song' | 'movie';

/** One kind's vectors (rows in item id order, in engine memory) and each row's raw mood axes. */
interface EncodedKind {
  readonly matrix: VectorMatrix;
  /** MOOD_AXES.length values per row. */
  readonly moods: Float64Array;
  /** The percentile distributions its items were ranked with (the model keeps them for incremental builds). */
  readonly rankTables: ReadonlyMap<RankedColumn, RankTable>;
}

/** The recording groups a build dated its songs with, and the state of the songs they were read from. */
export interface BuildRecordingGroups {
  readonly groups: ReadonlyMap<number, number>;
  readonly version: RecordingGroupsVersion;
}

interface EncodedCatalog {
  /** Without centroids: the caller measures them on the finished rows. */
  readonly model: VibeModel;
  readonly song: EncodedKind;
  readonly movie: EncodedKind;
  readonly recordings: BuildRecordingGroups;
  /** Both kinds' percentile distributions (EncodedKind.rankTables). */
  readonly rankTables: ReadonlyMap<RankedColumn, RankTable>;
}

interface EncodeCatalogOptions {
  readonly bridges: Bridges;
  readonly posterEmbeddings: ReadonlyMap<number, Float32Array>;
  /** The model being replaced: its poster PCA is kept when fitted on the same embeddings. */
  readonly previous?: VibeModel | null;
  readonly meter: ProgressMeter;
  /** Items of each kind, to size the matrices (and the progress) up front. */
  readonly expected: Readonly<Record<Kind, number>>;
  /**
   * Read the movies in a worker thread (over its own connection to this database file) while
   * this thread reads the songs. Only with the default bridge tables, which the worker loads itself.
   */
  readonly moviesInWorker?: Pick<MovieEncoderInput, 'databasePath' | 'nativeBinding' | 'slotToEmpty'> | null;
  /** The songs' recording groups as they are now (BuildVibeOptions.recordingGroups); default: grouped here (9 s at a million songs). */
  readonly recordingGroups?: (() => BuildRecordingGroups) | undefined;
}

/**
 * A full build's encoding, holding no feature objects: every item's blocks that need no fitted
 * statistics are written as the catalog is read, with its raw mood beside it; once both kinds are
 * read, the mood statistics and the mood → poster map (learned on the movies) are fitted and
 * complete every row (mood and poster look). The vectors are the same, value for value, as
 * fitVibeModel and encodeItem over every item's features.
 */
export async function encodeCatalog(db: CatalogDatabase, options: EncodeCatalogOptions): Promise<EncodedCatalog> {
  const { bridges, posterEmbeddings, meter, expected } = options;
  const frame = modelFrame({
    posterEmbeddings,
    concepts: bridges.conceptIds,
    conceptKin: bridges.conceptKin,
    regions: bridges.regionIds,
    tablesDigest: bridges.digest,
    previous: options.previous ?? null,
  });
  const done = { song: 0, movie: 0 };
  const report = (kind: Kind) => (count: number) => {
    done[kind] = count;
    meter.update('Reading and encoding songs and movies', done.song + done.movie, null, count === 0);
  };

  const readMovies = (): EncodedKind => {
    const { tables, ranks } = keptRankTables();
    const { rows, moods } = readKind(frame, expected.movie, (visit) => visitMovieFeatures(db, { bridges, ranks }, visit), report('movie'));
    return { matrix: rows.finish(), moods, rankTables: tables };
  };
  const inWorker = options.moviesInWorker ? moviesInWorker(options.moviesInWorker, frame, expected.movie, report('movie')) : null;
  // Reading the songs may throw first: a failing worker must then not be an unhandled rejection.
  inWorker?.catch(() => undefined);
  // Let the worker start before this thread is busy with the songs.
  if (inWorker) await new Promise((resolve) => setImmediate(resolve));
  // The groups date songs here, and the serving snapshots can keep them (writeVibeSnapshots).
  let recordings: BuildRecordingGroups | null = null;
  const songRanks = keptRankTables();
  const songRows = readKind(
    frame,
    expected.song,
    (visit) => {
      // Each step says so: the movies' progress cannot reach the listener while this thread is busy.
      const onStep = (step: string) => meter.update(step, done.song + done.movie, null, true);
      const statistics = songStatistics(db, { recordingGroups: options.recordingGroups, onStep });
      recordings = { groups: statistics.groups, version: statistics.version };
      // The songs' rows the statistics read are gone now: collect them, or the features' garbage piles up to the limit they raised (memory.ts).
      collectGarbageNow();
      visitSongFeatures(
        db,
        { bridges, extras: { tags: statistics.tags, eras: statistics.eras }, artistStatistics: statistics.artistStatistics, ranks: songRanks.ranks },
        visit,
      );
    },
    report('song'),
  );
  const song: EncodedKind = { matrix: songRows.rows.finish(), moods: songRows.moods, rankTables: songRanks.tables };
  // A worker that cannot start or fails leaves the movies to this thread: slower, the same rows.
  const movie = (inWorker ? await inWorker.catch(() => null) : null) ?? readMovies();

  const looks = posterLooks(frame.pca, posterEmbeddings);
  const ridge = fitMoodToPoster(frame.pca, movie.moods, movie.matrix.itemIds, looks);
  const model = completeVibeModel(frame, { song: axisStatsOfRows(song.moods), movie: axisStatsOfRows(movie.moods) }, ridge);
  completeRows(song, 'song', model, null);
  completeRows(movie, 'movie', model, posterEmbeddings, looks);
  return { model, song, movie, recordings: recordings!, rankTables: new Map([...song.rankTables, ...movie.rankTables]) };
}

/**
 * Every song's statistics the features need (of `only` and their artists' songs, for an
 * incremental build, whose recording groups are only those `only` can be in: see groupScope): the
 * recording groups (from `recordingGroups` when given) and the songs' state they are of, the
 * years, tags and per-artist statistics. The songs' state is read before any song,
 * so groups read while an import lands are never taken for newer than they are; the songs are then
 * read once for every statistic, and let go (a million rows) before the features are read.
 */
export function songStatistics(
  db: CatalogDatabase,
  options: {
    readonly only?: ReadonlySet<number>;
    readonly recordingGroups?: (() => BuildRecordingGroups) | undefined;
    /** Told each step as it starts: at a million songs they take 15 to 20 s together, before any song is encoded. */
    readonly onStep?: (step: string) => void;
  } = {},
) {
  const step = options.onStep ?? (() => undefined);
  const given = options.recordingGroups?.() ?? null;
  const version = given?.version ?? recordingGroupsVersion(db);
  step('Reading the songs');
  const scope = options.only ? songScope(db, options.only) : undefined;
  const facts = readSongFacts(db, scope);
  if (!given) step('Grouping versions of the same recording');
  // Some songs: only the groups they can be in (the songs sharing a recording key with one of them).
  const scoped = !given && options.only ? groupsOfSongs(facts, options.only) : null;
  const groups = given?.groups ?? scoped?.groups ?? loadRecordingGroups(db, scope, facts);
  step("Reading the songs' tags");
  const tags = loadSongTags(db, options.only);
  step('Dating the songs');
  const eras = loadSongYears(db, tags, groups, scope, facts);
  step("Reading each artist's songs");
  const artistStatistics = songArtistStatistics(db, scope, facts);
  // The groups' scope: the songs they were read over, which a snapshot of every group replaces with them (recording-groups-snapshot.ts).
  const groupScope = scope && scoped ? { ...scope, songIds: scoped.songIds } : scope;
  return { version, groups, scope, groupScope, tags, eras, artistStatistics };
}

/** encode-movies-worker.js/.ts beside this module, or the chunk electron-vite emits for it. */
function movieEncoderScript() {
  return findWorkerScript(
    path.dirname(fileURLToPath(import.meta.url)),
    'encode-movies-worker',
    async () => (await import('./encode-movies-worker.js?modulePath')).default,
  );
}

async function moviesInWorker(
  database: Pick<MovieEncoderInput, 'databasePath' | 'nativeBinding' | 'slotToEmpty'>,
  frame: ModelFrame,
  expectedCount: number,
  onProgress: (done: number) => void,
): Promise<EncodedKind> {
  const script = await movieEncoderScript();
  const input: MovieEncoderInput = {
    databasePath: database.databasePath,
    ...(database.nativeBinding ? { nativeBinding: database.nativeBinding } : {}),
    frame: { layout: frame.layout, weights: frame.weights, ranker: frame.ranker },
    expectedCount,
    slotToEmpty: database.slotToEmpty ?? null,
  };
  const worker = startWorker(script, { workerData: input });
  return await new Promise<EncodedKind>((resolve, reject) => {
    worker.on('message', (message: MovieEncoderMessage) => {
      if (message.type === 'progress') onProgress(message.done);
      else resolve({ matrix: matrixFromHandOff(message.rows), moods: message.moods, rankTables: new Map(message.rankTables) });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The movie encoder stopped (exit code ${code}) before it answered.`)));
  });
}

function completeRows(
  encoded: EncodedKind,
  kind: Kind,
  model: VibeModel,
  posterEmbeddings: ReadonlyMap<number, Float32Array> | null,
  looks?: ReadonlyMap<number, Float32Array>,
): void {
  const { matrix, moods } = encoded;
  // One item whose axes are set row by row (writeMoodBlocks keeps nothing of it): an object per row cost 1 s at 2M rows.
  const item: { kind: Kind; mood: { -readonly [Axis in keyof MoodAxes]: number } } = { kind, mood: { ...moodOfRow(moods, 0) } };
  for (let row = 0; row < matrix.count; row++) {
    for (let index = 0; index < MOOD_AXES.length; index++) item.mood[MOOD_AXES[index]!] = moods[row * MOOD_AXES.length + index]!;
    const itemId = matrix.itemIds[row]!;
    writeMoodBlocks(matrix.data, row * matrix.dims, item, model, posterEmbeddings?.get(itemId) ?? null, looks?.get(itemId));
  }
}
