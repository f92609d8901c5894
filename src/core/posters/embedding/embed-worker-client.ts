/// <reference types="electron-vite/node" />
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { findWorkerScript, startWorker, type WorkerScript } from '../../workers/start-worker.js';
import { InvalidModelError, type PreparedModel } from '../../model/image-model.js';
import type { PosterFile, PosterOutcome } from './decode-batch.js';
import type { DecodeLimits } from './preprocess.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-protocol.js';

const WORKER_NAME = 'embed-worker';

/**
 * The worker script: embed-worker.js/.ts beside this module, or the chunk electron-vite emits for
 * `./embed-worker.js?modulePath` (out/main/chunks/embed-worker-*.js) after `electron-vite build`.
 */
export function embedWorkerScript(dir = path.dirname(fileURLToPath(import.meta.url))): Promise<WorkerScript> {
  return findWorkerScript(dir, WORKER_NAME, async () => (await import('./embed-worker.js?modulePath')).default);
}

export interface EmbedWorkerOptions {
  /** ONNX Runtime intra-op threads in the worker (default 2). */
  readonly threads?: number;
  /** Let idle ONNX Runtime threads spin (default false). */
  readonly spinning?: boolean;
  readonly limits: DecodeLimits;
}

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };

/** The main thread's handle on one inference worker: request/response over postMessage. */
export class EmbedWorker {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerReply) => {
      if (!('id' in message)) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === 'failed') waiting.reject(new Error(message.message));
      else waiting.resolve(message);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`The poster embedding worker crashed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`The poster embedding worker stopped unexpectedly (exit code ${code}).`));
    });
  }

  /** Starts a worker and loads the model in it. Rejects with InvalidModelError when ONNX Runtime cannot use the model. */
  static async start(model: PreparedModel, options: EmbedWorkerOptions): Promise<EmbedWorker> {
    // Load the native modules in this thread too, so their shared libraries stay loaded while
    // workers come and go (unloading them when a worker exits can crash the process).
    await Promise.all([import('onnxruntime-node'), import('sharp')]);
    const worker = startWorker(await embedWorkerScript());
    const init: WorkerInit = { model, threads: options.threads ?? 2, spinning: options.spinning ?? false, limits: options.limits };
    const ready = await new Promise<WorkerReply>((resolve, reject) => {
      const onMessage = (message: WorkerReply) => {
        if (message.type !== 'ready' && message.type !== 'init-failed') return;
        cleanup();
        resolve(message);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new Error(`The poster embedding worker could not start: ${error.message}`));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`The poster embedding worker exited while starting (exit code ${code}).`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ type: 'init', init } satisfies WorkerRequest);
    });
    if (ready.type === 'init-failed') {
      await worker.terminate();
      throw ready.invalidModel ? new InvalidModelError(ready.message, model.path) : new Error(ready.message);
    }
    return new EmbedWorker(worker);
  }

  private request(message: WorkerRequest & { id: number }, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('The poster embedding worker is closed.'));
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.worker.postMessage(message, transfer);
    });
  }

  /** Embeds `count` preprocessed images. The tensor's memory moves to the worker (do not reuse it). */
  async embed(tensor: Float32Array, count: number): Promise<Float32Array> {
    const reply = await this.request({ type: 'embed', id: this.nextId++, tensor, count }, [tensor.buffer as ArrayBuffer]);
    if (reply.type !== 'embedded') throw new Error(`Unexpected worker reply ${reply.type}.`);
    return reply.embeddings;
  }

  /** Reads, decodes, preprocesses and embeds the files in the worker. Embeddings are in the order of the ok outcomes. */
  async decodeAndEmbed(files: readonly PosterFile[]): Promise<{ outcomes: PosterOutcome[]; embeddings: Float32Array }> {
    const reply = await this.request({ type: 'decode-embed', id: this.nextId++, files });
    if (reply.type !== 'decoded-embedded') throw new Error(`Unexpected worker reply ${reply.type}.`);
    return { outcomes: reply.outcomes, embeddings: reply.embeddings };
  }

  /** Releases the session and ends the worker (waits at most `timeoutMs`, then terminates it). */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failure) {
      await this.worker.terminate();
      return;
    }
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') await this.worker.terminate();
  }
}
