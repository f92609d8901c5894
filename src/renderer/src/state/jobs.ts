import { useQuery } from '@tanstack/react-query';
import { create } from 'zustand';
import type { Job } from '../../../shared/contract';
import { apiKey, callApi, queryClient } from '../data/api-query';
import { errorText } from '../lib/format';

export type JobAction = 'pause' | 'resume' | 'cancel';

interface JobsView {
  /** Every job the services know, by id (query data: 'jobs.list', kept current by job.updated events). */
  readonly jobs: Readonly<Record<string, Job>>;
  /** Jobs the user has put away (finished ones only). */
  readonly dismissed: ReadonlySet<string>;
  /** One sentence per job when a pause/resume/cancel request failed. */
  readonly actionErrors: Readonly<Record<string, string>>;
  readonly loadError: string | null;
}

interface JobsActions {
  /** Refetches the list (after a reconnect). */
  load(): Promise<void>;
  /** A newer snapshot of one job (an event, or the answer to a request). */
  upsert(job: Job): void;
  act(jobId: string, action: JobAction): Promise<void>;
  dismiss(jobId: string): void;
}

export const ACTIVE_STATUSES: ReadonlySet<Job['status']> = new Set(['queued', 'running', 'paused']);

export function isActive(job: Job): boolean {
  return ACTIVE_STATUSES.has(job.status);
}

/** Keeps the newer of two snapshots of a job (events may overtake the answer to a request). */
function newer(previous: Job | undefined, next: Job): Job {
  if (!previous) return next;
  if (!isActive(previous) && isActive(next)) return previous;
  if (
    previous.progress &&
    next.progress &&
    isActive(next) &&
    next.progress.elapsedSeconds < previous.progress.elapsedSeconds &&
    previous.status === next.status
  )
    return previous;
  return next;
}

const JOBS_KEY = apiKey('jobs.list', {});

/** Only UI state here: what the user put away and the failed actions. */
const useJobsUi = create<Pick<JobsView, 'dismissed' | 'actionErrors'>>()(() => ({ dismissed: new Set(), actionErrors: {} }));

function record(list: readonly Job[] | undefined): Record<string, Job> {
  return Object.fromEntries((list ?? []).map((job) => [job.id, job]));
}

const actions: JobsActions = {
  async load() {
    // Fetched even with no screen showing jobs yet, so events never build up a partial list.
    await queryClient.fetchQuery({ queryKey: JOBS_KEY, queryFn: () => callApi('jobs.list', {}), staleTime: 0 }).catch(() => undefined);
  },
  upsert(job) {
    queryClient.setQueryData<Job[]>(JOBS_KEY, (list = []) => {
      const index = list.findIndex((each) => each.id === job.id);
      if (index < 0) return [...list, job];
      const kept = newer(list[index], job);
      return kept === list[index] ? list : list.map((each, at) => (at === index ? kept : each));
    });
  },
  async act(jobId, action) {
    const method = action === 'pause' ? 'jobs.pause' : action === 'resume' ? 'jobs.resume' : 'jobs.cancel';
    useJobsUi.setState((state) => ({ actionErrors: without(state.actionErrors, jobId) }));
    try {
      actions.upsert(await callApi(method, { jobId }));
    } catch (error) {
      useJobsUi.setState((state) => ({ actionErrors: { ...state.actionErrors, [jobId]: errorText(error) } }));
    }
  },
  dismiss(jobId) {
    useJobsUi.setState((state) => ({ dismissed: new Set([...state.dismissed, jobId]) }));
  },
};

/** The jobs and their UI state; `useJobs.getState()` gives the actions and a snapshot. */
export function useJobs<T>(select: (view: JobsView) => T): T {
  const list = useQuery({ queryKey: JOBS_KEY, queryFn: () => callApi('jobs.list', {}) });
  const ui = useJobsUi();
  return select({ jobs: record(list.data), dismissed: ui.dismissed, actionErrors: ui.actionErrors, loadError: list.error ? errorText(list.error) : null });
}
useJobs.getState = (): JobsView & JobsActions => ({
  ...actions,
  ...useJobsUi.getState(),
  jobs: record(queryClient.getQueryData<Job[]>(JOBS_KEY)),
  loadError: null,
});

function without<T>(values: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...values };
  delete copy[key];
  return copy;
}

/** Jobs to show, newest first, without the dismissed ones. */
export function visibleJobs(state: Pick<JobsView, 'jobs' | 'dismissed'>): Job[] {
  return Object.values(state.jobs)
    .filter((job) => !state.dismissed.has(job.id))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}
