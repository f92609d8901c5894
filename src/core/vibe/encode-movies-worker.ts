import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open-database.js';
import type { VibeSlot } from '../db/vibe-vector-tables.js';
import type { MatrixHandOff } from '../engine/index.js';
import { loadBridges } from '../features/bridges.js';
import { visitMovieFeatures } from '../features/load-features.js';
import type { RankTable } from '../features/rank-table.js';
import { keptRankTables, type RankedColumn } from '../features/ranked-columns.js';
import { readSlotPages } from './index-store.js';
import { readKind } from './encode-kind.js';
import type { ModelFrame } from './model.js';

/** What the movie encoder is started with (encode-catalog.ts). */
export interface MovieEncoderInput {
  readonly databasePath: string;
  readonly nativeBinding?: string;
  readonly frame: Pick<ModelFrame, 'layout' | 'weights' | 'ranker'>;
  readonly expectedCount: number;
  /**
   * The slot the build empties when it finishes (the ready model's): once the movies are handed
   * over, its pages are read (readSlotPages) while the build still reads songs and saves rows.
   */
  readonly slotToEmpty?: VibeSlot | null;
}

export type MovieEncoderMessage =
  | { readonly type: 'progress'; readonly done: number }
  | {
      readonly type: 'done';
      readonly rows: MatrixHandOff;
      readonly moods: Float64Array;
      /** The percentile distributions the movies were ranked with. */
      readonly rankTables: [RankedColumn, RankTable][];
    };

// Reads and encodes every movie over its own read-only connection while the build reads the
// songs; the rows stay in shared memory, so handing them over copies nothing.
const { databasePath, nativeBinding, frame, expectedCount, slotToEmpty } = workerData as MovieEncoderInput;
const db = openDatabase(databasePath, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) });
try {
  const bridges = loadBridges();
  const { tables, ranks } = keptRankTables();
  const { rows, moods } = readKind(
    frame,
    expectedCount,
    (visit) => visitMovieFeatures(db, { bridges, ranks }, visit),
    (done) => parentPort!.postMessage({ type: 'progress', done } satisfies MovieEncoderMessage),
  );
  parentPort!.postMessage({ type: 'done', rows: rows.handOff(), moods, rankTables: [...tables] } satisfies MovieEncoderMessage, [moods.buffer as ArrayBuffer]);
  if (slotToEmpty !== undefined && slotToEmpty !== null) readSlotPages(db, slotToEmpty);
} finally {
  db.close();
}
