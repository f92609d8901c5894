// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract';
import { JobResultView } from './JobResultView';

const build = (result: Partial<Extract<Job, { kind: 'build-vibe' }>['result'] & object>): Job => ({
  id: 'build-1',
  kind: 'build-vibe',
  label: 'Add imported items to the vibe space',
  status: 'completed',
  progress: null,
  error: null,
  startedAt: '2026-12-07T10:00:00Z',
  finishedAt: '2026-12-07T10:00:01Z',
  result: { status: 'completed', modelId: 3, songs: 25_014, movies: 14_799, encoded: 0, moviesWithPosterEmbedding: 2_217, ...result },
});

afterEach(cleanup);

describe('a vibe build’s result', () => {
  it('after a file imported again as it was, says that nothing needed encoding', () => {
    render(<JobResultView job={build({ mode: 'incremental', encoded: 0 })} />);
    expect(screen.getByText('Encoded (new or changed)').nextSibling?.textContent).toBe('0');
    expect(screen.getByText('No item was new or had changed: the vibe space was already up to date.')).toBeTruthy();
  });

  it('counts what an incremental build encoded as new or changed, and a full build’s plainly, without the note', () => {
    const { unmount } = render(<JobResultView job={build({ mode: 'incremental', encoded: 923 })} />);
    expect(screen.getByText('Encoded (new or changed)').nextSibling?.textContent).toBe((923).toLocaleString());
    expect(screen.queryByText(/already up to date/)).toBeNull();
    unmount();
    render(<JobResultView job={build({ mode: 'full', encoded: 39_813 })} />);
    expect(screen.getByText('Encoded').nextSibling?.textContent).toBe((39_813).toLocaleString());
    expect(screen.queryByText(/already up to date/)).toBeNull();
  });
});
