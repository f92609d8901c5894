import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { findWorkerScript, locateWorkerScript, requireWorkerScript, startWorker } from './start-worker.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-start-worker-'));
fs.writeFileSync(path.join(tmp, 'package.json'), '{"type":"module"}'); // as in the repository
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const WORKER_SOURCE = (typed: boolean) => `
import { parentPort, workerData } from 'node:worker_threads';
const input${typed ? ': { value: number; __tsWorker?: unknown }' : ''} = workerData;
parentPort${typed ? '!' : ''}.postMessage({ doubled: input.value * 2, bootstrapped: input.__tsWorker !== undefined });
`;

function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('findWorkerScript and startWorker', () => {
  it('prefer a built .js beside the code, then the TypeScript source, and run either', async () => {
    const dir = path.join(tmp, 'both');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'double.ts'), WORKER_SOURCE(true));
    const typescript = await findWorkerScript(dir, 'double');
    expect(typescript).toEqual({ file: path.join(dir, 'double.ts'), typescript: true });
    expect(await firstMessage(startWorker(typescript, { workerData: { value: 21 } }))).toEqual({ doubled: 42, bootstrapped: true });

    fs.writeFileSync(path.join(dir, 'double.mjs'), WORKER_SOURCE(false));
    const built = await findWorkerScript(dir, 'double');
    expect(built).toEqual({ file: path.join(dir, 'double.mjs'), typescript: false });
    expect(await firstMessage(startWorker(built, { workerData: { value: 4 } }))).toEqual({ doubled: 8, bootstrapped: false });
  });

  it('fall back to the bundler chunk, and name every place looked when there is none', async () => {
    const chunk = path.join(tmp, 'chunk-abc.mjs');
    fs.writeFileSync(chunk, WORKER_SOURCE(false));
    expect(await findWorkerScript(path.join(tmp, 'nothing'), 'double', async () => chunk)).toEqual({ file: chunk, typescript: false });
    await expect(findWorkerScript(path.join(tmp, 'nothing'), 'double', async () => path.join(tmp, 'gone.js'))).rejects.toThrow(
      /The worker script "double" is missing: looked for .*double\.js, .*double\.mjs, .*double\.ts, .*gone\.js\. Rebuild the app/,
    );
  });

  it('look through several folders in order, synchronously, for the engine and the job workers', () => {
    const first = path.join(tmp, 'first');
    const second = path.join(tmp, 'second');
    fs.mkdirSync(first);
    fs.mkdirSync(second);
    fs.writeFileSync(path.join(second, 'double.js'), WORKER_SOURCE(false));
    expect(locateWorkerScript([first, second], 'double')).toEqual({ file: path.join(second, 'double.js'), typescript: false });
    expect(locateWorkerScript([first], 'double')).toBeNull();
    expect(() => requireWorkerScript([first], 'double')).toThrow(
      /The worker script "double" is missing: looked for .*first.double\.js, .*double\.mjs, .*double\.ts\. Rebuild the app/,
    );
  });
});
