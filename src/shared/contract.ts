import { z } from 'zod';
import {
  browseMoviesResultSchema,
  browseMoviesSchema,
  facetSchema,
  itemKindSchema,
  pickSchema,
  recommendQuerySchema,
  recommendResponseSchema,
  vibeStatusSchema,
} from './recommend-schemas';
import { listMethods } from './list-schemas';
import { UserError } from './errors';

/**
 * The one contract between the UI and the services. The preload API, the Electron main-process
 * handlers and the browser-mode bridge are all derived from this table; every request is
 * validated against its input schema at the boundary (main process / bridge server).
 * This module is shared by every runtime: no Node, Electron or React imports.
 */

const id = z.number().int().positive();
const kind = z.enum(['songs', 'movies']);

export const jobStatus = z.enum(['queued', 'running', 'paused', 'completed', 'cancelled', 'failed']);
export const jobKind = z.enum(['import', 'scan-posters', 'embed-posters', 'build-vibe']);

export const jobProgressSchema = z.object({
  phase: z.string(),
  done: z.number(),
  unit: z.string(),
  bytesDone: z.number().nullable(),
  bytesTotal: z.number().nullable(),
  ratePerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  elapsedSeconds: z.number(),
});

export const jobSchema = z.object({
  id: z.string(),
  kind: jobKind,
  label: z.string(),
  status: jobStatus,
  progress: jobProgressSchema.nullable(),
  /** The job's summary when it completes (import summary, poster report, ...). */
  result: z.unknown().nullable(),
  /** One sentence saying what went wrong and what to do next. */
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const catalogStatsSchema = z.object({
  songs: z.number(),
  songsWithAudioFeatures: z.number(),
  movies: z.number(),
  moviesWithPoster: z.number(),
  posters: z.number(),
  musicGenres: z.number(),
  movieGenres: z.number(),
  keywords: z.number(),
  sources: z.number(),
  importRuns: z.number(),
  schemaVersion: z.number(),
  databaseBytes: z.number(),
});

export const songHitSchema = z.object({
  id, title: z.string(), artists: z.string(), album: z.string().nullable(), releaseYear: z.number().nullable(), spotifyId: z.string().nullable(),
});
export const movieHitSchema = z.object({
  id, title: z.string(), originalTitle: z.string().nullable(), releaseYear: z.number().nullable(), tmdbId: z.number().nullable(), imdbId: z.string().nullable(),
});

export const importIssueSchema = z.object({
  line: z.number(), columnName: z.string().nullable(), columnNumber: z.number().nullable(), reason: z.string(), excerpt: z.string().nullable(),
});

export const importRunSchema = z.object({
  id, sourceId: id, path: z.string(), kind: z.enum(['songs', 'movies', 'posters']), format: z.string(),
  status: z.enum(['running', 'completed', 'cancelled', 'failed', 'interrupted']), encoding: z.string().nullable(),
  startedAt: z.string(), finishedAt: z.string().nullable(), rowsRead: z.number(), rowsImported: z.number(), rowsSkipped: z.number(),
  itemsAdded: z.number(), itemsMerged: z.number(), bytesDone: z.number(), fileSize: z.number().nullable(),
  warnings: z.array(z.string()), error: z.string().nullable(),
});

/** A file the UI can import: a real path (desktop) or an upload the bridge stored (browser mode). */
export const fileRefSchema = z.union([z.object({ path: z.string().min(1) }), z.object({ uploadId: z.string().regex(/^[a-f0-9-]{8,64}$/) })]);

export const columnMappingSchema = z.object({
  kind,
  columns: z.record(z.string(), z.string().min(1)),
  listSeparator: z.string().min(1).optional(),
  featuresInPercent: z.boolean().optional(),
});

export const importOptionsSchema = z.object({
  file: fileRefSchema,
  kind: kind.optional(),
  format: z.string().optional(),
  encoding: z.string().optional(),
  mapping: columnMappingSchema.optional(),
});

export const importPreviewSchema = z.object({
  fileName: z.string(),
  fileSize: z.number(),
  encoding: z.object({ encoding: z.string(), confidence: z.enum(['certain', 'likely', 'uncertain']), reason: z.string(), suspiciousExamples: z.array(z.string()) }),
  delimiter: z.string(),
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** The detected format, or null with `formatError` explaining what each format expects. */
  format: z.object({ id: z.string(), kind, label: z.string() }).nullable(),
  formatError: z.string().nullable(),
  knownFormats: z.array(z.object({ id: z.string(), kind, label: z.string(), requiredColumns: z.array(z.string()) })),
});

export const modelStatusSchema = z.object({
  available: z.boolean(),
  path: z.string().nullable(),
  /** What was looked for where, and what to do, when unavailable. */
  message: z.string(),
});

export const settingsSchema = z.object({
  dataDir: z.string(),
  theme: z.enum(['system', 'dark', 'light']),
  workerThreads: z.number().int().min(1).max(64),
});

const empty = z.object({}).strict();

/** The only sites app.openExternal opens (https, default port, no credentials). */
export const EXTERNAL_LINK_HOSTS = ['open.spotify.com', 'www.themoviedb.org', 'www.imdb.com'] as const;

export function isAllowedExternalUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    (EXTERNAL_LINK_HOSTS as readonly string[]).includes(url.hostname) &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

export const externalUrlSchema = z
  .string()
  .max(2048)
  .refine(isAllowedExternalUrl, { message: `only https links to ${EXTERNAL_LINK_HOSTS.join(', ')} can be opened` });

export const openDialogSchema = z
  .object({
    /** A file to import, a mapping file, or a poster folder. */
    kind: z.enum(['file', 'folder']),
    title: z.string().max(200).optional(),
    filters: z.array(z.object({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[A-Za-z0-9*]{1,16}$/)).max(20) })).max(10).optional(),
  })
  .strict();

