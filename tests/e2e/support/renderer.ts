import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

const run = promisify(execFile);

/**
 * Test files run in parallel worker processes of one Vitest run, all children of the same
 * Vitest process: the first one to get here builds out/renderer if it is stale, under a lock,
 * and marks the run as done, so no worker rebuilds the renderer while another one's server is
 * serving it (other sessions may edit src/renderer while the suite runs).
 */
const RUN_MARKER = path.join(os.tmpdir(), `crossfade-e2e-renderer-${process.ppid}.built`);
const LOCK = path.join(os.tmpdir(), 'crossfade-e2e-renderer.lock');
const STALE_LOCK_MS = 10 * 60_000;
/** A marker this old belongs to an earlier run whose process id was reused: ignore it. */
const RUN_MAX_MS = 6 * 60 * 60_000;

function builtThisRun(): boolean {
  const marker = fs.statSync(RUN_MARKER, { throwIfNoEntry: false });
  return marker !== undefined && Date.now() - marker.mtimeMs < RUN_MAX_MS;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the markers of earlier runs whose Vitest process is gone. */
function removeOldMarkers(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const match = /^crossfade-e2e-renderer-(\d+)\.built$/.exec(name);
    if (match && !isAlive(Number(match[1]))) fs.rmSync(path.join(os.tmpdir(), name), { force: true });
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lock = fs.statSync(LOCK, { throwIfNoEntry: false });
      if (!lock) continue; // released just now: take it
      if (Date.now() - lock.mtimeMs > STALE_LOCK_MS)
        fs.rmSync(LOCK, { recursive: true, force: true }); // left by a killed run
      else if (Date.now() > deadline)
        throw new Error(`e2e: ${LOCK} stayed locked for 10 minutes; remove it if no test run is building the renderer.`, { cause: error });
      // Another worker is building: wait for it (a lock wait, not a test delay).
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Makes sure out/renderer matches the sources, once per Vitest run. */
export async function ensureRendererBuilt(): Promise<void> {
  if (builtThisRun()) return;
  await withLock(async () => {
    if (builtThisRun()) return;
    removeOldMarkers();
    await run(process.execPath, ['--import', 'tsx', path.join('tests', 'e2e', 'support', 'build-renderer.ts')], {
      cwd: REPO_ROOT,
      timeout: 5 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'))) throw new Error('e2e: the renderer build left no out/renderer/index.html.');
    fs.writeFileSync(RUN_MARKER, `${new Date().toISOString()}\n`);
  });
}
