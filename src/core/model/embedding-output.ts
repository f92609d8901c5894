import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

// onnx-proto is CommonJS (protobufjs static code): take the namespace from the default export.
const { onnx } = onnxProto;
type ModelProto = Onnx.ModelProto;
type NodeProto = Onnx.INodeProto;
type GraphProto = Onnx.IGraphProto;
type TensorProto = Onnx.ITensorProto;

/** The graph output holding the 1280-d global-average-pooled MobileNetV2 features. */
export const EMBEDDING_OUTPUT_NAME = 'embedding';

const FLOAT = 1; // onnx.TensorProto.DataType.FLOAT
const INT64 = 7; // onnx.TensorProto.DataType.INT64

/** Thrown when the bytes are not an ONNX model, or the graph has no pooled features to expose. */
export class ModelGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelGraphError';
  }
}

export interface EmbeddingOutputResult {
  /** The model to load: the input bytes when the model already had `embedding`, else the edited graph. */
  readonly bytes: Uint8Array;
  /** 'model' when the model already had an `embedding` output, 'added' when this function added it. */
  readonly origin: 'model' | 'added';
  /** The pooling node the output was taken from (when added). */
  readonly pooledBy: { readonly opType: 'GlobalAveragePool' | 'ReduceMean'; readonly nodeName: string; readonly tensor: string } | null;
  /** Channels of the pooled tensor when the graph says (1280 for MobileNetV2), else null. */
  readonly channels: number | null;
}

/** Long values from protobufjs (64-bit ints) or plain numbers, as numbers. */
function num(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') return (value.toNumber as () => number)();
  return Number(value);
}

