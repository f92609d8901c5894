import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { browseMovies, genreFacets, languageFacets } from '../core/catalog/browse.js';
import { ImportRuns } from '../core/catalog/import-runs.js';
import { CatalogSearch } from '../core/catalog/search.js';
import { catalogStats } from '../core/catalog/stats.js';
import { openDatabase, type CatalogDatabase } from '../core/db/open-database.js';
import { FORMATS } from '../core/importers/formats/index.js';
import { DATABASE_FILE_NAME } from '../core/paths.js';
import {
  EVENT_NAMES,
  METHODS,
  parseRequest,
  type Contract,
  type CrossfadeApi,
  type EventName,
  type EventPayload,
  type FileRef,
  type Method,
  type MethodOutput,
  type openDialogSchema,
  type Settings,
} from '../shared/contract';
import type { EventMessage } from '../shared/preload-api';
import { ServiceError } from './dispatch';
import type { WorkerScript } from '../core/workers/start-worker.js';
import { JobManager } from './jobs/job-manager';
import type { JobSpec } from './jobs/protocol';
import { checkReadableFile, type ImportPreview } from './preview';
import { listHandlers } from './lists';
import { RecommendationService } from './recommendations';
import { SettingsStore } from './settings';
import { UploadStore } from './uploads';

export { invokeMethod, ServiceError } from './dispatch';
export { jobResult, type JobResults } from './job-results';
export { defaultDataDir } from '../core/paths.js';

/** What only the desktop shell can do (Electron's shell and dialog modules). */
export interface DesktopShell {
  openExternal(url: string): Promise<void>;
  /** The chosen path, or null when the user cancelled. */
  openDialog(request: z.output<typeof openDialogSchema>): Promise<string | null>;
}

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
}

export type ServiceEvents = { [E in EventName]: [payload: EventPayload<E>] };

export interface Services {
  /** Every contract method; each validates its input, so it is safe to call directly. */
  readonly api: CrossfadeApi;
  readonly events: EventEmitter<ServiceEvents>;
  /** Every event, as { event, payload }; returns the function that stops listening. */
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** The file of a poster registered in the catalog, or null: the only files the poster protocol serves. */
  posterFile(posterId: number): string | null;
  /** Browser-mode uploads (in the current data folder). */
  readonly uploads: UploadStore;
  readonly jobs: JobManager;
  /** The data folder in use (settings.dataDir) and the catalog in it. */
  readonly dataDir: string;
  readonly databasePath: string;
  /** Stops the jobs (their committed work is kept) and closes the catalog. */
  close(): Promise<void>;
}

type Handlers = { [M in Method]: (input: z.output<Contract[M]['input']>) => Promise<MethodOutput<M>> | MethodOutput<M> };

