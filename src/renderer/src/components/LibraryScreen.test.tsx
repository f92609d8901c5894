// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../shared/contract';
import { queryClient } from '../data/api-query';
import { startLiveUpdates } from '../state/live';
import { fakeBackend, renderWithQueries, STATS } from '../test/fake-backend';
import { LibraryScreen } from './LibraryScreen';

const job = (status: Job['status']): Job => ({
  id: 'import-1',
  kind: 'import',
  label: 'Import songs.csv',
  status,
  progress: null,
  result: null,
  error: null,
  startedAt: '2026-12-01T10:00:00Z',
  finishedAt: null,
});

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe('Library', () => {
  it('updates the catalog counters as soon as an import job finishes, without waiting', async () => {
    let songs = 0;
    const backend = fakeBackend({ 'catalog.stats': () => ({ ...STATS, songs }) });
    stop = startLiveUpdates(queryClient);
    renderWithQueries(<LibraryScreen />);
    const counter = await screen.findByTestId('stat-songs');
    expect(counter.textContent).toMatch(/Songs\s*0/);
    act(() => backend.emit('job.updated', job('running')));
    songs = 1234;
    act(() => backend.emit('job.updated', job('completed')));
    await screen.findByText('1,234');
    expect(backend.callsOf('catalog.stats').length).toBeGreaterThanOrEqual(2);
  });

  it('opens the getting-started guide on an empty catalog', async () => {
    fakeBackend();
    renderWithQueries(<LibraryScreen />);
    const guide = await screen.findByRole('heading', { name: 'Getting started' });
    await waitFor(() => expect(guide.closest('details')?.open).toBe(true));
  });
});
