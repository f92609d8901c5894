import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

/**
 * Tiny ONNX classifiers built in memory, shaped like MobileNetV2's head
 * (features -> global average pooling -> Flatten -> Gemm), for tests and benchmarks that must not
 * depend on the real model file.
 */

const { onnx } = onnxProto;
const FLOAT = 1;
const INT64 = 7;

export interface TinyModelOptions {
  /** The feature extractor: a strided 1x1 Conv from 3 channels, or Identity (input already has `channels`). */
  readonly features: 'Conv' | 'Identity';
  /** How the features are pooled: GlobalAveragePool, or ReduceMean over axes (2,3) with keepdims=1. */
  readonly pooling: 'GlobalAveragePool' | 'ReduceMean';
  /** Pooled channels (1280 for a MobileNetV2 stand-in). */
  readonly channels: number;
  readonly classes: number;
  /** Input height and width (224 for a MobileNetV2 stand-in). */
  readonly imageSize: number;
  /** Conv stride (Conv only), to keep big inputs cheap. */
  readonly stride?: number;
  /** Also output `embedding` (a Flatten of the pooled tensor), like the shared int8 model. */
  readonly withEmbedding?: boolean;
  /** Input/output batch dimension: a symbolic name (default 'batch') or a fixed size. */
  readonly batch?: string | number;
  readonly opset?: number;
  /** Seed for the deterministic pseudo-random weights. */
  readonly seed?: number;
}

export interface TinyModel {
  readonly bytes: Uint8Array;
  readonly inputChannels: number;
  /** Conv weights [channels, 3] and bias [channels] (Conv only). */
  readonly convWeight: Float32Array | null;
  readonly convBias: Float32Array | null;
}

function floatTensor(name: string, dims: number[], values: Float32Array): Onnx.ITensorProto {
  return { name, dataType: FLOAT, dims, rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)) };
}

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff) * 2 - 1;
  };
}

export function buildTinyModel(options: TinyModelOptions): TinyModel {
  const { channels, classes, imageSize } = options;
  const next = random(options.seed ?? 42);
  const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => next() * scale);
  const inputChannels = options.features === 'Conv' ? 3 : channels;
  const batchDim: Onnx.TensorShapeProto.IDimension = typeof options.batch === 'number' ? { dimValue: options.batch } : { dimParam: options.batch ?? 'batch' };
  const nodes: Onnx.INodeProto[] = [];
  const initializers: Onnx.ITensorProto[] = [];
  let convWeight: Float32Array | null = null;
  let convBias: Float32Array | null = null;

  if (options.features === 'Conv') {
    convWeight = fill(channels * 3, 1);
    convBias = fill(channels, 0.1);
    const stride = options.stride ?? 1;
    initializers.push(floatTensor('conv.weight', [channels, 3, 1, 1], convWeight), floatTensor('conv.bias', [channels], convBias));
    nodes.push({
      name: 'features/Conv',
      opType: 'Conv',
      input: ['input', 'conv.weight', 'conv.bias'],
      output: ['features'],
      attribute: [
        { name: 'kernel_shape', type: onnx.AttributeProto.AttributeType.INTS, ints: [1, 1] },
        { name: 'strides', type: onnx.AttributeProto.AttributeType.INTS, ints: [stride, stride] },
      ],
    });
  } else {
    nodes.push({ name: 'features/Identity', opType: 'Identity', input: ['input'], output: ['features'] });
  }

  const opset = options.opset ?? 13;
  if (options.pooling === 'GlobalAveragePool') {
    nodes.push({ name: '/GlobalAveragePool', opType: 'GlobalAveragePool', input: ['features'], output: ['pooled'] });
  } else if (opset >= 18) {
    initializers.push({ name: 'pool.axes', dataType: INT64, dims: [2], int64Data: [2, 3] });
    nodes.push({
      name: '/ReduceMean',
      opType: 'ReduceMean',
      input: ['features', 'pool.axes'],
      output: ['pooled'],
      attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
    });
  } else {
    nodes.push({
      name: '/ReduceMean',
      opType: 'ReduceMean',
      input: ['features'],
      output: ['pooled'],
      attribute: [
        { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [2, 3] },
        { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
      ],
    });
  }
  nodes.push({
    name: '/Flatten',
    opType: 'Flatten',
    input: ['pooled'],
    output: ['flat'],
    attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
  });
  initializers.push(
    floatTensor('classifier.weight', [classes, channels], fill(classes * channels, 0.5)),
    floatTensor('classifier.bias', [classes], fill(classes, 0.1)),
  );
  nodes.push({
    name: '/classifier/Gemm',
    opType: 'Gemm',
    input: ['flat', 'classifier.weight', 'classifier.bias'],
    output: ['logits'],
    attribute: [{ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
  });

  const outputs: Onnx.IValueInfoProto[] = [{ name: 'logits', type: { tensorType: { elemType: FLOAT, shape: { dim: [batchDim, { dimValue: classes }] } } } }];
  if (options.withEmbedding) {
    nodes.push({
      name: 'embedding_flatten',
      opType: 'Flatten',
      input: ['pooled'],
      output: ['embedding'],
      attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
    });
    outputs.push({ name: 'embedding', type: { tensorType: { elemType: FLOAT, shape: { dim: [batchDim, { dimValue: channels }] } } } });
  }

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'crossfade-tests',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'tiny',
      node: nodes,
      initializer: initializers,
      input: [
        {
          name: 'input',
          type: { tensorType: { elemType: FLOAT, shape: { dim: [batchDim, { dimValue: inputChannels }, { dimValue: imageSize }, { dimValue: imageSize }] } } },
        },
      ],
      output: outputs,
    },
  });
  return { bytes: onnx.ModelProto.encode(model).finish(), inputChannels, convWeight, convBias };
}

/** A MobileNetV2 stand-in: [N,3,224,224] in, `logits` [N,10] and (optionally) `embedding` [N,1280] out, fast to run. */
export function buildStandInModel(options: { withEmbedding?: boolean; seed?: number } = {}): Uint8Array {
  return buildTinyModel({
    features: 'Conv',
    pooling: 'GlobalAveragePool',
    channels: 1280,
    classes: 10,
    imageSize: 224,
    stride: 8,
    withEmbedding: options.withEmbedding ?? true,
    seed: options.seed ?? 7,
  }).bytes;
}
