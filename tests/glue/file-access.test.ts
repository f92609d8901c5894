import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReadablePath, RefusedPathError, systemTreeOf } from '../../src/core/files/readable-path';
import type { Services } from '../../src/services';
import { tempDir, tempFile } from '../support/temp';
import { refusal, testServices } from './fixtures';

/**
 * Issue 14, item 6: files the user did not choose. Every hostile path is really sent through the
 * service API (what browser mode and, after handle translation, the desktop app call).
 */

const open: Services[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((services) => services.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});
function start(): Services {
  const services = testServices();
  open.push(services);
  return services;
}

/** Secrets as a shadow file holds them: ':'-separated, which is not a CSV delimiter. */
const SHADOW = 'root:$6$Zsalt$c2VjcmV0LWhhc2gtb2Ytcm9vdA:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nalice:$6$Ysalt$YWxpY2UtaGFzaA:19001:0:99999:7:::\n';
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice Secret,,,:/home/alice:/bin/bash\n';
const PRIVATE_KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';

/** The distinctive pieces of `content` that must never reach the caller. */
function secretPieces(content: string): string[] {
  return content.split(/[\n:,]/).filter((piece) => piece.length >= 6 && !/^[0-9]+$/.test(piece));
}
function expectNoEcho(text: string, content: string): void {
  for (const piece of secretPieces(content)) expect(text).not.toContain(piece);
}
function mkfifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}
async function unixSocket(file: string): Promise<string> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return file;
}

describe('the readable-path policy', () => {
  it('refuses /proc, /sys and /dev, and Windows device paths', () => {
    const posixTrees = { '/proc/self/environ': '/proc', '/sys/kernel': '/sys', '/dev/zero': '/dev', '/dev/../dev/zero': '/dev' };
    for (const [file, tree] of Object.entries(posixTrees)) expect(systemTreeOf(file), file).toBe(tree);
    for (const file of ['/devices/x.csv', '/home/me/proc/x.csv']) expect(systemTreeOf(file), file).toBeNull();
    for (const device of ['\\\\.\\PhysicalDrive0', 'C:\\data\\NUL.csv']) expect(systemTreeOf(device, 'win32'), device).not.toBeNull();
    expect(systemTreeOf('C:\\data\\songs.csv', 'win32')).toBeNull();
  });

  it('refuses a NUL in the path and names what was expected', () => {
    expect(() => checkReadablePath('/tmp/a\0b.csv', 'file')).toThrow(
      new RefusedPathError('The path "/tmp/a\\\\0b.csv" contains a NUL character. Choose a CSV file.'),
    );
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file with mode 000 with the system error code (not as root, who can read it)', () => {
    const file = tempFile('locked.csv', 'title,year\nx,1\n');
    fs.chmodSync(file, 0o000);
    expect(() => checkReadablePath(file, 'file')).toThrow(/cannot be read \(EACCES\)/);
  });
});

