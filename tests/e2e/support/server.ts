import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths';

/** A running `npm run start:web` (src/bridge/cli.ts) on a fresh data folder. */
export interface BrowserModeServer {
  /** The address the CLI prints: it carries this run's token in its fragment. */
  readonly openUrl: string;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly port: number;
  readonly token: string;
  readonly dataDir: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  /** Stops the server (SIGTERM, as Ctrl+C would) and removes its data folder. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Default: a fresh temporary folder, removed by stop(). */
  readonly dataDir?: string;
  readonly startTimeoutMs?: number;
}

/** The address start:web prints: the token rides in the fragment (#token=…), which no server ever receives. */
const OPEN_LINE = /Open:\s+(http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))/;

/**
 * Starts browser mode the way a user does (`node --import tsx src/bridge/cli.ts`), on a free port
 * (--port 0) and a temporary data folder, and reads the tokenised address from its output. The
 * renderer must already be built (see ensureRendererBuilt): the server runs with --skip-build.
 */
export async function startBrowserMode(options: StartOptions = {}): Promise<BrowserModeServer> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'crossfade-e2e-data-'));
  // As from a user's shell: without Vitest's variables, and with the model and the data folder
  // coming from the checkout and the options, never from the caller's environment.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST$|NODE_ENV$)/.test(name)));
  delete env.CROSSFADE_DATA_DIR;
  delete env.CROSSFADE_MODEL;

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bridge/cli.ts', '--port', '0', '--data-dir', dataDir, '--skip-build'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const removeDataDir = () => {
    if (ownDataDir && !process.env.CROSSFADE_E2E_KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  let match: RegExpExecArray;
  try {
    match = await waitForOutput(child, () => output, OPEN_LINE, options.startTimeoutMs ?? 90_000);
  } catch (error) {
    await stopChild(child);
    removeDataDir();
    throw error;
  }
  const [, openUrl, port, token] = match as unknown as [string, string, string, string];
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    openUrl,
    baseUrl,
    port: Number(port),
    token,
    dataDir,
    output: () => output,
    async stop() {
      await stopChild(child);
      removeDataDir();
    },
  };
}

function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output());
      if (!match) return;
      finish();
      resolve(match);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish();
      reject(new Error(`Browser mode exited (${signal ?? `code ${code}`}) before printing its address:\n${output()}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`Browser mode printed no address within ${timeoutMs / 1000} s:\n${output()}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.on('exit', onExit);
    check();
  });
}

/** SIGTERM (the CLI closes the bridge and the services, then exits), SIGKILL if that hangs. */
async function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
  const result = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
