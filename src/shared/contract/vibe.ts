import { z } from 'zod';
import { vibeStatusSchema } from '../recommend-schemas';
import { empty } from './common';
import { jobSchema } from './jobs';

export const vibeMethods = {
  /** Whether the vibe space is built and current, and why a rebuild is suggested. */
  'vibe.status': { input: empty, output: vibeStatusSchema },
  /** Builds the vibe space in a worker: 'full' refits; 'incremental' encodes the items imports added or changed since the last build. */
  'vibe.build': { input: z.object({ mode: z.enum(['full', 'incremental']).default('full') }).strict(), output: jobSchema },
} as const;
