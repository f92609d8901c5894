/**
 * The parse worker (a worker_threads worker): runs an import's reading half (row-source.ts) so
 * that the importing thread only writes. Started by parse-worker-client.ts with the setup as
 * workerData; chunks go out as soon as they are parsed, at most PARSE_AHEAD (chunks and file
 * bytes) ahead of the importer's acknowledgements, so memory stays bounded however fast the
 * writes are.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PARSE_AHEAD, type ParseWorkerInput, type ParseWorkerMessage } from './parse-worker-protocol.js';
import { openRowSource } from './row-source.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts must run in a worker thread.');
const { setup } = workerData as ParseWorkerInput;

/** The file offset (bytesRead) of every chunk sent and not yet acknowledged, oldest first. */
const unacknowledged: number[] = [];
let acknowledgedBytes = 0;
let wake: (() => void) | null = null;
// The importer's cancel reaches the format too (MovieLens stops reading its side files).
const cancel = new AbortController();
port.on('message', (message: 'ack' | 'abort') => {
  if (message === 'abort') return cancel.abort();
  acknowledgedBytes = unacknowledged.shift() ?? acknowledgedBytes;
  wake?.();
  wake = null;
});

const post = (message: ParseWorkerMessage) => port.postMessage(message);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function run(): Promise<void> {
  let source;
  try {
    source = await openRowSource(setup, cancel.signal);
  } catch (error) {
    post({ type: 'failed', message: errorText(error) });
    return;
  }
  post({ type: 'ready' });
  try {
    const tooFarAhead = () =>
      unacknowledged.length >= PARSE_AHEAD.chunks || (unacknowledged.length > 0 && (unacknowledged.at(-1) ?? 0) - acknowledgedBytes >= PARSE_AHEAD.bytes);
    for await (const chunk of source.chunks()) {
      post({ type: 'chunk', chunk });
      unacknowledged.push(chunk.bytesRead);
      while (tooFarAhead()) await new Promise<void>((resolve) => (wake = resolve));
    }
    post({ type: 'end', tallies: source.tallies() });
  } catch (error) {
    post({ type: 'error', message: errorText(error) });
  }
}

void run();
