#!/usr/bin/env node
// `npm start`: the desktop app where Electron works, otherwise browser mode on the same catalog.
//
// Electron's binary is downloaded on first use and better-sqlite3 is rebuilt for its ABI
// (scripts/electron-native.mjs), which needs Electron's headers. Offline, behind a proxy or on a
// locked-down laptop either can fail; then this says in one line why the desktop window can't
// open, and starts browser mode (src/bridge/cli.ts) instead, which prints the address to open.
// Arguments after `--` go to browser mode when it is the one that starts (--port, --data-dir, --db).
//
//   CROSSFADE_ELECTRON_PATH=<file>   use this Electron binary (a missing file simulates a failed download)
//   CROSSFADE_START=browser|desktop  skip the check and start that one
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** Why the desktop window can't open, as one sentence, or null when Electron runs here. */
export function electronProblem(env = process.env) {
  let binary = env.CROSSFADE_ELECTRON_PATH;
  if (!binary) {
    // The electron package's main export is the path of its binary; it tries to download the binary
    // when it is missing and throws when that fails. Asked in a child, so its messages stay quiet.
    const located = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    if (located.status !== 0 || !located.stdout)
      return `Electron's binary is not installed and could not be downloaded (${firstLine(located.stderr.replace(/^.*\n?Error: /s, '')) || 'no network?'})`;
    binary = located.stdout.trim();
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return `Electron's binary is missing (${binary})`;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.error) return `Electron's binary does not run (${firstLine(probe.error)})`;
  if (probe.status !== 0) return `Electron's binary does not run (${firstLine(probe.stderr) || `exit code ${probe.status}`})`;
  const native = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs')], { encoding: 'utf8', cwd: root });
  if (native.status !== 0) return `the catalog's SQLite module could not be built for Electron (${lastLine(native.stderr) || `exit code ${native.status}`})`;
  return null;
}

function firstLine(value) {
  const text = value instanceof Error ? value.message : String(value ?? '');
  return text.trim().split('\n')[0]?.trim() ?? '';
}

function lastLine(value) {
  const lines = String(value ?? '')
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines[lines.length - 1]?.replace(/^electron-native:\s*/, '').trim() ?? '';
}

/** Runs a command with the terminal attached; resolves with its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}

/**
 * Starts the desktop app, or browser mode when `problem()` names a reason; every step is
 * injectable so a test can simulate a machine without Electron.
 */
export async function launch({
  args = process.argv.slice(2),
  env = process.env,
  problem = () => electronProblem(env),
  log = (line) => console.error(line),
  startDesktop = () => run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev']),
  startBrowser = (extra) => run(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'bridge', 'cli.ts'), ...extra]),
} = {}) {
  const choice = env.CROSSFADE_START;
  const reason = choice === 'browser' ? 'CROSSFADE_START=browser' : choice === 'desktop' ? null : problem();
  if (reason === null) return startDesktop();
  log(`Crossfade: the desktop window can't open here: ${reason}. Starting browser mode on the same catalog instead.`);
  return startBrowser(args);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await launch();
}
