/**
 * The poster job's inference worker (a worker_threads worker). It owns the ONNX Runtime session,
 * so inference never blocks the main thread; it can also decode the posters itself
 * ('decode-embed'). Started by embed-worker-client.ts; see there for how the file is found.
 */
import { parentPort } from 'node:worker_threads';
import { createEmbeddingSession, InvalidModelError, type EmbeddingSession } from '../../model/image-model.js';
import { decodeBatch } from './decode-batch.js';
import type { DecodeLimits } from './preprocess.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('embed-worker.ts must run in a worker thread.');

let session: EmbeddingSession | null = null;
let limits: DecodeLimits | null = null;

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

/** A copy in a buffer of its own (ONNX Runtime's output may live in memory that cannot be transferred). */
function own(values: Float32Array): Float32Array {
  return values.slice();
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'init': {
      try {
        session = await createEmbeddingSession(request.init.model, { threads: request.init.threads, spinning: request.init.spinning });
        limits = request.init.limits;
        reply({ type: 'ready' });
      } catch (error) {
        reply({ type: 'init-failed', message: errorText(error), invalidModel: error instanceof InvalidModelError });
      }
      return;
    }
    case 'embed': {
      try {
        if (!session) throw new Error('The worker has no model loaded.');
        const embeddings = request.count > 0 ? own(await session.embed(request.tensor, request.count)) : new Float32Array(0);
        reply({ type: 'embedded', id: request.id, embeddings }, [embeddings.buffer as ArrayBuffer]);
      } catch (error) {
        reply({ type: 'failed', id: request.id, message: errorText(error) });
      }
      return;
    }
    case 'decode-embed': {
      try {
        if (!session || !limits) throw new Error('The worker has no model loaded.');
        const batch = await decodeBatch(request.files, limits);
        const embeddings = batch.count > 0 ? own(await session.embed(batch.tensor, batch.count)) : new Float32Array(0);
        reply({ type: 'decoded-embedded', id: request.id, outcomes: batch.outcomes, embeddings }, [embeddings.buffer as ArrayBuffer]);
      } catch (error) {
        reply({ type: 'failed', id: request.id, message: errorText(error) });
      }
      return;
    }
    case 'close': {
      await session?.release();
      session = null;
      reply({ type: 'closed' });
      port!.close();
      return;
    }
  }
}

port.on('message', (request: WorkerRequest) => {
  void handle(request);
});
