import { z } from 'zod';
import { empty, id } from './common';
import { jobSchema } from './jobs';

export const modelStatusSchema = z.object({
  available: z.boolean(),
  path: z.string().nullable(),
  /** What was looked for where, and what to do, when unavailable. */
  message: z.string(),
});

export const posterMethods = {
  'posters.scanFolder': {
    input: z.object({
      folder: z.string().min(1),
      mapFile: z.string().optional(),
      numericIds: z.enum(['auto', 'imdb', 'tmdb']).default('auto'),
      /** Forget posters linked from this folder before that no longer exist. */
      removeMissing: z.boolean().default(false),
    }),
    output: jobSchema,
  },
  'posters.embed': {
    input: z.object({
      retryFailed: z.boolean().default(false),
      /** An ONNX model file to use instead of the one found in the usual places. */
      model: z.string().min(1).optional(),
      /** Embed at most this many posters in this run. */
      limit: z.number().int().min(1).optional(),
    }),
    output: jobSchema,
  },
  /** The posters of these movies; show one with posterUrl(posterId) (src/renderer/src/api/backend.ts). */
  'posters.forMovies': {
    input: z.object({ movieIds: z.array(id).min(1).max(500) }).strict(),
    output: z.array(z.object({ posterId: id, movieId: id })),
  },
  'model.status': { input: empty, output: modelStatusSchema },
} as const;
