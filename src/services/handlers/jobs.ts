import type { jobMethods } from '../../shared/contract/jobs';
import type { HandlersOf, ServiceContext } from './context';

export function jobHandlers({ jobs }: ServiceContext): HandlersOf<typeof jobMethods> {
  return {
    'jobs.list': () => jobs.list(),
    'jobs.pause': ({ jobId }) => jobs.pause(jobId),
    'jobs.resume': ({ jobId }) => jobs.resume(jobId),
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
  };
}
