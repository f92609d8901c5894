import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../src/bridge/server';
import type { Services } from '../../src/services';
import type { CallContext } from '../../src/services/dispatch';
import { PREVIEW_BYTES, previewFile } from '../../src/services/preview';
import { PreviewPool } from '../../src/services/preview-pool';
import { tempDir, tempFile } from '../support/temp';
import { songsCsv, testServices, writeSongsCsv } from './fixtures';

/** Hostile inputs of issue #14 items 8, 9 and 11 through the services API (and the bridge, for cancellation). */

const open: Services[] = [];
const pools: PreviewPool[] = [];
const bridges: Bridge[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
  await Promise.all(open.splice(0).map((services) => services.close()));
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});
function start(): Services {
  const services = testServices();
  open.push(services);
  return services;
}
function pool(...args: ConstructorParameters<typeof PreviewPool>): PreviewPool {
  const created = new PreviewPool(...args);
  pools.push(created);
  return created;
}

function jpegBytes(): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return Buffer.concat([head, Buffer.from(Array.from({ length: 10_000 }, (_, index) => (index * 131 + 7) % 256))]);
}

/** A worker that takes preview tasks and never answers: stands for a preview stuck in a huge file. */
function silentWorker(): { file: string; typescript: false } {
  return { file: tempFile('silent-worker.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n"), typescript: false };
}

describe('binary files through the services (item 8)', () => {
  it('refuses a JPEG in the preview and in the import, and records no import run', async () => {
    const services = start();
    const file = tempFile('holiday.csv', jpegBytes());
    await expect(services.api['imports.preview']({ file: { path: file } })).rejects.toThrow(
      'holiday.csv looks like a JPEG image, not a CSV file; export the table as CSV and import that.',
    );
    const job = await services.api['imports.start']({ file: { path: file } });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/looks like a JPEG image, not a CSV file/);
    expect(await services.api['imports.runs']({})).toEqual([]);
    expect((await services.api['catalog.stats']({})).songs).toBe(0);
  });
});

describe('previews (item 9)', () => {
  it('answers 30 concurrent previews with at most one worker per core', async () => {
    const services = start();
    const files = Array.from({ length: 30 }, (_, index) => writeSongsCsv(20 + index));
    const previews = await Promise.all(files.map((file) => services.api['imports.preview']({ file: { path: file } })));
    expect(previews.map((preview) => preview.rows.length)).toEqual(files.map(() => 10));
    expect(previews.map((preview) => preview.fileName)).toEqual(files.map((file) => path.basename(file)));
    expect(services.previews.workersStarted).toBeGreaterThan(0);
    expect(services.previews.workersStarted).toBeLessThanOrEqual(os.availableParallelism());
  });

  it('reads a bounded prefix of a large file, and refuses a multi-megabyte file without a line break', async () => {
    const large = path.join(tempDir(), 'large.csv');
    fs.writeFileSync(large, songsCsv(60_000));
    expect(fs.statSync(large).size).toBeGreaterThan(4 * PREVIEW_BYTES);
    let bytesRead = 0;
    const preview = await previewFile(large, { onBytesRead: (bytes) => (bytesRead = bytes) });
    expect(preview.rows).toHaveLength(10);
    expect(bytesRead).toBeGreaterThan(0);
    expect(bytesRead).toBeLessThanOrEqual(PREVIEW_BYTES);

    const services = start();
    const endless = tempFile('endless.csv', 'title,artist,' + 'x'.repeat(5 * PREVIEW_BYTES));
    await expect(services.api['imports.preview']({ file: { path: endless } })).rejects.toThrow(
      'endless.csv: line 1 is longer than 1 MiB: is this really a CSV file?',
    );
    // It stops at the first MiB of the first line: no row is ever parsed.
    let endlessBytes = 0;
    await expect(previewFile(endless, { onBytesRead: (bytes) => (endlessBytes = bytes) })).rejects.toThrow(/line 1 is longer than 1 MiB/);
    expect(endlessBytes).toBe(0);
  });

  it('stops a preview that runs out of time, with a clear error, and ends its worker', async () => {
    const previews = pool({ script: silentWorker(), timeoutMs: 200 });
    await expect(previews.preview({ file: '/any.csv', displayName: 'stuck.csv' })).rejects.toThrow(
      /^Previewing stuck\.csv took longer than 200 ms and was stopped/,
    );
    expect(previews.liveWorkers).toBe(0);
  });

  it('stops running and queued previews when their caller goes away', async () => {
    const previews = pool({ script: silentWorker(), maxWorkers: 1 });
    const first = new AbortController();
    const second = new AbortController();
    const running = previews.preview({ file: '/a.csv', displayName: 'a.csv' }, first.signal);
    const queued = previews.preview({ file: '/b.csv', displayName: 'b.csv' }, second.signal);
    second.abort();
    await expect(queued).rejects.toThrow('The preview of b.csv was cancelled.');
    first.abort();
    await expect(running).rejects.toThrow('The preview of a.csv was cancelled.');
    expect(previews.liveWorkers).toBe(0);
    expect(previews.workersStarted).toBe(1);
  });

  it('aborts the service call when the HTTP client of the bridge goes away', async () => {
    const services = start();
    const token = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
    const bridge = await startBridge({ services, token });
    bridges.push(bridge);
    let reached: () => void = () => {};
    const called = new Promise<void>((resolve) => (reached = resolve));
    const aborted = new Promise<boolean>((resolve) => {
      // Stands in for a preview of a huge file: it waits until its signal says the caller is gone.
      (services.api as unknown as Record<string, (input: unknown, context: CallContext) => Promise<unknown>>)['imports.preview'] = (_input, context) => {
        reached();
        context.signal?.addEventListener('abort', () => resolve(true), { once: true });
        return new Promise(() => {});
      };
    });
    const request = http.request({
      host: '127.0.0.1',
      port: bridge.port,
      method: 'POST',
      path: '/api/imports.preview',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Host: `127.0.0.1:${bridge.port}` },
    });
    request.on('error', () => {});
    request.end(JSON.stringify({ file: { path: '/huge.csv' } }));
    await called;
    request.destroy();
    expect(await aborted).toBe(true);
  });
});

describe('encoding names through the services (item 11)', () => {
  it('answers constructor, __proto__, toString and hasOwnProperty with the list of known encodings', async () => {
    const services = start();
    const file = writeSongsCsv(3);
    for (const encoding of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const message = new RegExp(`^Unknown encoding "${encoding}"; known: utf-8, `);
      await expect(services.api['imports.preview']({ file: { path: file }, encoding }), encoding).rejects.toThrow(message);
      await expect(services.api['imports.start']({ file: { path: file }, encoding }), encoding).rejects.toThrow(message);
    }
    expect(await services.api['jobs.list']({})).toEqual([]);
  });
});
