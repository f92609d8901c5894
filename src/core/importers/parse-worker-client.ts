/// <reference types="electron-vite/node" />
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkerScript, startWorker } from '../workers/start-worker.js';
import type { ParseWorkerInput, ParseWorkerMessage } from './parse-worker-protocol.js';
import type { ParsedChunk, RowSource, RowSourceSetup, TextTallies } from './row-source.js';

/** parse-worker.js/.ts beside this module, or the chunk electron-vite emits for it. */
function parseWorkerScript() {
  return findWorkerScript(path.dirname(fileURLToPath(import.meta.url)), 'parse-worker', async () => (await import('./parse-worker.js?modulePath')).default);
}

/**
 * Opens a row source that parses in a worker thread. Rejects like openRowSource when the format
 * cannot start (e.g. a MovieLens companion file imported on its own), with the same message.
 */
export async function openRowSourceInWorker(setup: RowSourceSetup, signal?: AbortSignal): Promise<RowSource> {
  const worker = startWorker(await parseWorkerScript(), { workerData: { setup } satisfies ParseWorkerInput });
  const forwardAbort = () => worker.postMessage('abort');
  signal?.addEventListener('abort', forwardAbort, { once: true });
  const inbox: ParseWorkerMessage[] = [];
  let failure: Error | null = null;
  let notify: (() => void) | null = null;
  const wakeUp = () => {
    notify?.();
    notify = null;
  };
  worker.on('message', (message: ParseWorkerMessage) => {
    inbox.push(message);
    wakeUp();
  });
  worker.on('error', (error) => {
    failure ??= new Error(`The file could not be parsed: ${error.message}`);
    wakeUp();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`The parse worker stopped unexpectedly (exit code ${code}).`);
    wakeUp();
  });
  const next = async (): Promise<ParseWorkerMessage> => {
    for (;;) {
      const message = inbox.shift();
      if (message) return message;
      if (failure) throw failure;
      await new Promise<void>((resolve) => (notify = resolve));
    }
  };
  const stop = async () => {
    signal?.removeEventListener('abort', forwardAbort);
    failure ??= new Error('The parse worker was stopped.');
    await worker.terminate();
  };

  const first = await next().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  if (first.type === 'failed') {
    await stop();
    throw new Error(first.message);
  }
  if (first.type !== 'ready') {
    await stop();
    throw new Error(`The parse worker answered ${first.type} instead of ready.`);
  }

  let tallies: TextTallies | null = null;
  async function* chunks(): AsyncGenerator<ParsedChunk> {
    try {
      for (;;) {
        const message = await next();
        if (message.type === 'chunk') {
          worker.postMessage('ack');
          yield message.chunk;
        } else if (message.type === 'end') {
          tallies = message.tallies;
          return;
        } else if (message.type === 'error') {
          throw new Error(message.message);
        }
      }
    } finally {
      await stop();
    }
  }

  return {
    chunks,
    tallies: () => tallies ?? { repairedMojibake: { count: 0, examples: [] }, lostCharacters: { count: 0, examples: [] } },
    close: stop,
  };
}
