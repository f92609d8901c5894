import { KERNEL_WASM } from './wasm/kernel-wasm.js';

/** The scan kernel's exports (see wasm/kernel.wat for the parameters). */
export interface Kernel {
  dots(q: number, rows: number, stride: number, start: number, end: number, allow: number, out: number): void;
  scan(
    q: number,
    rows: number,
    stride: number,
    start: number,
    end: number,
    allow: number,
    scales: number,
    l1s: number,
    exs: number,
    cand: number,
    b: number,
    ey: number,
    bl1p: number,
    threshold: number,
    /** 1: skip each group of four rows none of which is allowed; 0: compute every group (see kernel.wat). */
    skip: number,
    segs: number,
    segStride: number,
    ys: number,
  ): number;
  quantize(src: number, dst: number, dims: number, start: number, end: number, scales: number, l1s: number, exs: number, segs: number, segStride: number): void;
  /** Exact scores (exact.ts's definition, bit for bit) of `n` listed rows, as float32 into `out`. */
  exact(q: number, floats: number, dims: number, rows: number, n: number, out: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** The compiled kernel module (compiled once per thread; a Module can be posted to workers). */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(KERNEL_WASM);
  return compiled;
}

/** Instantiates the kernel over a shared memory. */
export function instantiateKernel(memory: WebAssembly.Memory, module: WebAssembly.Module = kernelModule()): Kernel {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as Kernel;
}

export const WASM_PAGE = 65536;
/** wasm32 addresses 4 GiB: 65536 pages. */
export const MAX_PAGES = 65536;
