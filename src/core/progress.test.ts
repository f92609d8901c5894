import { describe, expect, it } from 'vitest';
import { ProgressMeter, type JobProgress } from './progress.js';

describe('ProgressMeter', () => {
  it('counts elapsed time from the job start when told how long the job ran before it', () => {
    const seen: JobProgress[] = [];
    new ProgressMeter('items', (progress) => seen.push(progress), { elapsedBeforeSeconds: 5 }).update('Saving', 1000, null, true);
    new ProgressMeter('items', (progress) => seen.push(progress)).update('Reading', 10, null, true);
    expect(seen[0]).toMatchObject({ phase: 'Saving', done: 1000, unit: 'items' });
    expect(seen[0]!.elapsedSeconds).toBeGreaterThanOrEqual(5);
    expect(seen[0]!.elapsedSeconds).toBeLessThan(6);
    expect(seen[1]!.elapsedSeconds).toBeLessThan(1);
  });
});
