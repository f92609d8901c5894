import type { PreparedModel } from '../../model/image-model.js';
import type { PosterFile, PosterOutcome } from './decode-batch.js';
import type { DecodeLimits } from './preprocess.js';

/** Messages between the poster job (main thread) and its inference worker (embed-worker.ts). */

export interface WorkerInit {
  readonly model: PreparedModel;
  readonly threads: number;
  readonly spinning: boolean;
  readonly limits: DecodeLimits;
}

export type WorkerRequest =
  | { readonly type: 'init'; readonly init: WorkerInit }
  /** Embed `count` already preprocessed images (NCHW floats). */
  | { readonly type: 'embed'; readonly id: number; readonly tensor: Float32Array; readonly count: number }
  /** Read, decode and preprocess the files in the worker, then embed them. */
  | { readonly type: 'decode-embed'; readonly id: number; readonly files: readonly PosterFile[] }
  | { readonly type: 'close' };

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly message: string; readonly invalidModel: boolean }
  | { readonly type: 'embedded'; readonly id: number; readonly embeddings: Float32Array }
  | { readonly type: 'decoded-embedded'; readonly id: number; readonly outcomes: PosterOutcome[]; readonly embeddings: Float32Array }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'closed' };