describe('imports.preview and imports.start refuse files the user did not choose', () => {
  it('refuses /proc/self/environ without echoing the environment', async () => {
    const services = start();
    const message = await refusal(services.api['imports.preview']({ file: { path: '/proc/self/environ' } }));
    expect(message).toBe('/proc/self/environ is a system file (under /proc), which Crossfade never reads. Choose a CSV file.');
    expectNoEcho(message, fs.readFileSync('/proc/self/environ', 'latin1').replaceAll('\0', '\n'));
  });

  it('refuses /dev/zero (which never ends) and a symlink that leads into /proc', async () => {
    const services = start();
    expect(await refusal(services.api['imports.preview']({ file: { path: '/dev/zero' } }))).toMatch(/^\/dev\/zero is a system file \(under \/dev\)/);
    const link = path.join(tempDir(), 'innocent.csv');
    fs.symlinkSync('/proc/self/environ', link);
    const message = await refusal(services.api['imports.preview']({ file: { path: link } }));
    expect(message).toBe(`${link} is a system file (under /proc), which Crossfade never reads. Choose a CSV file.`);
    expect(await refusal(services.api['imports.start']({ file: { path: link } }))).toBe(message);
    // A symlink to /dev through a folder link is refused the same way.
    const folderLink = path.join(tempDir(), 'devices');
    fs.symlinkSync('/dev', folderLink);
    expect(await refusal(services.api['imports.preview']({ file: { path: path.join(folderLink, 'zero') } }))).toMatch(/is a system file \(under \/dev\)/);
  });

  it('refuses a FIFO and a socket instead of blocking on them', async () => {
    const services = start();
    const fifo = mkfifo(path.join(tempDir(), 'pipe.csv'));
    expect(await refusal(services.api['imports.preview']({ file: { path: fifo } }))).toBe(`${fifo} is a named pipe (FIFO), not a file. Choose a CSV file.`);
    expect(await refusal(services.api['imports.start']({ file: { path: fifo } }))).toMatch(/is a named pipe \(FIFO\), not a file/);
    const socket = await unixSocket(path.join(tempDir(), 'sock.csv'));
    expect(await refusal(services.api['imports.preview']({ file: { path: socket } }))).toBe(`${socket} is a socket, not a file. Choose a CSV file.`);
  });

  it.each([
    ['a shadow file', 'shadow', SHADOW],
    ['a passwd file', 'passwd.csv', PASSWD],
    ['a private key', 'id_ed25519', PRIVATE_KEY],
  ])('previews %s without a byte of its content', async (_label, name, content) => {
    const services = start();
    const preview = await services.api['imports.preview']({ file: { path: tempFile(name, content) } });
    expect(preview).toMatchObject({ header: [], rows: [], format: null });
    expect(preview.encoding.suspiciousExamples).toEqual([]);
    expect(preview.formatError).toBe(
      `${name} does not look like a CSV table: expected a first line of at least two column names separated by commas, semicolons, tabs or | (for example "title,artists,album"). Choose a CSV file.`,
    );
    expectNoEcho(JSON.stringify(preview), content);
  });

  it.skipIf(!isReadable('/etc/shadow'))('previews the real /etc/shadow without echoing it', async () => {
    const services = start();
    const preview = await services.api['imports.preview']({ file: { path: '/etc/shadow' } });
    expect(preview).toMatchObject({ header: [], rows: [], format: null });
    expectNoEcho(JSON.stringify(preview), fs.readFileSync('/etc/shadow', 'utf8'));
  });

  it('fails the import of a shadow file, with or without a column mapping, without echoing it', async () => {
    const services = start();
    const file = tempFile('shadow.csv', SHADOW);
    const plain = await services.api['imports.start']({ file: { path: file } });
    const failed = await services.jobs.whenFinished(plain.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/does not match any known song or movie format[\s\S]*does not look like a CSV table/);
    expectNoEcho(failed.error ?? '', SHADOW);
    // Mapping line 1 as a "column" would import every line as a movie title: refused.
    const firstLine = SHADOW.slice(0, SHADOW.indexOf('\n'));
    const mapped = await services.api['imports.start']({ file: { path: file }, mapping: { kind: 'movies', columns: { title: firstLine } } });
    const refused = await services.jobs.whenFinished(mapped.id);
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/line 1: the file does not look like a CSV table/);
    expectNoEcho(refused.error ?? '', SHADOW.slice(firstLine.length));
    expect((await services.api['catalog.stats']({})).movies).toBe(0);
  });

  it('still previews an unknown but real CSV table, so its columns can be mapped', async () => {
    const services = start();
    const preview = await services.api['imports.preview']({ file: { path: tempFile('films.csv', 'Film;Jahr\nM;1931\nMetropolis;1927\n') } });
    expect(preview).toMatchObject({
      delimiter: ';',
      header: ['Film', 'Jahr'],
      rows: [
        ['M', '1931'],
        ['Metropolis', '1927'],
      ],
      format: null,
    });
    expect(preview.formatError).toMatch(/Columns found: "Film", "Jahr"/);
  });
});

describe('posters.scanFolder refuses folders and mapping files the user did not choose', () => {
  it('refuses /proc, /sys, /dev and a symlink into /proc as the poster folder', async () => {
    const services = start();
    for (const folder of ['/proc', '/sys/kernel', '/dev'])
      expect(await refusal(services.api['posters.scanFolder']({ folder }))).toMatch(/is a system file \(under \/(proc|sys|dev)\)/);
    const link = path.join(tempDir(), 'posters');
    fs.symlinkSync('/proc/self', link);
    expect(await refusal(services.api['posters.scanFolder']({ folder: link }))).toBe(
      `${link} is a system file (under /proc), which Crossfade never reads. Choose the folder that holds the poster images.`,
    );
  });

  it('refuses /proc/self/environ, a FIFO and a device as the mapping file', async () => {
    const services = start();
    const folder = tempDir();
    expect(await refusal(services.api['posters.scanFolder']({ folder, mapFile: '/proc/self/environ' }))).toMatch(/under \/proc.*Choose a mapping CSV/);
    const fifo = mkfifo(path.join(tempDir(), 'map.csv'));
    expect(await refusal(services.api['posters.scanFolder']({ folder, mapFile: fifo }))).toMatch(/is a named pipe \(FIFO\), not a file\. Choose a mapping CSV/);
    const link = path.join(tempDir(), 'map.csv');
    fs.symlinkSync('/dev/zero', link);
    expect(await refusal(services.api['posters.scanFolder']({ folder, mapFile: link }))).toMatch(/under \/dev/);
  });

  it('fails a scan whose mapping file is a shadow file without echoing its first line', async () => {
    const services = start();
    const job = await services.api['posters.scanFolder']({ folder: tempDir(), mapFile: tempFile('map.csv', SHADOW) });
    const done = await services.jobs.whenFinished(job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/Expected a CSV whose first line names a file column/);
    expectNoEcho(done.error ?? '', SHADOW);
  });
});

function isReadable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