/** Every request the UI can make: method name -> input and output schemas. */
export const contract = {
  'app.info': { input: empty, output: z.object({ version: z.string(), mode: z.enum(['desktop', 'browser']), dataDir: z.string(), databasePath: z.string() }) },
  'catalog.stats': { input: empty, output: catalogStatsSchema },
  'catalog.searchSongs': { input: z.object({ text: z.string().max(200), limit: z.number().int().min(1).max(500).default(50) }), output: z.array(songHitSchema) },
  'catalog.searchMovies': { input: z.object({ text: z.string().max(200), limit: z.number().int().min(1).max(500).default(50) }), output: z.array(movieHitSchema) },
  'imports.preview': { input: z.object({ file: fileRefSchema, encoding: z.string().optional() }), output: importPreviewSchema },
  'imports.start': { input: importOptionsSchema, output: jobSchema },
  'imports.runs': { input: z.object({ limit: z.number().int().min(1).max(500).default(50) }), output: z.array(importRunSchema) },
  'imports.report': { input: z.object({ runId: id }), output: z.object({ run: importRunSchema, issues: z.array(importIssueSchema) }) },
  'posters.scanFolder': {
    input: z.object({ folder: z.string().min(1), mapFile: z.string().optional(), numericIds: z.enum(['auto', 'imdb', 'tmdb']).default('auto') }),
    output: jobSchema,
  },
  'posters.embed': { input: z.object({ retryFailed: z.boolean().default(false) }), output: jobSchema },
  'jobs.list': { input: empty, output: z.array(jobSchema) },
  'jobs.pause': { input: z.object({ jobId: z.string() }), output: jobSchema },
  'jobs.resume': { input: z.object({ jobId: z.string() }), output: jobSchema },
  'jobs.cancel': { input: z.object({ jobId: z.string() }), output: jobSchema },
  'model.status': { input: empty, output: modelStatusSchema },
  'settings.get': { input: empty, output: settingsSchema },
  'settings.update': { input: settingsSchema.partial(), output: settingsSchema },
  /** Opens an allowlisted link (EXTERNAL_LINK_HOSTS) in the system browser; in browser mode, in a new tab. */
  'app.openExternal': { input: z.object({ url: externalUrlSchema }).strict(), output: z.object({ opened: z.boolean() }) },
  /** A native open dialog (desktop only; in browser mode upload the file or type the folder's path). */
  'dialog.open': { input: openDialogSchema, output: z.object({ path: z.string().nullable() }) },
  /** The posters of these movies; show one with posterUrl(posterId) (src/renderer/src/api/backend.ts). */
  /** Whether the vibe space is built and current, and why a rebuild is suggested. */
  'vibe.status': { input: empty, output: vibeStatusSchema },
  /** Builds the vibe space in a worker: 'full' refits; 'incremental' adds items imported since the last build. */
  'vibe.build': { input: z.object({ mode: z.enum(['full', 'incremental']).default('full') }).strict(), output: jobSchema },
  'recommend.query': { input: recommendQuerySchema, output: recommendResponseSchema },
  /** "More like this": items of `target` (default: the same kind) closest to one item. */
  'recommend.similar': {
    input: z.object({ item: pickSchema, target: itemKindSchema.optional(), k: z.number().int().min(1).max(200).default(24) }).strict(),
    output: recommendResponseSchema,
  },
  /** Genre names of one domain with their item counts, most used first (for filters). */
  'catalog.genres': { input: z.object({ domain: z.enum(['music', 'movie']) }).strict(), output: facetSchema },
  /** Original languages of movies with counts (for filters). */
  'catalog.languages': { input: empty, output: facetSchema },
  /** The poster picker's pool: movies matching text and filters, paged. */
  'catalog.browseMovies': { input: browseMoviesSchema, output: browseMoviesResultSchema },
  ...listMethods,
  'posters.forMovies': {
    input: z.object({ movieIds: z.array(id).min(1).max(500) }).strict(),
    output: z.array(z.object({ posterId: id, movieId: id })),
  },
} as const;

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

export type FileRef = z.infer<typeof fileRefSchema>;
export type Settings = z.infer<typeof settingsSchema>;

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
