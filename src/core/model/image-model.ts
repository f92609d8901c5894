import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { EMBEDDING_OUTPUT_NAME, ensureEmbeddingOutput, ModelGraphError } from './embedding-output.js';
import onnxProto from 'onnx-proto';
import { resolveModel, type ModelLocation, type ModelSearchStep, type ModelSource, type ResolveModelOptions } from './resolve-model.js';

/** Side of the square RGB image the model takes. */
export const MODEL_IMAGE_SIZE = 224;
/** Length of the pooled MobileNetV2 feature vector. */
export const EMBEDDING_DIMS = 1280;
/** feature_vectors.space of poster embeddings. */
export const EMBEDDING_SPACE = 'mobilenetv2';

const FLOAT = 1;

export interface PreparedModel {
  readonly path: string;
  readonly source: ModelSource;
  /** sha256 of the model file as found on disk: identifies which model produced an embedding. */
  readonly sha256: string;
  readonly sizeBytes: number;
  /** What ONNX Runtime loads: the file itself, or the edited graph when `embedding` had to be added. */
  readonly bytes: Uint8Array;
  readonly embeddingOutput: 'model' | 'added';
  readonly inputName: string;
  /** A batch size fixed in the model's input shape (e.g. 1), or null when any batch size works. */
  readonly fixedBatchSize: number | null;
}

/** A model file that exists but cannot be used; the message says why and what to do. */
export class InvalidModelError extends Error {
  constructor(
    message: string,
    readonly modelPath: string,
  ) {
    super(message);
    this.name = 'InvalidModelError';
  }
}

function invalid(file: string, why: string): InvalidModelError {
  return new InvalidModelError(
    `The image model ${file} cannot be used: ${why} ` +
      'Use a MobileNetV2 ONNX model (mobilenetv2-int8.onnx from "npm run setup", or the ONNX Model Zoo mobilenetv2-12.onnx). ' +
      'Posters get no visual features until then; everything else keeps working.',
    file,
  );
}

