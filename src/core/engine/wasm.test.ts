import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleWat, GENERATED_PATH, renderKernelModule, WAT_PATH } from '../../../scripts/build-kernel.js';
import { KERNEL_WASM } from './wasm/kernel-wasm.js';
import { Storage, quantizeRowsJs } from './storage.js';
import { rng } from './test-helpers.js';
import { exactDot } from './exact.js';

describe('kernel binary', () => {
  it('kernel-wasm.ts is what wabt assembles from kernel.wat', async () => {
    const bytes = await assembleWat(fs.readFileSync(WAT_PATH, 'utf8'));
    expect(fs.readFileSync(GENERATED_PATH, 'utf8')).toBe(renderKernelModule(bytes));
    expect(Array.from(KERNEL_WASM)).toEqual(Array.from(bytes));
    expect(WebAssembly.validate(KERNEL_WASM)).toBe(true);
  });

  it('reports a bad kernel with its line and column', async () => {
    await expect(assembleWat('(module\n  (func i32.frobnicate))')).rejects.toThrow(/kernel\.wat:2:\d+/);
    await expect(assembleWat('(module (func (br $nowhere)))')).rejects.toThrow(/nowhere/);
  });
});

describe('dots kernel', () => {
  for (const dims of [16, 48, 96, 256]) {
    it(`computes exact integer dot products, skipping groups with no allowed row (dims ${dims})`, () => {
      const n = 203;
      const storage = Storage.allocate(dims, n);
      const { int8, allow, out } = storage.views;
      const queryI16 = storage.views.queries[0]!.i16;
      const random = rng(dims);
      for (let i = 0; i < n * dims; i++) int8[i] = Math.floor(random() * 255) - 127;
      for (let j = 0; j < dims; j++) queryI16[j] = Math.floor(random() * 65535) - 32767;
      // extremes: the largest possible magnitudes
      int8.fill(127, 0, dims);
      int8.fill(-127, dims, 2 * dims);
      for (let j = 0; j < dims; j++) queryI16[j] = j % 3 === 0 ? 32767 : queryI16[j]!;
      const expected = (r: number): number => {
        let s = 0;
        for (let j = 0; j < dims; j++) s += int8[r * dims + j]! * queryI16[j]!;
        return s;
      };
      const l = storage.layout;
      for (const [start, end] of [
        [0, n],
        [4, 97],
        [64, 65],
        [200, 203],
      ] as const) {
        out.fill(0x12345678);
        storage.kernel.dots(l.queryI16, l.int8, l.stride, start, end, 0, l.out);
        for (let r = start; r < end; r++) expect(out[r]).toBe(expected(r));
        if (start > 0) expect(out[start - 1]).toBe(0x12345678);
      }
      // allow bitset: rows 8..11 all excluded -> that group is skipped
      allow.fill(0);
      const allowed = new Set<number>();
      for (let r = 0; r < n; r++) if (random() < 0.4 && (r < 8 || r > 11)) allowed.add(r);
      for (const r of allowed) allow[r >>> 5]! |= 1 << (r & 31);
      out.fill(0x12345678);
      storage.kernel.dots(l.queryI16, l.int8, l.stride, 0, n, l.allow, l.out);
      for (const r of allowed) expect(out[r]).toBe(expected(r));
      for (let r = 8; r < 12; r++) expect(out[r]).toBe(0x12345678);
    });
  }
});