function decodeModel(bytes: Uint8Array): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ModelGraphError(`This file is not an ONNX model (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!model.graph || (model.graph.node ?? []).length === 0 || (model.graph.input ?? []).length === 0)
    throw new ModelGraphError('This file is not an ONNX model (it has no graph, nodes or inputs).');
  return model;
}

/** Names of the graph's outputs. */
export function graphOutputNames(bytes: Uint8Array): string[] {
  return (decodeModel(bytes).graph?.output ?? []).map((output) => output.name ?? '');
}

/** Ops a classifier head may put between the pooling and the fully connected layer. */
const PASS_THROUGH = new Set(['QuantizeLinear', 'DequantizeLinear', 'Flatten', 'Reshape', 'Squeeze', 'Dropout', 'Identity', 'Cast']);
const CLASSIFIER = new Set(['Gemm', 'MatMul']);

function intsAttribute(node: NodeProto, name: string): number[] | null {
  const attribute = (node.attribute ?? []).find((a) => a.name === name);
  return attribute ? (attribute.ints ?? []).map((v) => num(v) ?? NaN) : null;
}

/** The int64 values of an initializer (raw little-endian bytes or int64_data). */
function int64Values(tensor: TensorProto): number[] {
  if (tensor.rawData && tensor.rawData.length > 0) {
    const raw = tensor.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const values: number[] = [];
    for (let offset = 0; offset + 8 <= raw.byteLength; offset += 8) values.push(Number(view.getBigInt64(offset, true)));
    return values;
  }
  return (tensor.int64Data ?? []).map((v) => num(v) ?? NaN);
}

/** ReduceMean over the spatial axes (2,3) of an NCHW tensor: attribute `axes` (opset < 18) or a constant second input. */
function isSpatialReduceMean(node: NodeProto, initializers: Map<string, TensorProto>): boolean {
  let axes = intsAttribute(node, 'axes');
  const axesInput = node.input?.[1];
  if (!axes && axesInput) {
    const tensor = initializers.get(axesInput);
    if (!tensor || tensor.dataType !== INT64) return false;
    axes = int64Values(tensor);
  }
  if (!axes) return false;
  const normalised = axes.map((axis) => (axis < 0 ? axis + 4 : axis)).sort();
  return normalised.length === 2 && normalised[0] === 2 && normalised[1] === 3;
}

/** Follows the pooled tensor downstream through reshapes/quantization until a classifier or a graph output. */
function feedsClassifier(tensor: string, consumers: Map<string, NodeProto[]>, outputs: Set<string>, depth = 0): boolean {
  if (depth > 12) return false;
  if (outputs.has(tensor)) return true;
  for (const node of consumers.get(tensor) ?? []) {
    if (CLASSIFIER.has(node.opType ?? '')) return true;
    if (PASS_THROUGH.has(node.opType ?? '') && node.input?.[0] === tensor)
      for (const output of node.output ?? []) if (feedsClassifier(output, consumers, outputs, depth + 1)) return true;
  }
  return false;
}

/** The channel count of the pooled tensor: from value_info, else from the classifier's weight shape. */
function pooledChannels(graph: GraphProto, tensor: string, consumers: Map<string, NodeProto[]>, initializers: Map<string, TensorProto>): number | null {
  const info = [...(graph.valueInfo ?? []), ...(graph.output ?? [])].find((v) => v.name === tensor);
  const fromInfo = num(info?.type?.tensorType?.shape?.dim?.[1]?.dimValue);
  if (fromInfo) return fromInfo;
  const producers = new Map<string, NodeProto>();
  for (const node of graph.node ?? []) for (const output of node.output ?? []) producers.set(output, node);
  const queue = [tensor];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const node of consumers.get(current) ?? []) {
      if (node.opType === 'Gemm' || node.opType === 'MatMul') {
        let weightName = node.input?.[1] ?? '';
        // A quantized weight reaches the Gemm through DequantizeLinear.
        const producer = producers.get(weightName);
        if (producer?.opType === 'DequantizeLinear') weightName = producer.input?.[0] ?? '';
        const weight = initializers.get(weightName);
        if (!weight?.dims || weight.dims.length !== 2) return null;
        const transB = (node.attribute ?? []).find((a) => a.name === 'transB');
        const transposed = node.opType === 'Gemm' && num(transB?.i) === 1;
        return num(weight.dims[transposed ? 1 : 0]);
      }
      if (PASS_THROUGH.has(node.opType ?? '')) queue.push(...(node.output ?? []));
    }
  }
  return null;
}

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * Makes sure the model has an `embedding` output with the globally average-pooled features.
 *
 * A model that already has one (the shared mobilenetv2-int8.onnx) is returned unchanged. Otherwise
 * (e.g. the ONNX Model Zoo's mobilenetv2-12.onnx, which only outputs 1000 logits) the graph is
 * edited: the last GlobalAveragePool, or ReduceMean over axes (2,3), whose result feeds the
 * classifier (Gemm/MatMul, possibly through Flatten/Reshape/QDQ nodes) gets a new consumer
 * `Flatten(axis=1) -> embedding`, and `embedding` [batch, C] float32 becomes a graph output.
 * Nothing else in the graph changes, so the logits are bit-for-bit the same.
 */
export function ensureEmbeddingOutput(bytes: Uint8Array): EmbeddingOutputResult {
  const model = decodeModel(bytes);
  const graph = model.graph!;
  const outputs = graph.output ?? [];
  const existing = outputs.find((output) => output.name === EMBEDDING_OUTPUT_NAME);
  if (existing) {
    const channels = num(existing.type?.tensorType?.shape?.dim?.[1]?.dimValue);
    return { bytes, origin: 'model', pooledBy: null, channels };
  }

  const nodes = graph.node ?? [];
  const initializers = new Map<string, TensorProto>();
  for (const tensor of graph.initializer ?? []) initializers.set(tensor.name ?? '', tensor);
  const consumers = new Map<string, NodeProto[]>();
  const tensorNames = new Set<string>([...(graph.input ?? []).map((i) => i.name ?? ''), ...initializers.keys()]);
  for (const node of nodes) {
    for (const input of node.input ?? []) {
      const list = consumers.get(input) ?? [];
      list.push(node);
      consumers.set(input, list);
    }
    for (const output of node.output ?? []) tensorNames.add(output);
  }
  const outputNames = new Set(outputs.map((o) => o.name ?? ''));

  let pool: { node: NodeProto; opType: 'GlobalAveragePool' | 'ReduceMean' } | null = null;
  let poolingSeen = 0;
  for (const node of nodes) {
    const domain = node.domain ?? '';
    if (domain !== '' && domain !== 'ai.onnx') continue;
    let opType: 'GlobalAveragePool' | 'ReduceMean' | null = null;
    if (node.opType === 'GlobalAveragePool') opType = 'GlobalAveragePool';
    else if (node.opType === 'ReduceMean' && isSpatialReduceMean(node, initializers)) opType = 'ReduceMean';
    if (!opType) continue;
    poolingSeen++;
    const output = node.output?.[0];
    // Graph nodes are topologically sorted: the last pooling that feeds the classifier wins.
    if (output && feedsClassifier(output, consumers, outputNames)) pool = { node, opType };
  }
  if (!pool) {
    throw new ModelGraphError(
      poolingSeen === 0
        ? 'The model has no `embedding` output and no GlobalAveragePool (or ReduceMean over height and width) to take one from: ' +
            'use a MobileNetV2 ONNX model (e.g. mobilenetv2-int8.onnx, or the ONNX Model Zoo mobilenetv2-12.onnx).'
        : 'The model has no `embedding` output, and none of its global average poolings feeds the classifier: ' +
            'use a MobileNetV2 ONNX model (e.g. mobilenetv2-int8.onnx, or the ONNX Model Zoo mobilenetv2-12.onnx).',
    );
  }
  if (tensorNames.has(EMBEDDING_OUTPUT_NAME))
    throw new ModelGraphError(`The model already has a tensor named "${EMBEDDING_OUTPUT_NAME}" that is not an output; rename it first.`);

  const pooled = pool.node.output![0]!;
  const channels = pooledChannels(graph, pooled, consumers, initializers);
  const nodeNames = new Set(nodes.map((n) => n.name ?? ''));
  graph.node = [
    ...nodes,
    onnx.NodeProto.create({
      name: uniqueName('embedding_flatten', nodeNames),
      opType: 'Flatten',
      domain: '',
      input: [pooled],
      output: [EMBEDDING_OUTPUT_NAME],
      attribute: [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 })],
    }),
  ];
  const batchDim = graph.input?.[0]?.type?.tensorType?.shape?.dim?.[0];
  const batch = batchDim?.dimParam ? { dimParam: batchDim.dimParam } : num(batchDim?.dimValue) ? { dimValue: num(batchDim?.dimValue)! } : { dimParam: 'batch' };
  graph.output = [
    ...outputs,
    onnx.ValueInfoProto.create({
      name: EMBEDDING_OUTPUT_NAME,
      type: {
        tensorType: {
          elemType: FLOAT,
          shape: { dim: [batch, channels ? { dimValue: channels } : { dimParam: 'channels' }] },
        },
      },
    }),
  ];
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    origin: 'added',
    pooledBy: { opType: pool.opType, nodeName: pool.node.name ?? '', tensor: pooled },
    channels,
  };
}