function dimNumber(dim: { dimValue?: unknown } | undefined): number | null {
  const value = dim?.dimValue;
  if (value === null || value === undefined) return null;
  const n = typeof value === 'object' && value && 'toNumber' in value ? (value as { toNumber(): number }).toNumber() : Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * Reads a model file, fingerprints it (sha256), adds the `embedding` output when the graph has
 * none (see ensureEmbeddingOutput) and checks the input is a float32 [N,3,224,224] image batch.
 * Throws InvalidModelError with a readable reason for anything else.
 */
export async function prepareModel(location: ModelLocation): Promise<PreparedModel> {
  let file: Buffer;
  try {
    file = await fs.promises.readFile(location.path);
  } catch (error) {
    throw invalid(location.path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  if (file.length === 0) throw invalid(location.path, 'the file is empty.');
  const sha256 = createHash('sha256').update(file).digest('hex');
  let edited;
  try {
    edited = ensureEmbeddingOutput(file);
  } catch (error) {
    if (error instanceof ModelGraphError) throw invalid(location.path, error.message);
    throw error;
  }
  if (edited.channels !== null && edited.channels !== EMBEDDING_DIMS)
    throw invalid(location.path, `its pooled features have ${edited.channels} values, not the ${EMBEDDING_DIMS} of MobileNetV2.`);

  // Older ONNX files also list initializers as graph inputs: the image input is the one that is not.
  const model = onnxProto.onnx.ModelProto.decode(edited.bytes);
  const initializers = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const inputs = (model.graph?.input ?? []).filter((input) => !initializers.has(input.name));
  if (inputs.length !== 1) throw invalid(location.path, `it has ${inputs.length} inputs; an image model has one.`);
  const input = inputs[0]!;
  if (!input.name) throw invalid(location.path, 'its input has no name.');
  const tensorType = input.type?.tensorType;
  const dims = tensorType?.shape?.dim ?? [];
  const fixed = dims.map((dim) => dimNumber(dim));
  if (tensorType?.elemType !== FLOAT || dims.length !== 4)
    throw invalid(location.path, `its input "${input.name}" is not a float32 [N,3,224,224] image batch.`);
  const expected = [3, MODEL_IMAGE_SIZE, MODEL_IMAGE_SIZE];
  for (let axis = 1; axis < 4; axis++) {
    const size = fixed[axis];
    if (size !== null && size !== undefined && size !== expected[axis - 1])
      throw invalid(location.path, `its input "${input.name}" has shape [${fixed.map((d) => d ?? '?').join(',')}], not [N,3,224,224].`);
  }
  return {
    path: location.path,
    source: location.source,
    sha256,
    sizeBytes: file.length,
    bytes: edited.bytes,
    embeddingOutput: edited.origin,
    inputName: input.name,
    fixedBatchSize: fixed[0] ?? null,
  };
}

export interface EmbeddingSessionOptions {
  /** ONNX Runtime intra-op threads (default 2). */
  readonly threads?: number;
  /** Let idle ORT threads spin (default false: on 2 cores spinning steals time from image decoding). */
  readonly spinning?: boolean;
}

/** An ONNX Runtime session that turns NCHW image batches into 1280-d embeddings. */
export interface EmbeddingSession {
  readonly model: PreparedModel;
  /** `count` images (count*3*224*224 floats, NCHW) in, count*1280 floats out. */
  embed(batch: Float32Array, count: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/**
 * Loads onnxruntime-node lazily, so the rest of the app works (without visual features) even
 * when the native runtime cannot load on this machine.
 */
async function loadRuntime(): Promise<typeof import('onnxruntime-node')> {
  const runtime = (await import('onnxruntime-node')) as typeof import('onnxruntime-node') & { default?: typeof import('onnxruntime-node') };
  return runtime.InferenceSession ? runtime : runtime.default!;
}

export async function createEmbeddingSession(model: PreparedModel, options: EmbeddingSessionOptions = {}): Promise<EmbeddingSession> {
  const ort = await loadRuntime();
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(model.bytes, {
      logSeverityLevel: 3,
      intraOpNumThreads: Math.max(1, options.threads ?? 2),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      extra: { session: { intra_op: { allow_spinning: options.spinning ? '1' : '0' } } },
    });
  } catch (error) {
    throw invalid(model.path, `ONNX Runtime could not load it (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`);
  }
  if (!session.outputNames.includes(EMBEDDING_OUTPUT_NAME)) {
    await session.release();
    throw invalid(model.path, `it has no "${EMBEDDING_OUTPUT_NAME}" output.`);
  }
  const imageSize = 3 * MODEL_IMAGE_SIZE * MODEL_IMAGE_SIZE;
  const runOnce = async (data: Float32Array, count: number): Promise<Float32Array> => {
    const tensor = new ort.Tensor('float32', data, [count, 3, MODEL_IMAGE_SIZE, MODEL_IMAGE_SIZE]);
    const outputs = await session.run({ [model.inputName]: tensor }, [EMBEDDING_OUTPUT_NAME]);
    const output = outputs[EMBEDDING_OUTPUT_NAME];
    if (!output) throw invalid(model.path, `it returned no "${EMBEDDING_OUTPUT_NAME}" values.`);
    const values = output.data;
    if (!(values instanceof Float32Array) || values.length !== count * EMBEDDING_DIMS)
      throw invalid(model.path, `its "${EMBEDDING_OUTPUT_NAME}" output has shape [${output.dims.join(',')}], not [${count},${EMBEDDING_DIMS}].`);
    return values;
  };
  const embed = async (batch: Float32Array, count: number): Promise<Float32Array> => {
    if (batch.length < count * imageSize) throw new RangeError(`embed: ${count} images need ${count * imageSize} floats, got ${batch.length}.`);
    const data = batch.length === count * imageSize ? batch : batch.subarray(0, count * imageSize);
    const fixed = model.fixedBatchSize;
    if (fixed === null || fixed === count) return runOnce(data, count);
    if (fixed !== 1) throw invalid(model.path, `its input only takes batches of exactly ${fixed} images.`);
    const result = new Float32Array(count * EMBEDDING_DIMS);
    for (let i = 0; i < count; i++) result.set(await runOnce(data.subarray(i * imageSize, (i + 1) * imageSize), 1), i * EMBEDDING_DIMS);
    return result;
  };
  return { model, embed, release: () => session.release() };
}

/** Whether poster visual features are available, and if not, why and what to do. */
export interface ModelStatus {
  readonly available: boolean;
  /** ready: usable; missing: no model file found; invalid: a file was found but cannot be used. */
  readonly state: 'ready' | 'missing' | 'invalid';
  readonly path: string | null;
  readonly source: ModelSource | null;
  readonly sha256: string | null;
  readonly sizeBytes: number | null;
  readonly embeddingOutput: 'model' | 'added' | null;
  /** One paragraph for people: which model is used, or what was looked for where and what to do. */
  readonly message: string;
  readonly searched: readonly ModelSearchStep[];
}

export interface ModelStatusOptions extends ResolveModelOptions {
  /** Also load the model in ONNX Runtime and run one blank image through it (default true; ~0.1-0.3 s, cached). */
  readonly verify?: boolean;
}

const verifiedCache = new Map<string, ModelStatus>();

/**
 * Finds, reads and (by default) test-runs the image model, for the UI and the CLI to show.
 * Never throws: a missing or broken model is a status with a message, and everything that
 * does not need visual features keeps working.
 */
export async function modelStatus(options: ModelStatusOptions = {}): Promise<ModelStatus> {
  const resolution = resolveModel(options);
  const base = { searched: resolution.searched };
  if (!resolution.location) {
    return {
      ...base,
      available: false,
      state: 'missing',
      path: null,
      source: null,
      sha256: null,
      sizeBytes: null,
      embeddingOutput: null,
      message: resolution.message ?? 'No image model found.',
    };
  }
  const { path: file, source } = resolution.location;
  let cacheKey: string | null = null;
  try {
    const stat = fs.statSync(file);
    cacheKey = `${file}\0${stat.size}\0${stat.mtimeMs}\0${options.verify !== false}`;
    const cached = verifiedCache.get(cacheKey);
    if (cached) return { ...cached, source, searched: resolution.searched };
  } catch {
    // resolveModel just saw the file; if it vanished since, prepareModel reports it
  }
  try {
    const model = await prepareModel(resolution.location);
    if (options.verify !== false) {
      const session = await createEmbeddingSession(model, { threads: 1 });
      try {
        await session.embed(new Float32Array(3 * MODEL_IMAGE_SIZE * MODEL_IMAGE_SIZE), 1);
      } finally {
        await session.release();
      }
    }
    const status: ModelStatus = {
      ...base,
      available: true,
      state: 'ready',
      path: file,
      source,
      sha256: model.sha256,
      sizeBytes: model.sizeBytes,
      embeddingOutput: model.embeddingOutput,
      message:
        `Image model ${path.basename(file)} (${describeSource(source)}, sha256 ${model.sha256.slice(0, 12)}…)` +
        (model.embeddingOutput === 'added' ? ': the 1280-d embedding output was added to its graph.' : '.'),
    };
    if (cacheKey) verifiedCache.set(cacheKey, status);
    return status;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, available: false, state: 'invalid', path: file, source, sha256: null, sizeBytes: null, embeddingOutput: null, message };
  }
}

export function describeSource(source: ModelSource): string {
  switch (source) {
    case 'option':
      return 'from --model';
    case 'env':
      return 'from CROSSFADE_MODEL';
    case 'setting':
      return 'from the settings';
    case 'app':
      return "in the app's models folder";
    case 'data-dir':
      return 'in the data folder';
  }
}
