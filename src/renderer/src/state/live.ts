import type { Job } from '../../../shared/contract';
import { backend } from '../api/backend';
import { useCatalog } from './catalog';
import { useDiscover } from './discover';
import { isActive, useJobs } from './jobs';
import { useRuns } from './runs';
import { useSettings } from './settings';

/**
 * Loads the first snapshot of everything and keeps it current from the pushed events.
 * Returns the function that stops listening.
 */
export function startLiveUpdates(): () => void {
  const { on } = backend();
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  // Several events often arrive together (a job finishing also changes the catalog): refresh once.
  const refreshSoon = () => {
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      void useCatalog.getState().refresh();
      void useRuns.getState().refresh();
      void useDiscover.getState().refreshStatus();
    }, 150);
  };

  const stops = [
    on('job.updated', (job: Job) => {
      const before = useJobs.getState().jobs[job.id];
      useJobs.getState().upsert(job);
      const finished = !isActive(job) && (!before || isActive(before));
      if (finished || (job.status === 'running' && !before)) refreshSoon();
      if (finished && job.kind === 'embed-posters') void useCatalog.getState().refreshModel();
    }),
    on('catalog.changed', refreshSoon),
    on('settings.changed', (settings) => useSettings.getState().receive(settings)),
  ];

  void useJobs.getState().load();
  void useCatalog.getState().refresh();
  void useCatalog.getState().refreshModel();
  void useRuns.getState().refresh();
  void useSettings.getState().load();

  return () => {
    for (const stop of stops) stop();
    if (refreshTimer !== null) clearTimeout(refreshTimer);
  };
}
