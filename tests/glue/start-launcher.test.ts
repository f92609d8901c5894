import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronProblem, launch } from '../../scripts/start.mjs';
import { tempDir } from '../support/temp';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('npm start always ends in a working app', () => {
  it('says in one line why the desktop window cannot open, then starts browser mode with the same arguments', async () => {
    const lines: string[] = [];
    const started: string[] = [];
    const code = await launch({
      args: ['--port', '5190'],
      env: {},
      problem: () => "Electron's binary is missing (/nowhere/electron)",
      log: (line) => lines.push(line),
      startDesktop: () => (started.push('desktop'), 0),
      startBrowser: (args) => (started.push(`browser ${args.join(' ')}`), 0),
    });
    expect(code).toBe(0);
    expect(started).toEqual(['browser --port 5190']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Crossfade: the desktop window can't open here: Electron's binary is missing \(\/nowhere\/electron\)\. Starting browser mode on the same catalog instead\.$/,
    );
  });

  it('stays on the desktop app where Electron works', async () => {
    const started: string[] = [];
    await launch({
      env: {},
      problem: () => null,
      log: () => undefined,
      startDesktop: () => (started.push('desktop'), 0),
      startBrowser: () => (started.push('browser'), 0),
    });
    expect(started).toEqual(['desktop']);
  });

  it('finds a missing or broken Electron binary', () => {
    expect(electronProblem({ CROSSFADE_ELECTRON_PATH: '/nowhere/electron' })).toBe("Electron's binary is missing (/nowhere/electron)");
    const broken = path.join(tempDir(), 'electron');
    fs.writeFileSync(broken, '#!/bin/sh\necho "error while loading shared libraries: libgtk-3.so.0" >&2\nexit 127\n', { mode: 0o755 });
    expect(electronProblem({ CROSSFADE_ELECTRON_PATH: broken })).toBe("Electron's binary does not run (error while loading shared libraries: libgtk-3.so.0)");
  });

  it.skipIf(!fs.existsSync(path.join(root, 'out', 'renderer', 'index.html')))(
    'really starts browser mode and prints its address when the binary is missing',
    async () => {
      const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data-dir', tempDir(), '--skip-build'], {
        cwd: root,
        env: { ...process.env, CROSSFADE_ELECTRON_PATH: '/nowhere/electron' },
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            if (/Open:\s+http:\/\/127\.0\.0\.1:\d+\//.test(stdout)) resolve();
          });
          child.on('exit', (code) => reject(new Error(`browser mode exited (${code}): ${stderr}`)));
        });
      } finally {
        child.kill('SIGTERM');
      }
      expect(stderr.split('\n').filter((line) => line.includes("can't open"))).toEqual([
        "Crossfade: the desktop window can't open here: Electron's binary is missing (/nowhere/electron). Starting browser mode on the same catalog instead.",
      ]);
    },
    120_000,
  );
});
