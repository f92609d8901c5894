import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { z } from 'zod';
import { ImportRuns } from '../core/catalog/import-runs.js';
import { CatalogSearch } from '../core/catalog/search.js';
import { poolBuilderInWorkers } from '../core/catalog/search-pool-client.js';
import { openDatabase } from '../core/db/open-database.js';
import { DATABASE_FILE_NAME } from '../core/paths.js';
import { posterLocation, type PosterLocation } from '../core/posters/poster-lookup.js';
import type { WorkerScript } from '../core/workers/start-worker.js';
import { EVENT_NAMES, METHODS, parseRequest, type Contract, type CrossfadeApi, type Method, type MethodOutput, type Settings } from '../shared/contract';
import type { EventMessage } from '../shared/preload-api';
import type { CallContext } from './dispatch';
import { userImport } from './file-access';
import { appHandlers } from './handlers/app';
import { catalogHandlers } from './handlers/catalog';
import type { Catalog, DesktopShell, ServiceContext, ServiceEvents } from './handlers/context';
import { importHandlers } from './handlers/imports';
import { jobHandlers } from './handlers/jobs';
import { posterHandlers } from './handlers/posters';
import { recommendHandlers } from './handlers/recommend';
import { settingsHandlers } from './handlers/settings';
import { vibeHandlers } from './handlers/vibe';
import { JobManager } from './jobs/job-manager';
import { listHandlers } from './lists';
import { musicFolderHandlers } from './music-folder';
import { PreviewPool } from './preview-pool';
import { RecommendationService } from './recommendations';
import { SettingsStore } from './settings';
import { tasteHandlers } from './taste';
import { undoImportHandlers } from './undo-import';
import { UploadStore } from './uploads';
import { VibeAutoRefresh, vibeRefreshFor } from './vibe-autorefresh';

export { invokeMethod, ServiceError } from './dispatch';
export type { JobResults } from './job-results';
export { defaultDataDir } from '../core/paths.js';

export type { DesktopShell, PosterLocation, ServiceEvents };

export interface ServicesOptions {
  /** The per-user data folder the app starts from: settings.json lives here; the catalog too unless moved in the settings. */
  readonly dataDir: string;
  /** Pins the catalog file (tests, a --db option); otherwise `<settings.dataDir>/crossfade.db`. */
  readonly databasePath?: string;
  /** The worker threads setting until the user changes it. */
  readonly workerThreads?: number;
  readonly mode: 'desktop' | 'browser' | 'cli';
  readonly version?: string;
  /** better_sqlite3.node built for this runtime (Electron), for the main connection and every job. */
  readonly nativeBinding?: string;
  /** Where the app's own models/ folders are (a packaged app: <resources>/models). */
  readonly modelDirs?: readonly string[];
  /** Desktop only: opening links and native dialogs. */
  readonly shell?: DesktopShell;
  readonly workerScript?: WorkerScript;
  /** Load the vibe index in the background at start (default true; the CLI loads it only when a command needs it). */
  readonly preloadVibeIndex?: boolean;
  /** Rebuild the vibe space in the background after imports, poster runs and undos (default: on; the CLI builds it on first use instead). */
  readonly autoRefreshVibe?: boolean;
}

export interface Services {
  /** Every contract method; each validates its input, so it is safe to call directly. */
  readonly api: CrossfadeApi;
  readonly events: EventEmitter<ServiceEvents>;
  /** Every event, as { event, payload }; returns the function that stops listening. */
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** The file of a poster registered in the catalog and its linked folder, or null: the only files the poster routes serve. */
  posterFile(posterId: number): PosterLocation | null;
  /** Browser-mode uploads (in the current data folder). */
  readonly uploads: UploadStore;
  readonly jobs: JobManager;
  /** The preview workers (at most one per core). */
  readonly previews: PreviewPool;
  /** The data folder in use (settings.dataDir) and the catalog in it. */
  readonly dataDir: string;
  readonly databasePath: string;
  /**
   * Resolves once the start's background work is done (the vibe index loaded with every row in
   * memory, the search pools built): the steady state the benches measure.
   */
  startupWorkDone(): Promise<void>;
  /** Stops the jobs (their committed work is kept) and closes the catalog. */
  close(): Promise<void>;
}