export function createServices(options: ServicesOptions): Services {
  const settings = new SettingsStore(options.dataDir, options.workerThreads ? { workerThreads: options.workerThreads } : {});
  const databasePathIn = (dataDir: string) => options.databasePath ?? path.join(dataDir, DATABASE_FILE_NAME);
  const open = (file: string) => openDatabase(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});

  let catalog = openCatalog(open, databasePathIn(settings.get().dataDir), settings.get().dataDir);
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
  // Load the vibe index in the background at start, so the first recommendation is fast.
  const preload = options.preloadVibeIndex === false ? undefined : setTimeout(() => recommendations.preload(), 250);
  jobs.on('job.updated', (job) => {
    events.emit('job.updated', job);
    if (job.kind === 'build-vibe' && job.status === 'completed' && options.preloadVibeIndex !== false) recommendations.preload();
  });
  jobs.on('catalog.changed', (payload) => events.emit('catalog.changed', payload));

  const resolveFile = (ref: FileRef): { path: string; name: string } => {
    if ('uploadId' in ref) return catalog.uploads.resolve(ref.uploadId);
    const file = path.resolve(ref.path);
    return { path: file, name: path.basename(file) };
  };

  const desktopOnly = (what: string): DesktopShell => {
    if (options.mode === 'desktop' && options.shell) return options.shell;
    throw new ServiceError(`${what} only works in the desktop app; in browser mode the page does it (see src/shared/browser-api.ts).`);
  };

  const handlers: Handlers = {
    'app.info': () => ({ version: options.version ?? '0.0.0', mode: options.mode, dataDir: catalog.dataDir, databasePath: catalog.databasePath }),
    'catalog.stats': () => catalogStats(catalog.db),
    'catalog.searchSongs': ({ text, limit }) => catalog.search.searchSongs(text, limit),
    'catalog.searchMovies': ({ text, limit }) => catalog.search.searchMovies(text, limit),
    'imports.preview': async ({ file, encoding }) => {
      const resolved = resolveFile(file);
      return (await jobs.runTask({ type: 'preview', file: resolved.path, displayName: resolved.name, ...(encoding ? { encoding } : {}) })) as ImportPreview;
    },
    'imports.start': ({ file, kind, format, encoding, mapping, mappingFile, batchSize }) => {
      const resolved = resolveFile(file);
      checkReadableFile(resolved.path, resolved.name);
      const uploaded = 'uploadId' in file;
      const spec: JobSpec = { type: 'import', file: resolved.path, kind, format, encoding, mapping, mappingFile, batchSize, uploaded, ...(uploaded ? { displayName: resolved.name } : {}) };
      return jobs.start(spec, `Import ${resolved.name}`, { pausable: true });
    },
    'imports.runs': ({ limit }) => catalog.runs.list(limit),
    'imports.formats': () => FORMATS.map(({ id, kind, label, requiredColumns }) => ({ id, kind, label, requiredColumns: [...requiredColumns] })),
    'imports.report': ({ runId, issueLimit }) => {
      const run = catalog.runs.get(runId);
      if (!run) throw new ServiceError(`There is no import run #${runId}.`);
      return { run, issues: catalog.runs.issues(runId, issueLimit) };
    },
    'posters.scanFolder': ({ folder, mapFile, numericIds, removeMissing }) => {
      const dir = path.resolve(folder);
      if (!isDirectory(dir)) throw new ServiceError(`${dir} is not a folder. Choose the folder that holds the poster images.`);
      if (mapFile !== undefined) checkReadableFile(path.resolve(mapFile));
      const spec: JobSpec = { type: 'scan-posters', folder: dir, numericIds, removeMissing, ...(mapFile !== undefined ? { mapFile: path.resolve(mapFile) } : {}) };
      return jobs.start(spec, `Scan posters in ${path.basename(dir) || dir}`, { pausable: false });
    },
    'posters.embed': ({ retryFailed, model, limit }) => {
      const spec: JobSpec = {
        type: 'embed-posters',
        retryFailed,
        threads: settings.get().workerThreads,
        dataDir: catalog.dataDir,
        ...(options.modelDirs ? { modelDirs: options.modelDirs } : {}),
        ...(model ? { modelPath: path.resolve(model) } : {}),
        ...(limit ? { limit } : {}),
      };
      return jobs.start(spec, 'Describe posters with the image model', { pausable: true });
    },
    'posters.forMovies': ({ movieIds }) =>
      catalog.db
        .prepare(`SELECT id AS posterId, movie_id AS movieId FROM posters WHERE movie_id IN (${movieIds.map(() => '?').join(',')}) ORDER BY movie_id, id`)
        .all(...movieIds) as { posterId: number; movieId: number }[],
    'vibe.status': () => recommendations.status(),
    'vibe.build': ({ mode }) =>
      jobs.start({ type: 'build-vibe', mode, snapshotDir: snapshotDir() }, mode === 'full' ? 'Build the vibe space' : 'Add new items to the vibe space', { pausable: true }),
    'recommend.query': (request) => recommendations.query(request),
    'recommend.similar': ({ item, target, k }) => recommendations.query({ picks: [item], target: target ?? item.kind, k }),
    'catalog.genres': ({ domain }) => genreFacets(catalog.db, domain),
    'catalog.languages': () => languageFacets(catalog.db),
    'catalog.browseMovies': (query) => browseMovies(catalog.db, query),
    ...listHandlers(() => catalog.db),
    'jobs.list': () => jobs.list(),
    'jobs.pause': ({ jobId }) => jobs.pause(jobId),
    'jobs.resume': ({ jobId }) => jobs.resume(jobId),
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
    'model.status': async () =>
      (await jobs.runTask({ type: 'model-status', dataDir: catalog.dataDir, ...(options.modelDirs ? { modelDirs: options.modelDirs } : {}) })) as MethodOutput<'model.status'>,
    'settings.get': () => settings.get(),
    'settings.update': (change) => {
      const next = settings.check(change);
      const before = settings.get();
      const newDatabase = databasePathIn(next.dataDir);
      if (newDatabase !== catalog.databasePath) {
        if (jobs.hasActiveJobs()) throw new ServiceError('Wait for the running jobs to finish (or cancel them) before changing the data folder.');
        const moved = openCatalog(open, newDatabase, next.dataDir);
        void recommendations.close();
        catalog.db.close();
        catalog = moved;
      } else if (next.dataDir !== catalog.dataDir) {
        catalog = { ...catalog, dataDir: next.dataDir, uploads: new UploadStore(path.join(next.dataDir, 'uploads')) };
      }
      settings.save(next);
      if (next.workerThreads !== before.workerThreads) jobs.setMaxConcurrent(next.workerThreads);
      events.emit('settings.changed', settings.get());
      if (next.dataDir !== before.dataDir) events.emit('catalog.changed', { reason: 'The data folder changed.' });
      return settings.get();
    },
    'app.openExternal': async ({ url }) => {
      await desktopOnly('Opening links').openExternal(url);
      return { opened: true };
    },
    'dialog.open': async (request) => ({ path: await desktopOnly('The file dialog').openDialog(request) }),
  };

  const api = Object.fromEntries(
    METHODS.map((method) => [method, async (input: unknown) => (handlers[method] as (input: unknown) => unknown)(parseRequest(method, input))]),
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
    posterFile(posterId) {
      if (!Number.isSafeInteger(posterId) || posterId <= 0) return null;
      const row = catalog.db.prepare('SELECT path FROM posters WHERE id = ?').get(posterId) as { path: string } | undefined;
      return row?.path ?? null;
    },
    get uploads() {
      return catalog.uploads;
    },
    jobs,
    get dataDir() {
      return catalog.dataDir;
    },
    get databasePath() {
      return catalog.databasePath;
    },
    close() {
      clearTimeout(preload);
      closing ??= Promise.all([jobs.close(), recommendations.close()]).then(() => {
        catalog.db.close();
      });
      return closing;
    },
  };
}

interface Catalog {
  readonly db: CatalogDatabase;
  readonly databasePath: string;
  readonly dataDir: string;
  readonly search: CatalogSearch;
  readonly runs: ImportRuns;
  readonly uploads: UploadStore;
}

function openCatalog(open: (file: string) => CatalogDatabase, databasePath: string, dataDir: string): Catalog {
  const db = open(databasePath);
  return { db, databasePath, dataDir, search: new CatalogSearch(db), runs: new ImportRuns(db), uploads: new UploadStore(path.join(dataDir, 'uploads')) };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export type { Settings };
