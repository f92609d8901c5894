// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job, JobProgress } from '../../../shared/contract';
import { renderWithQueries } from '../test/fake-backend';
import { JobCard } from './JobCard';

const progress = (elapsedSeconds: number, phase = 'Finding what the imports changed'): JobProgress => ({
  phase,
  done: 0,
  unit: 'items',
  bytesDone: null,
  bytesTotal: null,
  ratePerSecond: 0,
  etaSeconds: null,
  elapsedSeconds,
});

const buildJob = (status: Job['status'], reported: JobProgress): Job => ({
  id: 'build-1',
  kind: 'build-vibe',
  label: 'Add imported items to the vibe space',
  status,
  progress: reported,
  result: null,
  error: null,
  startedAt: '2026-12-07T10:00:00Z',
  finishedAt: null,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a job card', () => {
  it('counts the elapsed time on while a running job reports nothing, and from each report again', () => {
    const first = progress(2);
    const { rerender, client } = renderWithQueries(<JobCard job={buildJob('running', first)} />);
    expect(screen.getByText('2 s elapsed')).toBeTruthy();
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.getByText('5 s elapsed')).toBeTruthy();
    rerender(
      <QueryClientProvider client={client}>
        <JobCard job={buildJob('running', progress(6, 'Encoding vibe vectors'))} />
      </QueryClientProvider>,
    );
    expect(screen.getByText('6 s elapsed')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByText('7 s elapsed')).toBeTruthy();
  });

  it('does not count while paused', () => {
    renderWithQueries(<JobCard job={buildJob('paused', progress(4))} />);
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByText('4 s elapsed')).toBeTruthy();
  });
});
