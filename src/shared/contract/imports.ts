import { z } from 'zod';
import { columnMappingSchema } from '../catalog-fields';
import { catalogKindSchema as kind, id } from './common';
import { jobSchema } from './jobs';

export const importIssueSchema = z.object({
  line: z.number(),
  columnName: z.string().nullable(),
  columnNumber: z.number().nullable(),
  reason: z.string(),
  excerpt: z.string().nullable(),
});

/** The Last.fm artist tags' format id: its runs import tagging rows and tag songs, they add none. */
export const LASTFM_TAGS_FORMAT_ID = 'lastfm-hetrec2011';

/** What a run imported, as the history lists it: its kind, or "song tags" for Last.fm tags. */
export function importRunKindLabel(run: { readonly kind: string; readonly format: string }): string {
  return run.format === LASTFM_TAGS_FORMAT_ID ? 'song tags' : run.kind;
}

export const importRunSchema = z.object({
  id,
  sourceId: id,
  path: z.string(),
  kind: z.enum(['songs', 'movies', 'posters']),
  format: z.string(),
  status: z.enum(['running', 'completed', 'cancelled', 'failed', 'interrupted']),
  encoding: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  rowsRead: z.number(),
  rowsImported: z.number(),
  rowsSkipped: z.number(),
  itemsAdded: z.number(),
  itemsMerged: z.number(),
  bytesDone: z.number(),
  fileSize: z.number().nullable(),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  /** When the run was undone (imports.undo); it stays in the history. */
  undoneAt: z.string().nullable().optional(),
});

/** A file the UI can import: a real path (desktop) or an upload the bridge stored (browser mode). */
export const fileRefSchema = z.union([z.object({ path: z.string().min(1) }), z.object({ uploadId: z.string().regex(/^[a-f0-9-]{8,64}$/) })]);

export { columnMappingSchema };

export const importOptionsSchema = z.object({
  file: fileRefSchema,
  kind: kind.optional(),
  format: z.string().optional(),
  encoding: z.string().optional(),
  mapping: columnMappingSchema.optional(),
  /** A JSON file holding a column mapping (desktop and CLI); its errors name the file, line and column. */
  mappingFile: z.string().min(1).optional(),
  /** Rows per transaction (default: a commit about once a second). */
  batchSize: z.number().int().min(1).optional(),
});

export const importPreviewSchema = z.object({
  fileName: z.string(),
  fileSize: z.number(),
  encoding: z.object({
    encoding: z.string(),
    confidence: z.enum(['certain', 'likely', 'uncertain']),
    reason: z.string(),
    suspiciousExamples: z.array(z.string()),
  }),
  delimiter: z.string(),
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  /** The detected format, or null with `formatError` explaining what each format expects. */
  format: z.object({ id: z.string(), kind, label: z.string() }).nullable(),
  formatError: z.string().nullable(),
  knownFormats: z.array(z.object({ id: z.string(), kind, label: z.string(), requiredColumns: z.array(z.string()) })),
});

export type FileRef = z.infer<typeof fileRefSchema>;

/** A format the importer recognises and the columns it expects. */
export const importFormatSchema = z.object({ id: z.string(), kind, label: z.string(), requiredColumns: z.array(z.string()) });

export const importMethods = {
  'imports.preview': { input: z.object({ file: fileRefSchema, encoding: z.string().optional() }), output: importPreviewSchema },
  'imports.start': { input: importOptionsSchema, output: jobSchema },
  'imports.runs': { input: z.object({ limit: z.number().int().min(1).max(500).default(50) }), output: z.array(importRunSchema) },
  'imports.report': {
    input: z.object({ runId: id, issueLimit: z.number().int().min(1).optional() }),
    output: z.object({ run: importRunSchema, issues: z.array(importIssueSchema) }),
  },
  'imports.formats': { input: z.object({}).strict(), output: z.array(importFormatSchema) },
} as const;
