import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { posterWorkerLayout } from './embed-posters.js';

describe('posterWorkerLayout', () => {
  it('gives one single-threaded worker per thread of the budget, at most four workers, and spreads the rest', () => {
    expect(posterWorkerLayout({ totalThreads: 1 })).toEqual({ workers: 1, threads: 1 });
    expect(posterWorkerLayout({ totalThreads: 2 })).toEqual({ workers: 2, threads: 1 });
    expect(posterWorkerLayout({ totalThreads: 8 })).toEqual({ workers: 4, threads: 2 });
    expect(posterWorkerLayout({ totalThreads: 6 })).toEqual({ workers: 4, threads: 1 });
  });

  it('lets explicit workers and threads win, and defaults the budget to the cores', () => {
    expect(posterWorkerLayout({ workers: 1, totalThreads: 2 })).toEqual({ workers: 1, threads: 2 });
    expect(posterWorkerLayout({ workers: 1, threads: 3 })).toEqual({ workers: 1, threads: 3 });
    const cores = os.availableParallelism();
    expect(posterWorkerLayout({}).workers).toBe(Math.min(cores, 4));
  });
});
