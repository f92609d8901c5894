import { describe, expect, it } from 'vitest';
import { collectGarbageNow } from './memory.js';

describe('collectGarbageNow', () => {
  it('collects an object nothing refers to any more, and can be called again', async () => {
    // Made in a function of its own, so nothing in this one refers to it.
    const ref = (() => new WeakRef({ rows: new Array(1000).fill('row') }))();
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbageNow();
    expect(ref.deref()).toBeUndefined();
    collectGarbageNow();
  });

  it('leaves no gc function behind in new contexts', async () => {
    collectGarbageNow();
    const { runInNewContext } = await import('node:vm');
    expect(runInNewContext('typeof gc')).toBe(process.execArgv.includes('--expose-gc') ? 'function' : 'undefined');
  });
});