type Handlers = { [M in Method]: (input: z.output<Contract[M]['input']>, call: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M> };

export function createServices(options: ServicesOptions): Services {
  const settings = new SettingsStore(options.dataDir, options.workerThreads ? { workerThreads: options.workerThreads } : {});
  const databasePathIn = (dataDir: string) => options.databasePath ?? path.join(dataDir, DATABASE_FILE_NAME);
  const openCatalog = (databasePath: string, dataDir: string): Catalog => {
    const db = openDatabase(databasePath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    // Search pools are built in worker threads, so no keystroke waits for one (a second at a million items).
    const search = new CatalogSearch(db, { buildPools: poolBuilderInWorkers(databasePath, options.nativeBinding) });
    return { db, databasePath, dataDir, search, runs: new ImportRuns(db), uploads: new UploadStore(path.join(dataDir, 'uploads')) };
  };

  let catalog = openCatalog(databasePathIn(settings.get().dataDir), settings.get().dataDir);
  catalog.uploads.removeOld();
  const events = new EventEmitter<ServiceEvents>();
  const jobs = new JobManager({
    databasePath: () => catalog.databasePath,
    maxConcurrent: settings.get().workerThreads,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.workerScript ? { workerScript: options.workerScript } : {}),
  });
  const snapshotDir = () => path.join(catalog.dataDir, 'cache');
  const recommendations = new RecommendationService(() => catalog.db, { threads: () => settings.get().workerThreads, snapshotDir });
  // Load the vibe index and the search pools in the background at start, so the first
  // recommendation and the first keystrokes are fast.
  const preload =
    options.preloadVibeIndex === false
      ? undefined
      : setTimeout(() => {
          recommendations.preload();
          catalog.search.preparePools();
        }, 250);
  jobs.on('job.updated', (job) => {
    events.emit('job.updated', job);
    if (job.kind === 'build-vibe' && job.status === 'completed' && options.preloadVibeIndex !== false) recommendations.preload();
  });
  jobs.on('catalog.changed', (payload) => events.emit('catalog.changed', payload));
  // An import, merge or undo changes what the search pools hold: rebuild them before the next keystroke asks.
  events.on('catalog.changed', () => catalog.search.preparePools());
  const previews = new PreviewPool();
  const startVibeBuild = (mode: 'full' | 'incremental') =>
    jobs.start({ type: 'build-vibe', mode, snapshotDir: snapshotDir() }, mode === 'full' ? 'Build the vibe space' : 'Add imported items to the vibe space', {
      pausable: true,
    });
  // The vibe space keeps itself up to date: after imports, poster runs and undos it is extended or rebuilt in the background.
  const autoRefresh =
    options.autoRefreshVibe === false || options.mode === 'cli'
      ? null
      : new VibeAutoRefresh({
          needed: () => vibeRefreshFor(catalog.db),
          startBuild: startVibeBuild,
          jobs: () => jobs.list(),
          onError: (error) => console.warn(`Crossfade: could not refresh the vibe space: ${error instanceof Error ? error.message : String(error)}`),
        });
  if (autoRefresh) {
    jobs.on('job.updated', (job) => autoRefresh.onJob(job));
    events.on('catalog.changed', () => autoRefresh.onCatalogChanged());
    autoRefresh.schedule();
  }

  const context: ServiceContext = {
    get catalog() {
      return catalog;
    },
    jobs,
    settings,
    recommendations,
    events,
    version: options.version ?? '0.0.0',
    mode: options.mode,
    modelDirs: options.modelDirs,
    shell: options.shell,
    snapshotDir,
    databasePathIn,
    openCatalog,
    replaceCatalog(next) {
      catalog = next;
    },
    resolveFile(ref) {
      if ('uploadId' in ref) return catalog.uploads.resolve(ref.uploadId);
      // The file-access policy: the real path, never /proc, /sys, /dev, a device, FIFO or socket.
      return userImport(ref.path);
    },
    previews,
    startVibeBuild,
  };

  // One handler file per contract area (src/services/handlers/<area>.ts); Handlers checks that every method is answered.
  const handlers: Handlers = {
    ...appHandlers(context),
    ...catalogHandlers(context),
    ...importHandlers(context),
    ...posterHandlers(context),
    ...jobHandlers(context),
    ...settingsHandlers(context),
    ...vibeHandlers(context),
    ...recommendHandlers(context),
    ...listHandlers(() => catalog.db),
    ...tasteHandlers(
      () => catalog.db,
      (ref) => context.resolveFile(ref),
      jobs,
    ),
    ...musicFolderHandlers(() => catalog.db, jobs),
    ...undoImportHandlers(
      () => catalog.db,
      (reason) => events.emit('catalog.changed', { reason }),
    ),
  };

  const api = Object.fromEntries(
    METHODS.map((method) => [
      method,
      async (input: unknown, call?: CallContext) =>
        (handlers[method] as (input: unknown, call: CallContext) => unknown)(parseRequest(method, input), call ?? {}),
    ]),
  ) as unknown as CrossfadeApi;

  let closing: Promise<void> | null = null;
  return {
    api,
    events,
    onEvent(listener) {
      const unsubscribers = EVENT_NAMES.map((event) => {
        const forward = (payload: unknown) => listener({ event, payload } as EventMessage);
        events.on(event, forward);
        return () => events.off(event, forward);
      });
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },
    posterFile: (posterId) => posterLocation(catalog.db, posterId),
    async startupWorkDone() {
      await recommendations.whenLoaded();
      await Promise.all([catalog.search.poolReady('songs'), catalog.search.poolReady('movies')]);
    },
    get uploads() {
      return catalog.uploads;
    },
    jobs,
    previews,
    get dataDir() {
      return catalog.dataDir;
    },
    get databasePath() {
      return catalog.databasePath;
    },
    close() {
      clearTimeout(preload);
      autoRefresh?.close();
      catalog.search.close();
      closing ??= Promise.all([jobs.close(), recommendations.close(), previews.close()]).then(() => {
        catalog.db.close();
      });
      return closing;
    },
  };
}

export type { Settings };
