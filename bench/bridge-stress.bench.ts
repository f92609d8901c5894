/**
 * Bridge stress: `npm run bench:bridge-stress` (node --import tsx bench/bridge-stress.bench.ts).
 *
 * Starts the browser bridge in a child process (its own services on a temp data folder, a stub
 * renderer, 127.0.0.1 only, Node with --expose-gc), then floods it with every kind of hostile
 * request issue 14 names (tests/support/hostile-requests.ts: WebSocket upgrades to "//", malformed
 * cookies and percent-encodings, absolute-form targets, oversized and chunked JSON bodies, 600-byte
 * upload names, foreign origins with a valid token, garbage, oversized headers, abandoned upgrades),
 * several at a time. The flood is bounded by count and by time. Then it checks that the bridge
 * still answers a normal API call, that every hostile request got its 4xx, that the bridge logged
 * nothing (no stack trace), and that its RSS after a GC came back to within a margin of its RSS
 * after the warm-up.
 * Options: --rounds N (passes over the hostile list, default 200), --seconds N (time bound, default
 * 60), --concurrency N (default 8). Writes bench/results/bridge-stress.json; exits 1 on a failure.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileRequests, sendHostile, type HostileRequest } from '../tests/support/hostile-requests.js';
import { argValue, printTable, progressLine, tempDir, verdict, writeResults } from './support.js';

const TOKEN = 'stress-token-0123456789abcdefghijklmnopqrstuvwxyz';
/** RSS after the flood (and a GC) may exceed the warm-up's by this much: allocator slack, not a leak. */
const RSS_MARGIN_MIB = 48;
const RSS_MARGIN_RATIO = 0.3;

type ChildMessage = { readonly kind: 'ready'; readonly port: number } | { readonly kind: 'rss'; readonly mib: number };

/** The child: services and the bridge, answering { kind: 'rss' } with its RSS after a full GC. */
async function runChild(): Promise<void> {
  const { createServices } = await import('../src/services/index.js');
  const { startBridge } = await import('../src/bridge/server.js');
  const dataDir = tempDir('crossfade-stress-data-');
  const rendererDir = tempDir('crossfade-stress-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Crossfade</title></head><body></body></html>');
  const services = createServices({ dataDir, mode: 'browser', version: 'stress', workerThreads: 1 });
  const bridge = await startBridge({ services, rendererDir, token: TOKEN });
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'rss') {
      for (let i = 0; i < 3; i++) gc?.();
      process.send?.({ kind: 'rss', mib: process.memoryUsage.rss() / 2 ** 20 } satisfies ChildMessage);
    } else if (message.kind === 'stop') {
      void bridge
        .close()
        .then(() => services.close())
        .then(() => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          fs.rmSync(rendererDir, { recursive: true, force: true });
          process.exit(0);
        });
    }
  });
  process.send?.({ kind: 'ready', port: bridge.port } satisfies ChildMessage);
}

function nextMessage<K extends ChildMessage['kind']>(child: ChildProcess, kind: K): Promise<Extract<ChildMessage, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.kind !== kind) return;
      cleanup();
      resolve(message as Extract<ChildMessage, { kind: K }>);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`The bridge exited (${signal ?? `code ${code}`}) while waiting for "${kind}".`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function childRss(child: ChildProcess): Promise<number> {
  const answer = nextMessage(child, 'rss');
  child.send({ kind: 'rss' });
  return (await answer).mib;
}

