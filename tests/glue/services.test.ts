import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract';
import { METHODS } from '../../src/shared/contract';
import type { Services } from '../../src/services';
import { SettingsStore } from '../../src/services/settings';
import { tempDir } from '../support/temp';
import { testServices, waitFor, writeSongsCsv } from './fixtures';

const open: Services[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((services) => services.close()));
});
function start(...args: Parameters<typeof testServices>): Services {
  const services = testServices(...args);
  open.push(services);
  return services;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jobUpdates = (services: Services, jobId: string) => (listener: (job: Job) => void) => {
  const forward = (job: Job) => job.id === jobId && listener(job);
  services.events.on('job.updated', forward);
  return () => services.events.off('job.updated', forward);
};

describe('services', () => {
  it('implements every contract method', () => {
    const services = start();
    for (const method of METHODS) expect(typeof services.api[method], method).toBe('function');
  });

  it('runs an import in a worker thread and reports it as a job, then as an import run', async () => {
    const services = start();
    const file = writeSongsCsv(500);
    const changed = waitFor<{ reason: string }>(
      (listener) => {
        services.events.on('catalog.changed', listener);
        return () => services.events.off('catalog.changed', listener);
      },
      () => true,
    );
    const job = await services.api['imports.start']({ file: { path: file } });
    expect(job).toMatchObject({ kind: 'import', label: 'Import songs-500.csv' });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status, done.error ?? '').toBe('completed');
    expect(done.result).toMatchObject({ status: 'completed', counters: { rowsImported: 500 } });
    expect((await changed).reason).toContain('completed');
    expect((await services.api['catalog.stats']({})).songs).toBe(500);
    const [run] = await services.api['imports.runs']({});
    expect(run).toMatchObject({ status: 'completed', rowsImported: 500 });
    expect((await services.api['imports.report']({ runId: run!.id })).issues).toEqual([]);
    expect(await services.api['catalog.searchSongs']({ text: 'song number 42' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ title: 'Song number 42' })]),
    );
    expect((await services.api['jobs.list']({}))[0]).toMatchObject({ id: job.id, status: 'completed' });
  });

  it('pauses an import between batches, resumes it, and cancels it (committed rows stay)', async () => {
    const services = start();
    const file = writeSongsCsv(120_000);
    const job = await services.api['imports.start']({ file: { path: file } });
    const songs = async () => (await services.api['catalog.stats']({})).songs;
    // Progress is reported while a batch fills, before anything is committed: pause once the first batch is in.
    await waitFor(jobUpdates(services, job.id), (update) => (update.progress?.done ?? 0) > 0);
    for (let i = 0; i < 200 && (await songs()) === 0; i++) await sleep(50);
    expect((await services.api['jobs.pause']({ jobId: job.id })).status).toBe('paused');
    // The batch in flight still commits; then the worker waits at its checkpoint. Batches commit
    // about once a second, and slower on a loaded machine: so the count may grow once after the
    // pause, never twice (a quiet spell longer than one batch proved nothing under load: a batch of
    // 31,000 rows once committed after 3 s of no change).
    const seen = [await songs()];
    for (let i = 0; i < 16; i++) {
      await sleep(500);
      seen.push(await songs());
    }
    const increases = seen.filter((count, index) => index > 0 && count > seen[index - 1]!).length;
    expect(increases, `nothing but the batch in flight is written while paused: ${seen.join(', ')}`).toBeLessThanOrEqual(1);
    const current = seen.at(-1)!;
    expect(current).toBeLessThan(120_000);
    expect((await services.api['jobs.resume']({ jobId: job.id })).status).toBe('running');
    await services.api['jobs.cancel']({ jobId: job.id });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status).toBe('cancelled');
    const [run] = await services.api['imports.runs']({});
    expect(run?.status).toBe('cancelled');
    expect(run!.rowsImported).toBeGreaterThan(0);
    expect(run!.rowsImported).toBeLessThan(120_000);
    expect((await services.api['catalog.stats']({})).songs).toBe(run!.rowsImported);
  });

  it('cancels a queued job at once and refuses to pause what cannot be paused', async () => {
    const services = start({ workerThreads: 1 });
    const first = await services.api['imports.start']({ file: { path: writeSongsCsv(30_000) } });
    const second = await services.api['imports.start']({ file: { path: writeSongsCsv(10) } });
    expect(second.status).toBe('queued');
    expect((await services.api['jobs.cancel']({ jobId: second.id })).status).toBe('cancelled');
    await services.api['jobs.cancel']({ jobId: first.id });
    await services.jobs.whenFinished(first.id);
    await expect(services.api['jobs.pause']({ jobId: first.id })).rejects.toThrow(/only a queued or running job can be paused/);
    await expect(services.api['jobs.cancel']({ jobId: 'nope' })).rejects.toThrow(/There is no job nope/);
  });

  it('previews a file off the main thread: encoding, delimiter, header, rows and format', async () => {
    const services = start();
    const preview = await services.api['imports.preview']({ file: { path: writeSongsCsv(25) } });
    expect(preview).toMatchObject({ fileName: 'songs-25.csv', delimiter: ',', format: { id: 'spotify-tracks-hf', kind: 'songs' }, formatError: null });
    expect(preview.encoding.encoding).toBe('utf-8');
    expect(preview.header[0]).toBe('track_id');
    expect(preview.rows).toHaveLength(10);
    expect(preview.knownFormats.length).toBeGreaterThan(5);

    const odd = path.join(tempDir(), 'odd.csv');
    fs.writeFileSync(odd, 'colour;shape\nred;round\n');
    const unknown = await services.api['imports.preview']({ file: { path: odd } });
    expect(unknown.format).toBeNull();
    expect(unknown.delimiter).toBe(';');
    expect(unknown.formatError).toMatch(/^odd\.csv: line 1: the header does not match any known song or movie format/);
    await expect(services.api['imports.preview']({ file: { path: odd }, encoding: 'klingon' })).rejects.toThrow(/Unknown encoding "klingon"/);
    await expect(services.api['imports.start']({ file: { path: path.join(tempDir(), 'missing.csv') } })).rejects.toThrow(
      /missing\.csv cannot be read \(ENOENT\)/,
    );
  });

  it('resolves uploads by id and refuses unknown ones', async () => {
    const services = start();
    const { Readable } = await import('node:stream');
    const stored = await services.uploads.save(Readable.from([Buffer.from('a,b\n1,2\n')]), '../../evil/name.csv');
    expect(stored.name).toBe('name.csv');
    expect(services.uploads.resolve(stored.uploadId).path).toBe(path.join(services.dataDir, 'uploads', stored.uploadId, 'name.csv'));
    await expect(services.api['imports.preview']({ file: { uploadId: '0123456789abcdef' } })).rejects.toThrow(/Upload 0123456789abcdef does not exist/);
  });

  it('keeps settings in settings.json and applies worker threads and the data folder', async () => {
    const services = start();
    const base = path.dirname(services.databasePath);
    expect(await services.api['settings.get']({})).toMatchObject({ dataDir: base, theme: 'system', workerThreads: 2 });
    const changed = waitFor(
      (listener) => {
        services.events.on('settings.changed', listener);
        return () => services.events.off('settings.changed', listener);
      },
      () => true,
    );
    const moved = path.join(tempDir(), 'elsewhere');
    const next = await services.api['settings.update']({ theme: 'dark', workerThreads: 1, dataDir: moved, confirmMove: true });
    expect(next).toEqual({ dataDir: moved, theme: 'dark', workerThreads: 1 });
    expect(await changed).toEqual(next);
    expect(services.databasePath).toBe(path.join(moved, 'crossfade.db'));
    expect((await services.api['app.info']({})).dataDir).toBe(moved);
    expect(new SettingsStore(base).get()).toEqual(next);
    await expect(services.api['settings.update']({ dataDir: 'relative/dir' })).rejects.toThrow(/must be a full path/);
    await expect(services.api['settings.update']({ theme: 'neon' as 'dark' })).rejects.toThrow(/Invalid request to settings.update: theme/);
  });

  it('answers desktop-only methods in browser mode with a clear sentence', async () => {
    const services = start();
    await expect(services.api['dialog.open']({ kind: 'file' })).rejects.toThrow(/only works in the desktop app/);
    await expect(services.api['app.openExternal']({ url: 'https://evil.example/' })).rejects.toThrow(/only https links to open\.spotify\.com/);
  });
});
