import { z } from 'zod';
import { EXPORT_FORMATS, exportFormatsFor, type ExportFormat } from './export-formats';
import { movieCardSchema, songCardSchema } from './recommend-schemas';

/** Request and response shapes of the lists part of the contract. No Node, Electron or React imports. */

const id = z.number().int().positive();
export const listKindSchema = z.enum(['playlist', 'watchlist']);
export type ListKindValue = z.infer<typeof listKindSchema>;
const listName = z.string().trim().min(1, 'a list needs a name').max(200);

/** Export formats per list kind (the formats themselves are in export-formats.ts). */
export const PLAYLIST_FORMATS = exportFormatsFor('playlist');
export const WATCHLIST_FORMATS = exportFormatsFor('watchlist');
export const exportFormatSchema = z.enum(Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]]);

export const listSummarySchema = z.object({ id, kind: listKindSchema, name: z.string(), items: z.number(), createdAt: z.string(), updatedAt: z.string() });
export type ListSummaryData = z.infer<typeof listSummarySchema>;

export const listDetailsSchema = listSummarySchema.extend({
  entries: z.array(z.union([z.object({ kind: z.literal('song'), song: songCardSchema }), z.object({ kind: z.literal('movie'), movie: movieCardSchema })])),
});
export type ListDetailsData = z.infer<typeof listDetailsSchema>;

export const listMethods = {
  'lists.all': { input: z.object({}).strict(), output: z.array(listSummarySchema) },
  'lists.create': { input: z.object({ kind: listKindSchema, name: listName }).strict(), output: listSummarySchema },
  'lists.rename': { input: z.object({ listId: id, name: listName }).strict(), output: listSummarySchema },
  'lists.delete': { input: z.object({ listId: id }).strict(), output: z.object({ deleted: z.literal(true) }) },
  'lists.get': { input: z.object({ listId: id }).strict(), output: listDetailsSchema },
  /** Appends songs (playlist) or movies (watchlist); items already in the list are skipped. */
  'lists.add': { input: z.object({ listId: id, itemIds: z.array(id).min(1).max(1000) }).strict(), output: listSummarySchema },
  'lists.remove': { input: z.object({ listId: id, itemIds: z.array(id).min(1).max(1000) }).strict(), output: listSummarySchema },
  'lists.move': { input: z.object({ listId: id, itemId: id, toIndex: z.number().int().min(0) }).strict(), output: listSummarySchema },
  /** The exported file's content; the page saves it (a download in both modes). */
  'lists.export': {
    input: z.object({ listId: id, format: exportFormatSchema }).strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), content: z.string() }),
  },
  /** Exports a list to a file on this machine (desktop and CLI), replacing it atomically. */
  'lists.saveExport': {
    input: z.object({ listId: id, format: exportFormatSchema, file: z.string().min(1) }).strict(),
    output: z.object({ file: z.string(), format: exportFormatSchema, label: z.string(), items: z.number(), bytes: z.number() }),
  },
} as const;
