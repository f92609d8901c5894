/**
 * Scan worker: maps the engine's shared memory, instantiates the kernel over it, and scans the row
 * ranges it is sent (int8 pre-scan, candidate selection, exact re-rank). Nothing is copied per
 * query: the queries themselves are in the shared memory too.
 */
import { parentPort } from 'node:worker_threads';
import { instantiateKernel, type Kernel } from './kernel.js';
import { readFully } from './load.js';
import { scanRange } from './quantized.js';
import { quantizeRange, viewsOf, type StorageLayout, type StorageViews } from './storage.js';
import type { WorkerReply, WorkerRequest } from './pool.js';

const port = parentPort;
if (!port) throw new Error('scan.worker must run in a worker thread');

let state: { memory: WebAssembly.Memory; kernel: Kernel; layout: StorageLayout; views: StorageViews } | null = null;

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'storage') {
    state = {
      memory: message.memory,
      kernel: instantiateKernel(message.memory, message.module),
      layout: message.layout,
      views: viewsOf(message.memory, message.layout),
    };
    return;
  }
  try {
    if (!state) throw new Error('scan worker has no storage');
    let reply: WorkerReply;
    if (message.type === 'scan') {
      const results = scanRange(state.kernel, state.layout, state.views, message.scan, message.slot);
      reply = { type: 'result', id: message.id, results };
      port.postMessage(
        reply,
        results.flatMap((result) => [result.rows.buffer as ArrayBuffer, result.scores.buffer as ArrayBuffer]),
      );
    } else if (message.type === 'read') {
      readFully(message.fd, new Uint8Array(state.memory.buffer, message.offset, message.bytes), message.position);
      if (message.countAt !== undefined) Atomics.add(new Int32Array(state.memory.buffer, message.countAt, 1), 0, 1);
      reply = { type: 'read', id: message.id };
      port.postMessage(reply);
    } else {
      const bad = quantizeRange(state.kernel, state.layout, state.views, message.start, message.end);
      reply = { type: 'quantized', id: message.id, badRow: bad };
      port.postMessage(reply);
    }
  } catch (error) {
    const reply: WorkerReply = { type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});

port.postMessage({ type: 'ready' } satisfies WorkerReply);
