import { z } from 'zod';
import { empty } from './common';

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
    filters: z
      .array(z.object({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[A-Za-z0-9*]{1,16}$/)).max(20) }))
      .max(10)
      .optional(),
  })
  .strict();

export const appMethods = {
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), mode: z.enum(['desktop', 'browser', 'cli']), dataDir: z.string(), databasePath: z.string() }),
  },
  /** Opens an allowlisted link (EXTERNAL_LINK_HOSTS) in the system browser; in browser mode, in a new tab. */
  'app.openExternal': { input: z.object({ url: externalUrlSchema }).strict(), output: z.object({ opened: z.boolean() }) },
  /** A native open dialog (desktop only; in browser mode upload the file or type the folder's path). */
  'dialog.open': {
    input: openDialogSchema,
    /** In the desktop app `handle` is what to pass where a path goes (the preload does it; see src/shared/path-fields.ts). */
    output: z.object({ path: z.string().nullable(), handle: z.string().optional() }),
  },
} as const;
