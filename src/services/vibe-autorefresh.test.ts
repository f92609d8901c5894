import { describe, expect, it } from 'vitest';
import type { Job } from '../shared/contract';
import { VibeAutoRefresh, vibeRefreshNeeded, type VibeBuildMode } from './vibe-autorefresh';

const print = (songs: number, movies: number, posterEmbeddings = 0, lastImportRun = 1) => ({ songs, movies, posterEmbeddings, lastImportRun });

function job(kind: Job['kind'], status: Job['status'], id = `${kind}-${status}`): Job {
  return { id, kind, label: kind, status, progress: null, result: null, error: null, startedAt: '2026-01-01T00:00:00Z', finishedAt: null };
}

describe('what the vibe space needs', () => {
  it('nothing for a catalog without songs or movies or an unchanged one; a full build the first time', () => {
    expect(vibeRefreshNeeded('none', print(0, 0))).toBeNull();
    expect(vibeRefreshNeeded('none', print(10, 0))).toBeNull();
    expect(vibeRefreshNeeded('none', print(10, 4))).toBe('full');
    expect(vibeRefreshNeeded(print(10, 5), print(10, 5))).toBeNull();
  });

  it('for a build that recorded no runs: incremental when items were only added, full when items went away, posters changed or existing items changed', () => {
    expect(vibeRefreshNeeded(print(10, 5, 0, 1), print(12, 5, 0, 2))).toBe('incremental');
    expect(vibeRefreshNeeded(print(10, 5, 0, 2), print(8, 5, 0, 2))).toBe('full');
    expect(vibeRefreshNeeded(print(10, 5, 3, 1), print(10, 5, 4, 1))).toBe('full');
    expect(vibeRefreshNeeded(print(10, 5, 0, 1), print(10, 5, 0, 2))).toBe('full');
  });

  it('from the runs a build recorded: incremental after imports or undos it can trace item by item, else full', () => {
    const first = [1, 'completed', '2026-12-07T10:00:00Z', null] as const;
    const second = [2, 'completed', '2026-12-07T11:00:00Z', null] as const;
    const built = { ...print(10, 5, 0, 1), importRuns: [first] };
    const untraceable = () => false;
    expect(vibeRefreshNeeded(built, { ...print(10, 5, 0, 1), importRuns: [first] }, untraceable)).toBeNull();
    // A file imported again (merged only): the build encodes what it changed.
    expect(vibeRefreshNeeded(built, { ...print(10, 5, 0, 2), importRuns: [first, second] })).toBe('incremental');
    expect(vibeRefreshNeeded(built, { ...print(12, 5, 0, 2), importRuns: [first, second] })).toBe('incremental');
    // A cancelled run keeps what it committed.
    expect(vibeRefreshNeeded(built, { ...print(10, 5, 0, 1), importRuns: [first, [2, 'cancelled', '2026-12-07T11:00:00Z', null]] })).toBe('incremental');
    // An undone import that only added items took them and their vectors away.
    const undone = [1, 'completed', '2026-12-07T10:00:00Z', '2026-12-07T12:00:00Z'] as const;
    expect(vibeRefreshNeeded(built, { ...print(8, 5, 0, 0), importRuns: [undone] })).toBe('incremental');
    // One that had merged into items (or a tag import) cannot be traced: the counts alone would say nothing changed.
    expect(vibeRefreshNeeded(built, { ...print(10, 5, 0, 0), importRuns: [undone] }, untraceable)).toBe('full');
    expect(vibeRefreshNeeded(built, { ...print(10, 5, 0, 2), importRuns: [first, second] }, untraceable)).toBe('full');
    // A recorded run that is gone, or other poster embeddings.
    expect(vibeRefreshNeeded(built, { ...print(10, 5, 0, 1), importRuns: [] })).toBe('full');
    expect(vibeRefreshNeeded(built, { ...print(10, 5, 1, 1), importRuns: [first] })).toBe('full');
  });
});

describe('the background refresh', () => {
  function harness(needed: VibeBuildMode | null) {
    const jobs: Job[] = [];
    const started: VibeBuildMode[] = [];
    const refresh = new VibeAutoRefresh({
      needed: () => needed,
      jobs: () => jobs,
      startBuild: (mode) => {
        started.push(mode);
        const build = job('build-vibe', 'running', `build-${started.length}`);
        jobs.push(build);
        return build;
      },
    });
    return { jobs, started, refresh };
  }

  it('waits while an import runs, then starts one build and no second one while it runs', () => {
    const { jobs, started, refresh } = harness('incremental');
    jobs.push(job('import', 'running'));
    expect(refresh.check()).toBeNull();
    jobs[0] = job('import', 'completed');
    expect(refresh.check()).toMatchObject({ kind: 'build-vibe' });
    expect(refresh.check()).toBeNull();
    expect(started).toEqual(['incremental']);
    refresh.close();
  });

  it('starts nothing when the vibe space is current, and reports a failure to start instead of throwing', () => {
    const current = harness(null);
    expect(current.refresh.check()).toBeNull();
    const errors: unknown[] = [];
    const failing = new VibeAutoRefresh({
      needed: () => 'full',
      jobs: () => [],
      startBuild: () => {
        throw new Error('disk full');
      },
      onError: (error) => errors.push(error),
    });
    expect(failing.check()).toBeNull();
    expect(String(errors[0])).toMatch(/disk full/);
    current.refresh.close();
    failing.close();
  });

  it('only completed jobs trigger it; a failed or cancelled build is not retried on its own', () => {
    const { refresh } = harness('full');
    const scheduled: string[] = [];
    refresh.schedule = () => void scheduled.push('scheduled');
    refresh.onJob(job('import', 'running'));
    refresh.onJob(job('build-vibe', 'failed'));
    refresh.onJob(job('build-vibe', 'cancelled'));
    expect(scheduled).toEqual([]);
    refresh.onJob(job('import', 'completed'));
    refresh.onJob(job('embed-posters', 'completed'));
    expect(scheduled).toHaveLength(2);
    refresh.close();
  });
});
