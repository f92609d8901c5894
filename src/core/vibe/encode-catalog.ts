import type { CatalogDatabase } from '../db/open-database.js';
import { matrixBuilder, type VectorMatrix } from '../engine/index.js';
import type { Bridges } from '../features/bridges.js';
import { visitMovieFeatures, visitSongFeatures } from '../features/load-features.js';
import { loadSongTags } from '../features/song-tags.js';
import { loadSongYears } from '../features/song-years.js';
import { MOOD_AXES, type ItemFeatures } from '../features/types.js';
import type { ProgressMeter } from '../progress.js';
import { writeItemBlocks, writeMoodBlocks } from './encode.js';
import { axisStatsOfRows, completeVibeModel, fitMoodToPoster, modelFrame, moodOfRow, type ModelFrame, type VibeModel } from './model.js';

type Kind = 'song' | 'movie';

/** One kind's vectors (rows in item id order, in engine memory) and each row's raw mood axes. */
interface EncodedKind {
  readonly matrix: VectorMatrix;
  /** MOOD_AXES.length values per row. */
  readonly moods: Float64Array;
}

interface EncodedCatalog {
  /** Without centroids: the caller measures them on the finished rows. */
  readonly model: VibeModel;
  readonly song: EncodedKind;
  readonly movie: EncodedKind;
}

interface EncodeCatalogOptions {
  readonly bridges: Bridges;
  readonly posterEmbeddings: ReadonlyMap<number, Float32Array>;
  readonly meter: ProgressMeter;
  /** Items of each kind, to size the matrices (and the progress) up front. */
  readonly expected: Readonly<Record<Kind, number>>;
}

/** Items between two progress updates while a kind is read. */
const PROGRESS_EVERY = 50_000;

/**
 * A full build's encoding, holding no feature objects: every item's blocks that need no fitted
 * statistics are written as the catalog is read, with its raw mood beside it; once a kind is read,
 * its mood statistics are fitted and complete its rows (mood and poster look). Movies are read
 * first because the mood → poster map every item without a poster uses is learned on them. The
 * vectors are the same, value for value, as fitVibeModel and encodeItem over every item's features.
 */
export function encodeCatalog(db: CatalogDatabase, options: EncodeCatalogOptions): EncodedCatalog {
  const { bridges, posterEmbeddings, meter, expected } = options;
  const frame = modelFrame({ posterEmbeddings, concepts: bridges.conceptIds, regions: bridges.regionIds });
  const progress = (phase: string, offset: number) => (done: number) => meter.update(phase, offset + done, null, done === 0);

  const movie = readKind(frame, expected.movie, (visit) => visitMovieFeatures(db, { bridges }, visit), progress('Reading and encoding movies', 0));
  const ridge = fitMoodToPoster(frame.pca, movie.moods, movie.matrix.itemIds, posterEmbeddings);
  const song = readKind(
    frame,
    expected.song,
    (visit) => {
      const tags = loadSongTags(db);
      visitSongFeatures(db, { bridges, extras: { tags, eras: loadSongYears(db, tags) } }, visit);
    },
    progress('Reading and encoding songs', movie.matrix.count),
  );
  const model = completeVibeModel(frame, { song: axisStatsOfRows(song.moods), movie: axisStatsOfRows(movie.moods) }, ridge);
  completeRows(song, 'song', model, null);
  completeRows(movie, 'movie', model, posterEmbeddings);
  return { model, song, movie };
}

function readKind(
  frame: ModelFrame,
  expectedCount: number,
  read: (visit: (item: ItemFeatures) => void) => void,
  onProgress: (done: number) => void,
): EncodedKind {
  const builder = matrixBuilder(frame.layout.dims, expectedCount);
  const row = new Float32Array(frame.layout.dims);
  const moods: number[] = [];
  let count = 0;
  onProgress(0);
  read((item) => {
    row.fill(0);
    writeItemBlocks(row, 0, item, frame);
    builder.add(item.itemId, row);
    for (const axis of MOOD_AXES) moods.push(item.mood[axis]);
    if (++count % PROGRESS_EVERY === 0) onProgress(count);
  });
  return { matrix: builder.finish(), moods: Float64Array.from(moods) };
}

function completeRows(encoded: EncodedKind, kind: Kind, model: VibeModel, posterEmbeddings: ReadonlyMap<number, Float32Array> | null): void {
  const { matrix, moods } = encoded;
  for (let row = 0; row < matrix.count; row++)
    writeMoodBlocks(matrix.data, row * matrix.dims, { kind, mood: moodOfRow(moods, row) }, model, posterEmbeddings?.get(matrix.itemIds[row]!) ?? null);
}
