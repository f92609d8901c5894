import type { z } from 'zod';
import type { columnMappingSchema, jobProgressSchema } from '../../shared/contract';
import type { CatalogKind } from '../../shared/catalog-fields';

/** What a background job does; built by the services from a validated request. */
export type JobSpec =
  | {
      readonly type: 'import';
      /** Absolute path of the file (an upload is resolved to its path first). */
      readonly file: string;
      readonly kind?: CatalogKind;
      readonly format?: string;
      readonly encoding?: string;
      readonly mapping?: z.infer<typeof columnMappingSchema>;
      readonly mappingFile?: string;
      readonly batchSize?: number;
      /** How messages name the file (an upload's own name: its folder is an internal one the user never saw). */
      readonly displayName?: string;
      /** The file was uploaded (browser mode). */
      readonly uploaded?: boolean;
    }
  | {
      readonly type: 'scan-posters';
      readonly folder: string;
      readonly mapFile?: string;
      readonly numericIds: 'auto' | 'imdb' | 'tmdb';
      readonly removeMissing?: boolean;
    }
  | {
      readonly type: 'embed-posters';
      readonly retryFailed: boolean;
      /** Threads the job may keep busy in all (the worker-threads setting), shared among its workers. */
      readonly threads: number;
      readonly dataDir: string;
      readonly modelDirs?: readonly string[];
      /** An explicit model file (CLI --model). */
      readonly modelPath?: string;
      readonly limit?: number;
    }
  | {
      readonly type: 'build-vibe';
      readonly mode: 'full' | 'incremental';
      /** Where the app keeps vector snapshots: the job writes the new build's, for a fast next load. */
      readonly snapshotDir?: string;
    }
  | { readonly type: 'scan-music'; readonly folder: string };

/** Short one-shot work run off the main thread (answers a request; not listed as a job). */
export type TaskSpec =
  | { readonly type: 'model-status'; readonly dataDir: string; readonly modelDirs?: readonly string[] }
  /** Matching a Letterboxd or Spotify export against the catalog can take seconds: never on the main thread. */
  | { readonly type: 'taste-import'; readonly file: string; readonly shownAs: string };

export type Work = { readonly mode: 'job'; readonly spec: JobSpec } | { readonly mode: 'task'; readonly spec: TaskSpec };

export interface WorkerInput {
  readonly work: Work;
  readonly databasePath: string;
  /** A better_sqlite3.node built for this runtime (the Electron ABI in the desktop app). */
  readonly nativeBinding?: string;
  /** One Int32: CONTROL_RUN, CONTROL_PAUSE or CONTROL_CANCEL (read while the job blocks at a checkpoint). */
  readonly control: SharedArrayBuffer;
}

export const CONTROL_RUN = 0;
export const CONTROL_PAUSE = 1;
export const CONTROL_CANCEL = 2;

export type JobProgress = z.infer<typeof jobProgressSchema>;

/** Parent -> worker (besides the shared control word, for jobs that wait asynchronously). */
export type ControlMessage = { readonly type: 'cancel' } | { readonly type: 'pause' } | { readonly type: 'resume' };

/** Worker -> parent. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: JobProgress }
  | { readonly type: 'done'; readonly status: 'completed' | 'cancelled'; readonly result: unknown }
  | { readonly type: 'failed'; readonly message: string };
