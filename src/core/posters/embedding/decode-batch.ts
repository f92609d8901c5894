import type { PosterColour } from '../../features/types.js';
import { IMAGE_TENSOR_LENGTH, loadPoster, PosterDecodeError, writeModelInput, type DecodeLimits, type PosterProblem } from './preprocess.js';

export interface PosterFile {
  /** The caller's id for the poster (posters.id). */
  readonly key: number;
  readonly path: string;
}

export type PosterOutcome =
  | { readonly key: number; readonly ok: true; readonly colour: PosterColour }
  | { readonly key: number; readonly ok: false; readonly problem: PosterProblem | 'error'; readonly message: string };

export interface DecodedBatch {
  /** One outcome per file, in the order given. */
  readonly outcomes: PosterOutcome[];
  /** NCHW model input: the decoded images, in order, in slots 0..count-1. */
  readonly tensor: Float32Array;
  readonly count: number;
}

/**
 * Reads, decodes and preprocesses a batch of poster files concurrently (sharp runs in libuv's
 * thread pool) and computes their colour statistics. Unusable files become failed outcomes;
 * this never throws for a bad image.
 */
export async function decodeBatch(files: readonly PosterFile[], limits: DecodeLimits): Promise<DecodedBatch> {
  const decoded = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, rgb: (await loadPoster(file.path, limits)).rgb, error: null };
      } catch (error) {
        return { file, rgb: null, error };
      }
    }),
  );
  const okCount = decoded.filter((d) => d.rgb).length;
  const tensor = new Float32Array(Math.max(1, okCount) * IMAGE_TENSOR_LENGTH);
  const outcomes: PosterOutcome[] = [];
  let slot = 0;
  for (const { file, rgb, error } of decoded) {
    if (rgb) {
      outcomes.push({ key: file.key, ok: true, colour: writeModelInput(rgb, tensor, slot++) });
    } else if (error instanceof PosterDecodeError) {
      outcomes.push({ key: file.key, ok: false, problem: error.problem, message: error.message });
    } else {
      outcomes.push({ key: file.key, ok: false, problem: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { outcomes, tensor, count: slot };
}