describe('quantize kernel', () => {
  for (const dims of [16, 96, 256, 40]) {
    it(`bounds the residuals and the l1 norm it stores (dims ${dims})`, () => {
      const n = 150;
      const storage = Storage.allocate(dims, n);
      const { floats } = storage.views;
      const random = rng(dims + 100);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < dims; j++) {
          const kind = r % 5;
          floats[r * dims + j] =
            kind === 0 ? 0 : kind === 1 ? (j === 3 ? 0.8 : (random() - 0.5) * 1e-3) : kind === 2 ? 1e-39 * (random() - 0.5) : (random() - 0.5) * 2;
        }
      }
      storage.count = n;
      storage.quantizeRows(0, n);
      const { int8, scales, l1s, exs, segs } = storage.views;
      const { stride, capacity, segments } = storage.layout;
      for (let r = 0; r < n; r++) {
        let mx = 0;
        let l1 = 0;
        let residual = 0;
        const squares = new Array<number>(segments).fill(0);
        for (let j = 0; j < dims; j++) {
          const x = floats[r * dims + j]!;
          mx = Math.max(mx, Math.abs(x));
          l1 += Math.abs(x);
          const q = int8[r * stride + j]!;
          expect(Math.abs(q)).toBeLessThanOrEqual(127);
          residual = Math.max(residual, Math.abs(x - scales[r]! * q));
          squares[j >>> 4]! += (x - scales[r]! * q) ** 2;
        }
        for (let j = dims; j < stride; j++) expect(int8[r * stride + j]).toBe(0);
        expect(exs[r]!).toBeGreaterThanOrEqual(residual);
        expect(l1s[r]!).toBeGreaterThanOrEqual(l1);
        for (let segment = 0; segment < segments; segment++) {
          const norm = Math.sqrt(squares[segment]!);
          const stored = segs[segment * capacity + r]!;
          expect(stored).toBeGreaterThanOrEqual(norm);
          // at most 4 (= sqrt 16) times the largest residual, plus the widening
          expect(stored).toBeLessThanOrEqual(4 * exs[r]! * (1 + 1e-5) + mx * 2 ** -18 + 2 ** -69);
        }
        if (mx > 1e-30) {
          expect(scales[r]).toBe(Math.fround(mx / 127));
          // at most a/2 plus the widening by max * 2^-22 (= 127 a 2^-22 ~ 3e-5 a)
          expect(exs[r]!).toBeLessThanOrEqual(scales[r]! * (0.5 + 4e-5));
        }
        if (mx === 0) expect([scales[r], exs[r], l1s[r]]).toEqual([0, 0, 0]);
      }
    });
  }

  it('agrees with the double-precision quantiser up to rounding ties', () => {
    const dims = 96;
    const n = 64;
    const a = Storage.allocate(dims, n);
    const b = Storage.allocate(dims, n);
    const random = rng(5);
    for (let i = 0; i < n * dims; i++) a.views.floats[i] = b.views.floats[i] = random() - 0.5;
    a.quantizeRows(0, n);
    quantizeRowsJs(b.views, b.layout, 0, n);
    let differ = 0;
    for (let i = 0; i < n * dims; i++) {
      const d = Math.abs(a.views.int8[i]! - b.views.int8[i]!);
      expect(d).toBeLessThanOrEqual(1);
      differ += d;
    }
    expect(differ).toBeLessThan(n * dims * 0.01);
    expect(Array.from(a.views.scales.subarray(0, n))).toEqual(Array.from(b.views.scales.subarray(0, n)));
    // The segment norms agree but for the kernel's f32 rounding and widening (where the segment's int8 values agree).
    for (let segment = 0; segment < a.layout.segments; segment++)
      for (let r = 0; r < n; r++) {
        const columns = (storage: Storage) => Array.from(storage.views.int8.subarray(r * dims + segment * 16, r * dims + segment * 16 + 16));
        if (columns(a).join() !== columns(b).join()) continue;
        const at = segment * a.layout.capacity + r;
        expect(Math.abs(a.views.segs[at]! - b.views.segs[at]!)).toBeLessThanOrEqual(1e-4 * b.views.segs[at]! + 127 * a.views.scales[r]! * 2 ** -18);
      }
  });
});

describe('exact kernel', () => {
  for (const dims of [16, 40, 112, 13, 3]) {
    it(`gives exactDot's float32 score bit for bit, for listed rows in any order (dims ${dims})`, () => {
      const n = 300;
      const storage = Storage.allocate(dims, n);
      const { floats } = storage.views;
      const queryF32 = storage.views.queries[0]!.f32;
      const random = rng(dims + 7);
      // Magnitudes from 1e-30 to 1e4 with both signs, so the order of the double additions
      // decides the last bits (a different order would round differently somewhere).
      const value = () => (random() < 0.5 ? -1 : 1) * random() * 10 ** Math.floor(random() * 34 - 30);
      for (let i = 0; i < n * dims; i++) floats[i] = value();
      for (let j = 0; j < dims; j++) queryF32[j] = value();
      floats.fill(0, 5 * dims, 6 * dims); // a zero row
      floats[7 * dims] = -0;
      const l = storage.layout;
      const listed = Int32Array.from({ length: 257 }, () => Math.floor(random() * n));
      const rowsAt = l.cand;
      const outAt = l.cand + listed.length * 4;
      new Int32Array(storage.memory.buffer, rowsAt, listed.length).set(listed);
      storage.kernel.exact(l.queryF32, l.floats, dims, rowsAt, listed.length, outAt);
      const out = new Float32Array(storage.memory.buffer, outAt, listed.length);
      const query = queryF32.slice(0, dims);
      for (let i = 0; i < listed.length; i++) expect(Object.is(out[i], exactDot(floats, listed[i]! * dims, query, dims))).toBe(true);
      storage.kernel.exact(l.queryF32, l.floats, dims, rowsAt, 0, outAt); // an empty list writes nothing
    });
  }
});
