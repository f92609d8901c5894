import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { EMBEDDING_OUTPUT_NAME, ensureEmbeddingOutput, graphOutputNames, ModelGraphError } from './embedding-output.js';
import { appRootDir } from './resolve-model.js';
import { buildTinyModel, type TinyModelOptions } from './test-models.js';

const { onnx } = onnxProto;

async function run(bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3, intraOpNumThreads: 1 });
  try {
    return await session.run({ input: new ort.Tensor('float32', input, dims) });
  } finally {
    await session.release();
  }
}

/** Mean over H and W of an NCHW tensor: the values a global average pooling must produce. */
function spatialMeans(data: Float32Array, [n, c, h, w]: number[]): number[] {
  const means: number[] = [];
  for (let i = 0; i < n!; i++)
    for (let ch = 0; ch < c!; ch++) {
      let sum = 0;
      const offset = (i * c! + ch) * h! * w!;
      for (let p = 0; p < h! * w!; p++) sum += data[offset + p]!;
      means.push(sum / (h! * w!));
    }
  return means;
}

function randomInput(length: number, seed = 3): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 4 - 2;
  });
}

describe('ensureEmbeddingOutput on a tiny self-built graph', () => {
  const cases: [string, TinyModelOptions][] = [
    ['Identity -> GlobalAveragePool -> Flatten -> Gemm', { features: 'Identity', pooling: 'GlobalAveragePool', channels: 6, classes: 4, imageSize: 5 }],
    [
      'Identity -> ReduceMean(axes attribute, opset 13) -> Flatten -> Gemm',
      { features: 'Identity', pooling: 'ReduceMean', channels: 6, classes: 4, imageSize: 5 },
    ],
    [
      'Identity -> ReduceMean(axes input, opset 18) -> Flatten -> Gemm',
      { features: 'Identity', pooling: 'ReduceMean', channels: 6, classes: 4, imageSize: 5, opset: 18 },
    ],
  ];

  it.each(cases)('%s: adds `embedding` equal to the pooled values, logits unchanged', async (_name, options) => {
    const tiny = buildTinyModel(options);
    const dims = [2, options.channels, options.imageSize, options.imageSize];
    const input = randomInput(dims.reduce((a, b) => a * b, 1));

    const before = await run(tiny.bytes, input, dims);
    expect(Object.keys(before)).toEqual(['logits']);

    const edited = ensureEmbeddingOutput(tiny.bytes);
    expect(edited.origin).toBe('added');
    expect(edited.pooledBy?.opType).toBe(options.pooling);
    expect(edited.channels).toBe(options.channels);
    expect(graphOutputNames(edited.bytes)).toEqual(['logits', EMBEDDING_OUTPUT_NAME]);

    const after = await run(edited.bytes, input, dims);
    expect(after.embedding!.dims).toEqual([2, options.channels]);
    const expected = spatialMeans(input, dims);
    const actual = [...(after.embedding!.data as Float32Array)];
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
    expect([...(after.logits!.data as Float32Array)]).toEqual([...(before.logits!.data as Float32Array)]);
  });

  it('Conv -> GlobalAveragePool: the embedding is the pooled convolution output (W·mean(x) + b)', async () => {
    const tiny = buildTinyModel({ features: 'Conv', pooling: 'GlobalAveragePool', channels: 8, classes: 3, imageSize: 4 });
    const dims = [1, 3, 4, 4];
    const input = randomInput(48, 11);
    const edited = ensureEmbeddingOutput(tiny.bytes);
    const after = await run(edited.bytes, input, dims);
    const inputMeans = spatialMeans(input, dims);
    const embedding = after.embedding!.data as Float32Array;
    for (let c = 0; c < 8; c++) {
      let expected = tiny.convBias![c]!;
      for (let k = 0; k < 3; k++) expected += tiny.convWeight![c * 3 + k]! * inputMeans[k]!;
      expect(embedding[c]).toBeCloseTo(expected, 5);
    }
  });

  it('leaves a model that already has `embedding` untouched', () => {
    const tiny = buildTinyModel({ features: 'Identity', pooling: 'GlobalAveragePool', channels: 4, classes: 2, imageSize: 3, withEmbedding: true });
    const result = ensureEmbeddingOutput(tiny.bytes);
    expect(result.origin).toBe('model');
    expect(result.bytes).toBe(tiny.bytes);
    expect(result.channels).toBe(4);
  });

  it('explains what is wrong with a graph without pooling, and with bytes that are not ONNX', () => {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'no-pool',
        node: [{ opType: 'Identity', input: ['input'], output: ['out'] }],
        input: [{ name: 'input', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }] } } } }],
        output: [{ name: 'out', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }] } } } }],
      },
    });
    expect(() => ensureEmbeddingOutput(onnx.ModelProto.encode(model).finish())).toThrow(/no GlobalAveragePool .*MobileNetV2/);
    expect(() => ensureEmbeddingOutput(new TextEncoder().encode('this is a text file, not a model'))).toThrow(ModelGraphError);
    expect(() => ensureEmbeddingOutput(new Uint8Array(0))).toThrow(/not an ONNX model/);
  });
});

const realModel = path.join(appRootDir() ?? '.', 'models', 'mobilenetv2-int8.onnx');

describe.skipIf(!fs.existsSync(realModel))('ensureEmbeddingOutput on the shared int8 MobileNetV2', () => {
  it('re-adds a removed `embedding` output that matches the original one', async () => {
    const original = fs.readFileSync(realModel);
    const model = onnx.ModelProto.decode(original);
    const graph = model.graph!;
    graph.output = (graph.output ?? []).filter((o) => o.name !== EMBEDDING_OUTPUT_NAME);
    graph.node = (graph.node ?? []).filter((n) => !(n.output ?? []).includes(EMBEDDING_OUTPUT_NAME));
    const stripped = onnx.ModelProto.encode(model).finish();
    expect(graphOutputNames(stripped)).toEqual(['logits']);

    const edited = ensureEmbeddingOutput(stripped);
    expect(edited.origin).toBe('added');
    expect(edited.pooledBy).toMatchObject({ opType: 'GlobalAveragePool', tensor: '/GlobalAveragePool_output_0' });
    expect(edited.channels).toBe(1280);

    const input = randomInput(3 * 224 * 224, 5).map((v) => v / 2);
    const dims = [1, 3, 224, 224];
    const [reference, rebuilt] = [await run(original, input, dims), await run(edited.bytes, input, dims)];
    expect(rebuilt.embedding!.dims).toEqual([1, 1280]);
    const a = reference.embedding!.data as Float32Array;
    const b = rebuilt.embedding!.data as Float32Array;
    let maxDifference = 0;
    for (let i = 0; i < a.length; i++) maxDifference = Math.max(maxDifference, Math.abs(a[i]! - b[i]!));
    expect(maxDifference).toBeLessThan(1e-4);
  });
});
