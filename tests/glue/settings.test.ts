import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/services';
import { SETTINGS_FILE_NAME, SettingsStore, systemLocationOf } from '../../src/services/settings';
import { tempDir } from '../support/temp';
import { refusal, testServices } from './fixtures';

/** Issue 14, item 12: settings.update validates the data folder, asks before moving, caps threads by the cores. */

const open: Services[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((services) => services.close()));
});
function start(): Services {
  const services = testServices({ workerThreads: 1 });
  open.push(services);
  return services;
}
const cores = os.availableParallelism();

describe('settings.update: data folder', () => {
  it.each(['/', '/etc', '/etc/crossfade', '/usr', '/usr/local/share/crossfade', '/bin', '/proc', '/proc/self', '/sys', '/dev', '/dev/shm/crossfade', '/boot'])(
    'refuses the system location %s and leaves it untouched',
    async (dir) => {
      const services = start();
      const before = fs.existsSync(dir);
      expect(await refusal(services.api['settings.update']({ dataDir: dir, confirmMove: true }))).toMatch(
        new RegExp(`^${dir.replace(/[/.]/g, '\\$&')} is a system location \\(.+\\): choose a folder of your own for the data`),
      );
      expect(fs.existsSync(dir)).toBe(before);
      expect(services.dataDir).not.toBe(dir);
    },
  );

  it("refuses the folder of the running program (the app's install dir) and a symlink into /etc", async () => {
    const services = start();
    const installDir = path.dirname(process.execPath);
    expect(await refusal(services.api['settings.update']({ dataDir: installDir, confirmMove: true }))).toMatch(/is a system location/);
    const link = path.join(tempDir(), 'data');
    fs.symlinkSync('/etc', link);
    expect(await refusal(services.api['settings.update']({ dataDir: path.join(link, 'crossfade'), confirmMove: true }))).toMatch(
      /is a system location \(\/etc\)/,
    );
    expect(fs.existsSync('/etc/crossfade')).toBe(false);
  });

  it('refuses a relative path and a folder it cannot write to (proved with a temporary file)', async () => {
    const services = start();
    expect(await refusal(services.api['settings.update']({ dataDir: 'relative/dir', confirmMove: true }))).toMatch(/must be a full path/);
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    expect(await refusal(services.api['settings.update']({ dataDir: file, confirmMove: true }))).toMatch(/is a file, not a folder/);
    expect(await refusal(services.api['settings.update']({ dataDir: path.join(file, 'below'), confirmMove: true }))).toBe(
      `${file} is a file, not a folder. Choose a folder for the data.`,
    );
    if (process.getuid?.() !== 0) {
      const locked = tempDir();
      fs.chmodSync(locked, 0o500);
      expect(await refusal(services.api['settings.update']({ dataDir: locked, confirmMove: true }))).toMatch(/cannot be created or written to \(EACCES\)/);
      fs.chmodSync(locked, 0o700);
    }
  });

  it('asks for confirmation before moving, creates nothing until confirmed, and leaves no probe file behind', async () => {
    const services = start();
    const before = services.dataDir;
    const target = path.join(tempDir(), 'new-data');
    const message = await refusal(services.api['settings.update']({ dataDir: target }));
    expect(message).toBe(
      `Using ${target} as the data folder needs your confirmation: Crossfade will open the catalog there (a new, empty one if there is none), ` +
        `and the catalog in ${before} stays where it is. Confirm the move (confirmMove: true) to go ahead.`,
    );
    expect(fs.existsSync(target)).toBe(false);
    expect(services.dataDir).toBe(before);
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);

    const moved = await services.api['settings.update']({ dataDir: target, confirmMove: true });
    expect(moved.dataDir).toBe(target);
    expect(services.databasePath).toBe(path.join(target, 'crossfade.db'));
    expect(fs.readdirSync(target).filter((name) => name.startsWith('.crossfade-write-test'))).toEqual([]);
    // The same folder again is no move: no confirmation needed.
    expect((await services.api['settings.update']({ dataDir: target })).dataDir).toBe(target);
  });

  it('knows the system locations and leaves user folders alone', () => {
    expect(systemLocationOf('/etc/ssh')).toBe('/etc');
    expect(systemLocationOf('/')).toBe('/');
    expect(systemLocationOf('/home')).toBe('/home');
    expect(systemLocationOf('/home/me/Crossfade')).toBeNull();
    expect(systemLocationOf(path.join(os.tmpdir(), 'x'))).toBeNull();
    expect(systemLocationOf('/etcetera')).toBeNull();
  });
});

describe('settings.update: worker threads', () => {
  it('caps the threads by the cores with a clear message', async () => {
    const services = start();
    expect(await refusal(services.api['settings.update']({ workerThreads: 64 }))).toBe(
      `This computer has ${cores} core${cores === 1 ? '' : 's'}: choose from 1 to ${cores} worker threads (you asked for 64).`,
    );
    expect(await refusal(services.api['settings.update']({ workerThreads: cores + 1 }))).toMatch(/choose from 1 to/);
    expect((await services.api['settings.update']({ workerThreads: cores })).workerThreads).toBe(cores);
    expect(await refusal(services.api['settings.update']({ workerThreads: 65 }))).toMatch(/Invalid request to settings.update: workerThreads/);
  });

  it('starts with at most as many threads as cores when settings.json asks for more', () => {
    const base = tempDir();
    fs.writeFileSync(path.join(base, SETTINGS_FILE_NAME), JSON.stringify({ workerThreads: 64 }));
    expect(new SettingsStore(base).get().workerThreads).toBe(Math.min(64, cores));
  });
});
