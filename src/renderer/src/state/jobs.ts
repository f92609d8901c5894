import { create } from 'zustand';
import type { Job } from '../../../shared/contract';
import { backend } from '../api/backend';
import { errorText } from '../lib/format';

export type JobAction = 'pause' | 'resume' | 'cancel';

interface JobsState {
  readonly jobs: Readonly<Record<string, Job>>;
  /** Jobs the user has put away (finished ones only). */
  readonly dismissed: ReadonlySet<string>;
  /** One sentence per job when a pause/resume/cancel request failed. */
  readonly actionErrors: Readonly<Record<string, string>>;
  readonly loadError: string | null;
  load(): Promise<void>;
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
  if (previous.progress && next.progress && isActive(next) && next.progress.elapsedSeconds < previous.progress.elapsedSeconds && previous.status === next.status)
    return previous;
  return next;
}

export const useJobs = create<JobsState>()((set, get) => ({
  jobs: {},
  dismissed: new Set(),
  actionErrors: {},
  loadError: null,

  async load() {
    try {
      const list = await backend().api['jobs.list']({});
      set((state) => {
        const jobs = { ...state.jobs };
        for (const job of list) jobs[job.id] = newer(jobs[job.id], job);
        return { jobs, loadError: null };
      });
    } catch (error) {
      set({ loadError: errorText(error) });
    }
  },

  upsert(job) {
    set((state) => ({ jobs: { ...state.jobs, [job.id]: newer(state.jobs[job.id], job) } }));
  },

  async act(jobId, action) {
    const method = action === 'pause' ? 'jobs.pause' : action === 'resume' ? 'jobs.resume' : 'jobs.cancel';
    set((state) => ({ actionErrors: without(state.actionErrors, jobId) }));
    try {
      const job = await backend().api[method]({ jobId });
      get().upsert(job);
    } catch (error) {
      set((state) => ({ actionErrors: { ...state.actionErrors, [jobId]: errorText(error) } }));
    }
  },

  dismiss(jobId) {
    set((state) => ({ dismissed: new Set([...state.dismissed, jobId]) }));
  },
}));

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** Jobs to show, newest first, without the dismissed ones. */
export function visibleJobs(state: Pick<JobsState, 'jobs' | 'dismissed'>): Job[] {
  return Object.values(state.jobs)
    .filter((job) => !state.dismissed.has(job.id))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}
