import type { EventEmitter } from 'node:events';
import type { z } from 'zod';
import type { ImportRuns } from '../../core/catalog/import-runs.js';
import type { CatalogSearch } from '../../core/catalog/search.js';
import type { CatalogDatabase } from '../../core/db/open-database.js';
import type { EventName, EventPayload, FileRef, openDialogSchema } from '../../shared/contract';
import type { Job } from '../../shared/contract';
import type { CallContext } from '../dispatch';
import type { JobManager } from '../jobs/job-manager';
import type { PreviewPool } from '../preview-pool';
import type { RecommendationService } from '../recommendations';
import type { SettingsStore } from '../settings';
import type { UploadStore } from '../uploads';

/** What only the desktop shell can do (Electron's shell and dialog modules). */
export interface DesktopShell {
  openExternal(url: string): Promise<void>;
  /** The chosen path, or null when the user cancelled. */
  openDialog(request: z.output<typeof openDialogSchema>): Promise<string | null>;
}

/** The catalog in use: it changes when the user moves the data folder. */
export interface Catalog {
  readonly db: CatalogDatabase;
  readonly databasePath: string;
  readonly dataDir: string;
  readonly search: CatalogSearch;
  readonly runs: ImportRuns;
  readonly uploads: UploadStore;
}

export type ServiceEvents = { [E in EventName]: [payload: EventPayload<E>] };

/** A contract area's methods -> the functions that answer them (inputs already validated; `call` carries the caller's cancellation). */
export type HandlersOf<Area extends Record<string, { readonly input: z.ZodType; readonly output: z.ZodType }>> = {
  [M in keyof Area]: (input: z.output<Area[M]['input']>, call: CallContext) => Promise<z.output<Area[M]['output']>> | z.output<Area[M]['output']>;
};

/** What the area handlers share: the current catalog, the job runner, the settings, the options the shell gave. */
export interface ServiceContext {
  readonly catalog: Catalog;
  readonly jobs: JobManager;
  readonly settings: SettingsStore;
  readonly recommendations: RecommendationService;
  readonly events: EventEmitter<ServiceEvents>;
  readonly version: string;
  readonly mode: 'desktop' | 'browser' | 'cli';
  /** Where the app's own models/ folders are (a packaged app: <resources>/models). */
  readonly modelDirs: readonly string[] | undefined;
  /** Desktop only: opening links and native dialogs. */
  readonly shell: DesktopShell | undefined;
  /** Where vector snapshots are cached (in the data folder). */
  snapshotDir(): string;
  /** The catalog file for a data folder (a pinned --db wins). */
  databasePathIn(dataDir: string): string;
  /** Opens the catalog of another data folder (settings.update moves the data folder). */
  openCatalog(databasePath: string, dataDir: string): Catalog;
  /** Makes `next` the catalog in use. */
  replaceCatalog(next: Catalog): void;
  /** A file reference from the UI: a path (under the file-access policy), or an upload stored by the bridge. */
  resolveFile(ref: FileRef): { path: string; name: string };
  /** The preview workers (at most one per core). */
  readonly previews: PreviewPool;
  /** Starts a vibe build job (the vibe.build method and the background refresh share it). */
  startVibeBuild(mode: 'full' | 'incremental'): Job;
}
