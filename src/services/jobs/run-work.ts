import { openDatabase, type CatalogDatabase } from '../../core/db/open-database.js';
import { importFile } from '../../core/importers/import-file.js';
import { ProgressMeter, type ProgressListener } from '../../core/progress.js';
import { modelStatus } from '../../core/model/image-model.js';
import { scanMusicFolder } from '../../core/music-folder/scan-music-folder.js';
import { importTaste } from '../../core/taste/import-taste.js';
import { startPosterEmbedding } from '../../core/posters/embedding/embed-posters.js';
import { scanPosterFolder } from '../../core/posters/scan-poster-folder.js';
import { vibeSnapshotTag, writeVibeSnapshots } from '../../core/recommend/vibe-index.js';
import { recordingGroupsNow } from '../../core/recommend/recording-groups-snapshot.js';
import { buildVibeIndex, type BuiltVibeRows, type ExtendedVibeRows } from '../../core/vibe/build-index.js';
import type { JobProgress, JobSpec, TaskSpec } from './protocol';

/** How a running job is steered from the parent thread. */
export interface JobControls {
  readonly signal: AbortSignal;
  /** Called with every progress snapshot (at most ~10/s, from ProgressMeter). */
  readonly onProgress: (progress: JobProgress) => void;
  /**
   * Blocks the job thread while it is paused, between committed batches (never inside a
   * transaction). Returns at once when running; a cancel while paused aborts `signal` and returns.
   */
  readonly checkpoint: () => void;
  /** For jobs that pause asynchronously: called when the parent pauses or resumes the job. */
  onPauseChange: ((paused: boolean) => void) | null;
}

export interface JobOutcome {
  readonly status: 'completed' | 'cancelled';
  readonly result: unknown;
}

export interface DatabaseOptions {
  readonly databasePath: string;
  readonly nativeBinding?: string;
}

/** Jobs run side by side and take turns writing; one may wait this long for another's batch. */
const JOB_BUSY_TIMEOUT_MS = 10 * 60_000;

/** Runs one job with its own connection to the catalog (WAL: other connections keep reading). */
export async function runJob(spec: JobSpec, database: DatabaseOptions, controls: JobControls): Promise<JobOutcome> {
  const db = openDatabase(database.databasePath, {
    busyTimeoutMs: JOB_BUSY_TIMEOUT_MS,
    ...(database.nativeBinding ? { nativeBinding: database.nativeBinding } : {}),
  });
  try {
    return await runJobWith(db, spec, controls, database.nativeBinding);
  } finally {
    db.close();
  }
}

async function runJobWith(db: CatalogDatabase, spec: JobSpec, controls: JobControls, nativeBinding?: string): Promise<JobOutcome> {
  const onProgress: ProgressListener = (progress) => controls.onProgress(progress);
  switch (spec.type) {
    case 'import': {
      const summary = await importFile(db, {
        file: spec.file,
        kind: spec.kind,
        format: spec.format,
        encoding: spec.encoding,
        mapping: spec.mapping ?? spec.mappingFile,
        batchSize: spec.batchSize,
        displayName: spec.displayName,
        uploaded: spec.uploaded,
        signal: controls.signal,
        onProgress,
        checkpoint: controls.checkpoint,
      });
      return { status: summary.status, result: summary };
    }
    case 'scan-posters': {
      const report = await scanPosterFolder(db, {
        folder: spec.folder,
        mapFile: spec.mapFile,
        numericIds: spec.numericIds,
        removeMissing: spec.removeMissing ?? false,
        signal: controls.signal,
        onProgress,
      });
      return { status: controls.signal.aborted ? 'cancelled' : 'completed', result: report };
    }
    case 'embed-posters': {
      const job = startPosterEmbedding(db, {
        model: {
          dataDir: spec.dataDir,
          ...(spec.modelDirs ? { appModelDirs: spec.modelDirs } : {}),
          ...(spec.modelPath ? { explicitPath: spec.modelPath } : {}),
        },
        limit: spec.limit ?? null,
        retryFailed: spec.retryFailed,
        totalThreads: spec.threads,
        signal: controls.signal,
        onProgress,
      });
      controls.onPauseChange = (paused) => (paused ? job.pause() : job.resume());
      const summary = await job.result;
      return { status: summary.status, result: summary };
    }
    case 'build-vibe': {
      let built: BuiltVibeRows | null = null;
      let extended: ExtendedVibeRows | null = null;
      // The tag the snapshots have now: an incremental build extends them from it.
      const tagBefore = spec.snapshotDir ? vibeSnapshotTag(db) : null;
      const buildWithSnapshots = (snapshotDir: string) => ({
        onBuilt: (rows: BuiltVibeRows) => (built = rows),
        onExtended: (rows: ExtendedVibeRows) => (extended = rows),
        // A rebuild (posters embedded, a new ranker) finds the groups its previous build snapshotted.
        recordingGroups: () => recordingGroupsNow(db, snapshotDir),
      });
      const summary = await buildVibeIndex(db, {
        mode: spec.mode,
        signal: controls.signal,
        onProgress,
        checkpoint: controls.checkpoint,
        ...(nativeBinding ? { nativeBinding } : {}),
        ...(spec.snapshotDir ? buildWithSnapshots(spec.snapshotDir) : {}),
      });
      if (summary.status === 'completed' && spec.snapshotDir) {
        // The job's last progress is what its card keeps showing: the items the build encoded and the whole job's time.
        const meter = new ProgressMeter('items', onProgress, { elapsedBeforeSeconds: summary.elapsedSeconds });
        const report = (phase: string) => meter.update(phase, summary.encoded, null, true);
        report('Saving vectors for a fast start');
        try {
          // (Assigned in the build's callbacks, which the compiler cannot see.)
          const extendedRows = extended as ExtendedVibeRows | null;
          writeVibeSnapshots(db, spec.snapshotDir, built, extendedRows && { ...extendedRows, tagBefore });
        } catch {
          // Snapshots only speed up the next start (and cannot be made for a kind with no items yet):
          // the build itself succeeded.
        }
        report('Done');
      }
      return { status: summary.status, result: summary };
    }
    case 'scan-music': {
      const report = await scanMusicFolder(db, { folder: spec.folder, signal: controls.signal, onProgress, checkpoint: controls.checkpoint });
      return { status: report.status, result: report };
    }
  }
}

/** Runs a short task (no job entry, no progress); tasks that read the catalog open their own connection. */
export async function runTask(spec: TaskSpec, database?: DatabaseOptions): Promise<unknown> {
  switch (spec.type) {
    case 'taste-import': {
      if (!database) throw new Error('taste-import needs the catalog');
      const db = openDatabase(database.databasePath, {
        busyTimeoutMs: JOB_BUSY_TIMEOUT_MS,
        ...(database.nativeBinding ? { nativeBinding: database.nativeBinding } : {}),
      });
      try {
        return importTaste(db, spec.file, spec.shownAs);
      } finally {
        db.close();
      }
    }
    case 'model-status': {
      const status = await modelStatus({ dataDir: spec.dataDir, ...(spec.modelDirs ? { appModelDirs: spec.modelDirs } : {}) });
      return { available: status.available, path: status.path, message: status.message };
    }
  }
}
