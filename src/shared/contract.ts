import { z } from 'zod';
import { appMethods } from './contract/app';
import { catalogMethods } from './contract/catalog';
import { importMethods } from './contract/imports';
import { jobMethods, jobSchema } from './contract/jobs';
import { listMethods } from './contract/lists';
import { posterMethods } from './contract/posters';
import { recommendMethods } from './contract/recommend';
import { settingsMethods, settingsSchema } from './contract/settings';
import { vibeMethods } from './contract/vibe';
import { tasteMethods } from './contract/taste';
import { undoImportMethods } from './contract/undo-import';
import { musicFolderMethods, musicScanMethods } from './contract/music-folder';
import { UserError } from './errors';

/**
 * The one contract between the UI and the services. The preload API, the Electron main-process
 * handlers and the browser-mode bridge are all derived from this table; every request is
 * validated against its input schema at the boundary (main process / bridge server).
 * This module is shared by every runtime: no Node, Electron or React imports.
 *
 * Each area declares its methods (and their schemas) in its own file under ./contract/; adding an
 * area is one new file there plus one line in `contract` below (and its `export *`).
 */
export * from './contract/app';
export * from './contract/catalog';
export * from './contract/imports';
export * from './contract/jobs';
export * from './contract/posters';
export * from './contract/settings';

/** Every request the UI can make: method name -> input and output schemas. */
export const contract = {
  ...appMethods,
  ...catalogMethods,
  ...importMethods,
  ...posterMethods,
  ...jobMethods,
  ...settingsMethods,
  ...vibeMethods,
  ...recommendMethods,
  ...listMethods,
  ...tasteMethods,
  ...undoImportMethods,
  ...musicFolderMethods,
  ...musicScanMethods,
} as const;

/** The areas, for the check that no two declare the same method. */
export const CONTRACT_AREAS = [
  appMethods,
  catalogMethods,
  importMethods,
  posterMethods,
  jobMethods,
  settingsMethods,
  vibeMethods,
  recommendMethods,
  listMethods,
  tasteMethods,
  undoImportMethods,
  musicFolderMethods,
  musicScanMethods,
] as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type MethodInput<M extends Method> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends Method> = z.output<Contract[M]['output']>;

/** The API the renderer sees, identical in desktop and browser mode. */
export type CrossfadeApi = { [M in Method]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/** Events pushed from the services to every window. */
export const events = {
  'job.updated': jobSchema,
  'catalog.changed': z.object({ reason: z.string() }),
  /** The settings after any change (another window or browser tab may have made it). */
  'settings.changed': settingsSchema,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const METHODS = Object.keys(contract) as Method[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Validates a request at the boundary; the error names the method and the offending field. */
export function parseRequest<M extends Method>(method: M, input: unknown): z.output<Contract[M]['input']> {
  const schema = contract[method].input as unknown as z.ZodType<z.output<Contract[M]['input']>>;
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
    throw new ContractError(`Invalid request to ${method}: ${problems}`);
  }
  return result.data;
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export class ContractError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ContractError';
  }
}
