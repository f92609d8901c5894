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
  'settings.update': { input: settingsSchema.partial(), output: settingsSchema },
} as const;
