import type { QueryClient } from '@tanstack/react-query';
import type { Job } from '../../../shared/contract';
import { backend } from '../api/backend';
import { apiKey, invalidateCatalogData } from '../data/api-query';
import { isActive, useJobs } from './jobs';
import { useSettings } from './settings';

/**
 * Keeps the query cache current from the pushed events: a job that finishes and a catalog change
 * make the catalog's data stale at once (counters update when the job ends, not later). Returns
 * the function that stops listening.
 */
export function startLiveUpdates(client: QueryClient): () => void {
  const { on } = backend();
  const stops = [
    on('job.updated', (job: Job) => {
      const before = useJobs.getState().jobs[job.id];
      useJobs.getState().upsert(job);
      const finished = !isActive(job) && (!before || isActive(before));
      if (finished) void invalidateCatalogData(client);
      if (finished && job.kind === 'embed-posters') void client.invalidateQueries({ queryKey: apiKey('model.status') });
    }),
    on('catalog.changed', () => void invalidateCatalogData(client)),
    on('settings.changed', (settings) => {
      useSettings.getState().receive(settings);
      client.setQueryData(apiKey('settings.get', {}), settings);
    }),
  ];
  void useJobs.getState().load();
  void useSettings.getState().load();
  return () => {
    for (const stop of stops) stop();
  };
}

/** After a reconnect events were missed: everything may be stale. */
export function refreshEverything(client: QueryClient): void {
  void client.invalidateQueries();
  void useJobs.getState().load();
  void useSettings.getState().load();
}