async function answersNormally(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/catalog.stats`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    return response.status === 200 && ((await response.json()) as { ok: boolean }).ok;
  } catch {
    return false;
  }
}

interface Tally {
  sent: number;
  wrongStatus: Map<string, Set<number>>;
}

/** Sends `queue` with `concurrency` requests in flight, stopping early at `deadline`. */
async function flood(port: number, queue: readonly HostileRequest[], concurrency: number, deadline: number, tally: Tally): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < queue.length && performance.now() < deadline) {
      const hostile = queue[next++]!;
      const answer = await sendHostile(port, hostile);
      tally.sent++;
      if (hostile.expected !== null && answer.status !== hostile.expected) {
        const seen = tally.wrongStatus.get(hostile.name) ?? new Set<number>();
        tally.wrongStatus.set(hostile.name, seen.add(answer.status));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function main(): Promise<void> {
  const rounds = Number(argValue('rounds') ?? 200);
  const seconds = Number(argValue('seconds') ?? 60);
  const concurrency = Number(argValue('concurrency') ?? 8);
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  // Whatever the bridge logs (a stack trace would mean a request reached code that threw).
  let logged = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (logged += chunk));
  let exited: string | null = null;
  child.on('exit', (code, signal) => (exited = signal ?? `code ${code}`));
  const { port } = await nextMessage(child, 'ready');
  const hostile = hostileRequests(port, TOKEN);
  const tally: Tally = { sent: 0, wrongStatus: new Map() };

  progressLine(`bridge on 127.0.0.1:${port}; warm-up: 3 passes over ${hostile.length} kinds of hostile request`);
  await flood(port, Array.from({ length: 3 }, () => hostile).flat(), concurrency, Number.POSITIVE_INFINITY, tally);
  const baselineMiB = await childRss(child);

  progressLine(`flood: up to ${rounds} passes (${rounds * hostile.length} requests) or ${seconds} s, ${concurrency} at a time`);
  const started = performance.now();
  await flood(port, Array.from({ length: rounds }, () => hostile).flat(), concurrency, started + seconds * 1000, tally);
  const floodSeconds = (performance.now() - started) / 1000;

  const alive = exited === null && (await answersNormally(port));
  const afterMiB = exited === null ? await childRss(child) : Number.NaN;
  const limitMiB = Math.max(baselineMiB + RSS_MARGIN_MIB, baselineMiB * (1 + RSS_MARGIN_RATIO));
  const memoryOk = afterMiB <= limitMiB;
  const statusesOk = tally.wrongStatus.size === 0;
  const quiet = logged.trim() === '';

  printTable([
    ['check', 'value', 'verdict'],
    ['hostile requests sent', tally.sent, ''],
    ['requests per second', Math.round((tally.sent - 3 * hostile.length) / floodSeconds), ''],
    ['bridge still answers catalog.stats', alive ? 'yes' : `no${exited ? ` (exited: ${exited})` : ''}`, verdict(alive)],
    ['every request got its expected status', statusesOk ? 'yes' : `${tally.wrongStatus.size} kinds did not`, verdict(statusesOk)],
    ['bridge logged nothing (no stack trace)', quiet ? 'yes' : `${logged.split('\n').length} lines`, verdict(quiet)],
    ['RSS after warm-up (MiB, after GC)', baselineMiB.toFixed(1), ''],
    ['RSS after flood (MiB, after GC)', afterMiB.toFixed(1), `${verdict(memoryOk)} (limit ${limitMiB.toFixed(1)})`],
  ]);
  for (const [name, statuses] of tally.wrongStatus) console.log(`  ${name}: answered ${[...statuses].join(', ')}`);
  if (!quiet) console.log(`The bridge logged:\n${logged.slice(0, 4000)}`);
  writeResults('bridge-stress', {
    rounds,
    seconds,
    concurrency,
    kinds: hostile.map((request) => ({ name: request.name, expected: request.expected })),
    sent: tally.sent,
    floodSeconds,
    alive,
    quiet,
    wrongStatus: Object.fromEntries([...tally.wrongStatus].map(([name, statuses]) => [name, [...statuses]])),
    baselineMiB,
    afterMiB,
    limitMiB,
  });

  if (exited === null) {
    const stopped = new Promise((resolve) => child.once('exit', resolve));
    child.send({ kind: 'stop' });
    await stopped;
  }
  process.exitCode = alive && statusesOk && quiet && memoryOk ? 0 : 1;
}

if (process.argv.includes('--child')) void runChild();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
