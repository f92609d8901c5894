import { z } from 'zod';
import { empty } from './common';

export const settingsSchema = z.object({
  dataDir: z.string(),
  theme: z.enum(['system', 'dark', 'light']),
  workerThreads: z.number().int().min(1).max(64),
});

export type Settings = z.infer<typeof settingsSchema>;

export const settingsMethods = {
  'settings.get': { input: empty, output: settingsSchema },
  /** A different dataDir needs confirmMove: true (the UI asks first); workerThreads is capped by the cores. */
  'settings.update': { input: settingsSchema.partial().extend({ confirmMove: z.boolean().optional() }), output: settingsSchema },
} as const;
