import { z } from 'zod';

/** Building blocks every area of the contract uses. */
export const id = z.number().int().positive();
export { catalogKindSchema } from '../catalog-fields';
export const empty = z.object({}).strict();
