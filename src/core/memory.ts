import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection, now, at the end of a phase that held a large working set.
 *
 * V8 sets the heap size at which it next collects the old generation from what was live at the
 * last collection. A full vibe build's song statistics hold a million songs' rows live; the
 * features read after them make about a gigabyte of short-lived objects, which then piled up in
 * the old generation to that raised limit before anything collected them. At a million songs and
 * a million movies the build's heap reached 1.3 GB and its peak RSS 2.8 to 2.9 GiB (two profiled
 * runs; 2.3 to 2.9 GiB over earlier runs, by when the collector happened to run); one collection
 * after the statistics (64 ms) kept the heap at 100 to 360 MB and the peak at 2.2 to 2.3 GiB
 * (three runs), in time measured the same.
 *
 * Node exposes no collection without --expose-gc, which a worker thread cannot be started with;
 * the flag is set for as long as it takes to get the function from a new context, as Jest's leak
 * detector does. Where that fails this does nothing: the build only uses more memory.
 */
export function collectGarbageNow(): void {
  collector ??= exposedCollector();
  if (collector !== 'unavailable') collector();
}

let collector: (() => void) | 'unavailable' | undefined;

function exposedCollector(): (() => void) | 'unavailable' {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? () => void (gc as () => unknown)() : 'unavailable';
  } catch {
    return 'unavailable';
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}
