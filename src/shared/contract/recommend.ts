import { z } from 'zod';
import { itemKindSchema, pickSchema, recommendQuerySchema, recommendResponseSchema } from '../recommend-schemas';

export const recommendMethods = {
  'recommend.query': { input: recommendQuerySchema, output: recommendResponseSchema },
  /** "More like this": items of `target` (default: the same kind) closest to one item. */
  'recommend.similar': {
    input: z.object({ item: pickSchema, target: itemKindSchema.optional(), k: z.number().int().min(1).max(200).default(24) }).strict(),
    output: recommendResponseSchema,
  },
} as const;
