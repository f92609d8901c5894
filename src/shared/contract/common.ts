import { z } from 'zod';

/** Building blocks every area of the contract uses. */
export const id = z.number().int().positive();
export const catalogKindSchema = z.enum(['songs', 'movies']);
export const empty = z.object({}).strict();
