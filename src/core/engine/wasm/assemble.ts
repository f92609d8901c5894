/**
 * A tiny assembler for the WebAssembly text subset that kernel.wat uses, so the kernel's binary
 * is generated from its readable source without a toolchain dependency (wabt is not a project
 * dependency). Supported:
 *
 * - `(module ...)` with `(import "m" "f" (memory min max? shared?))` and `(func ...)` fields;
 * - `(func $name (export "name")? (param $x t)* (result t)* (local $y t)* instr*)` where the
 *   body is in flat (unfolded) syntax;
 * - block/loop/if/else/end with optional `$label` (no block results), br/br_if by label or depth;
 * - local.get/set/tee by name or index; i32/f32 consts; i32/f32 loads and stores and v128.load/
 *   v128.store with `offset=` and `align=`; v128.const (i32x4 or f32x4 lanes); i8x16.shuffle;
 *   lane extraction; and the plain numeric and SIMD opcodes listed in OPCODES.
 *
 * Anything else throws, naming the token, so a typo cannot silently produce a different module.
 */

type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Opcodes without immediates: core (one byte) or SIMD (0xfd prefix + LEB128 u32). */
const OPCODES: Record<string, number[]> = {
  unreachable: [0x00],
  nop: [0x01],
  return: [0x0f],
  drop: [0x1a],
  select: [0x1b],
  'i32.eqz': [0x45],
  'i32.eq': [0x46],
  'i32.ne': [0x47],
  'i32.lt_s': [0x48],
  'i32.lt_u': [0x49],
  'i32.gt_s': [0x4a],
  'i32.gt_u': [0x4b],
  'i32.le_s': [0x4c],
  'i32.le_u': [0x4d],
  'i32.ge_s': [0x4e],
  'i32.ge_u': [0x4f],
  'f32.eq': [0x5b],
  'f32.ne': [0x5c],
  'f32.lt': [0x5d],
  'f32.gt': [0x5e],
  'f32.le': [0x5f],
  'f32.ge': [0x60],
  'i32.add': [0x6a],
  'i32.sub': [0x6b],
  'i32.mul': [0x6c],
  'i32.and': [0x71],
  'i32.or': [0x72],
  'i32.xor': [0x73],
  'i32.shl': [0x74],
  'i32.shr_s': [0x75],
  'i32.shr_u': [0x76],
  'f32.abs': [0x8b],
  'f32.neg': [0x8c],
  'f32.sqrt': [0x91],
  'f32.add': [0x92],
  'f32.sub': [0x93],
  'f32.mul': [0x94],
  'f32.div': [0x95],
  'f32.min': [0x96],
  'f32.max': [0x97],
  'f32.convert_i32_s': [0xb2],
  'f32.convert_i32_u': [0xb3],
  'i32x4.splat': simd(0x11),
  'f32x4.splat': simd(0x13),
  'i8x16.narrow_i16x8_s': simd(0x65),
  'f32x4.nearest': simd(0x6a),
  'i16x8.narrow_i32x4_s': simd(0x85),
  'i16x8.extend_low_i8x16_s': simd(0x87),
  'i16x8.extend_high_i8x16_s': simd(0x88),
  'v128.and': simd(0x4e),
  'v128.any_true': simd(0x53),
  'i32x4.ne': simd(0x38),
  'f32x4.ge': simd(0x46),
  'i32x4.add': simd(0xae),
  'i32x4.sub': simd(0xb1),
  'i32x4.dot_i16x8_s': simd(0xba),
  'f32x4.abs': simd(0xe0),
  'f32x4.add': simd(0xe4),
  'f32x4.sub': simd(0xe5),
  'f32x4.mul': simd(0xe6),
  'f32x4.min': simd(0xe8),
  'f32x4.max': simd(0xe9),
  'f32x4.pmin': simd(0xea),
  'f32x4.pmax': simd(0xeb),
  'f32x4.convert_i32x4_s': simd(0xfa),
  'i32x4.trunc_sat_f32x4_s': simd(0xf8),
};

/** Memory instructions: opcode bytes and natural alignment (log2 bytes). */
const MEMORY_OPS: Record<string, { op: number[]; align: number }> = {
  'i32.load': { op: [0x28], align: 2 },
  'f32.load': { op: [0x2a], align: 2 },
  'i32.store': { op: [0x36], align: 2 },
  'f32.store': { op: [0x38], align: 2 },
  'v128.load': { op: simd(0x00), align: 4 },
  'v128.store': { op: simd(0x0b), align: 4 },
};

/** Lane extraction: opcode bytes and lane count. */
const LANE_OPS: Record<string, { op: number[]; lanes: number }> = {
  'i32x4.extract_lane': { op: simd(0x1b), lanes: 4 },
  'f32x4.extract_lane': { op: simd(0x1f), lanes: 4 },
};

function simd(op: number): number[] {
  return [0xfd, ...uleb(op)];
}

export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new Error(`uleb: bad value ${value}`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function sleb(value: number): number[] {
  if (!Number.isInteger(value)) throw new Error(`sleb: bad value ${value}`);
  const out: number[] = [];
  let v = BigInt(value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8Name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function f32Bytes(value: number): number[] {
  const buffer = new DataView(new ArrayBuffer(4));
  buffer.setFloat32(0, value, true);
  return [0, 1, 2, 3].map((i) => buffer.getUint8(i));
}

function i32Bytes(value: number): number[] {
  const buffer = new DataView(new ArrayBuffer(4));
  buffer.setInt32(0, value | 0, true);
  return [0, 1, 2, 3].map((i) => buffer.getUint8(i));
}

// ---------------------------------------------------------------------------------------------
// S-expressions

type SExpr = string | SExpr[];

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ';' && source[i + 1] === ';') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '(' && source[i + 1] === ';') {
      const close = source.indexOf(';)', i + 2);
      if (close < 0) throw new Error('unterminated block comment');
      i = close + 2;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      const close = source.indexOf('"', i + 1);
      if (close < 0) throw new Error('unterminated string');
      tokens.push(source.slice(i, close + 1));
      i = close + 1;
    } else {
      let j = i;
      while (j < source.length && !/[\s()]/.test(source[j]!) && !(source[j] === ';' && source[j + 1] === ';')) j++;
      tokens.push(source.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

function parse(tokens: string[]): SExpr {
  let pos = 0;
  function next(): SExpr {
    const token = tokens[pos++];
    if (token === undefined) throw new Error('unexpected end of input');
    if (token === ')') throw new Error('unexpected )');
    if (token !== '(') return token;
    const list: SExpr[] = [];
    while (tokens[pos] !== ')') {
      if (pos >= tokens.length) throw new Error('missing )');
      list.push(next());
    }
    pos++;
    return list;
  }
  const expr = next();
  if (pos !== tokens.length) throw new Error(`trailing tokens after the module: ${tokens[pos]}`);
  return expr;
}

function unquote(token: SExpr | undefined): string {
  if (typeof token !== 'string' || !token.startsWith('"')) throw new Error(`expected a string, got ${JSON.stringify(token)}`);
  return token.slice(1, -1);
}

function valType(token: SExpr | undefined): ValType {
  if (typeof token === 'string' && token in VALTYPE) return token as ValType;
  throw new Error(`expected a value type, got ${JSON.stringify(token)}`);
}

function parseInteger(token: string | undefined): number {
  if (token === undefined) throw new Error('expected an integer');
  const clean = token.replace(/_/g, '');
  const negative = clean.startsWith('-');
  const body = negative || clean.startsWith('+') ? clean.slice(1) : clean;
  const value = body.startsWith('0x') ? parseInt(body.slice(2), 16) : /^\d+$/.test(body) ? parseInt(body, 10) : NaN;
  if (!Number.isFinite(value)) throw new Error(`bad integer ${token}`);
  return negative ? -value : value;
}

function parseFloatToken(token: string | undefined): number {
  if (token === undefined) throw new Error('expected a number');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(token)) throw new Error(`bad float ${token} (use decimal notation)`);
  return Number(token);
}

// ---------------------------------------------------------------------------------------------
// Functions

interface FuncIR {
  readonly name: string | undefined;
  readonly exportName: string | undefined;
  readonly params: ValType[];
  readonly results: ValType[];
  readonly locals: ValType[];
  readonly body: number[];
}

function assembleFunc(fields: SExpr[]): FuncIR {
  let name: string | undefined;
  let exportName: string | undefined;
  const params: ValType[] = [];
  const results: ValType[] = [];
  const locals: ValType[] = [];
  const localIndex = new Map<string, number>();
  let i = 1;
  if (typeof fields[i] === 'string' && (fields[i] as string).startsWith('$')) name = fields[i++] as string;
  const instrs: string[] = [];
  for (; i < fields.length; i++) {
    const field = fields[i]!;
    if (typeof field === 'string') {
      instrs.push(field);
      continue;
    }
    if (instrs.length > 0) throw new Error(`folded expressions are not supported: (${field.join(' ')})`);
    const head = field[0];
    if (head === 'export') exportName = unquote(field[1]);
    else if (head === 'param' || head === 'local') {
      const list = head === 'param' ? params : locals;
      const rest = field.slice(1);
      if (typeof rest[0] === 'string' && rest[0].startsWith('$')) {
        localIndex.set(rest[0], params.length + (head === 'local' ? locals.length : 0));
        if (head === 'param' && locals.length > 0) throw new Error('params must come before locals');
        list.push(valType(rest[1]));
      } else {
        for (const t of rest) list.push(valType(t));
      }
    } else if (head === 'result') {
      for (const t of field.slice(1)) results.push(valType(t));
    } else throw new Error(`unsupported func field ${JSON.stringify(head)}`);
  }

  const body: number[] = [];
  const labels: (string | null)[] = []; // innermost last
  let pos = 0;
  const take = (): string => {
    const token = instrs[pos++];
    if (token === undefined) throw new Error(`unexpected end of ${name ?? 'function'}`);
    return token;
  };
  const peek = (): string | undefined => instrs[pos];
  const localRef = (token: string): number => {
    if (token.startsWith('$')) {
      const index = localIndex.get(token);
      if (index === undefined) throw new Error(`unknown local ${token} in ${name}`);
      return index;
    }
    return parseInteger(token);
  };
  const labelDepth = (token: string): number => {
    if (!token.startsWith('$')) return parseInteger(token);
    for (let d = labels.length - 1; d >= 0; d--) if (labels[d] === token) return labels.length - 1 - d;
    throw new Error(`unknown label ${token} in ${name}`);
  };

  while (pos < instrs.length) {
    const op = take();
    if (op === 'block' || op === 'loop' || op === 'if') {
      body.push(op === 'block' ? 0x02 : op === 'loop' ? 0x03 : 0x04, 0x40);
      const label = peek();
      if (label !== undefined && label.startsWith('$')) {
        pos++;
        labels.push(label);
      } else labels.push(null);
    } else if (op === 'else') {
      body.push(0x05);
    } else if (op === 'end') {
      if (labels.length === 0) throw new Error(`unbalanced end in ${name}`);
      labels.pop();
      body.push(0x0b);
    } else if (op === 'br' || op === 'br_if') {
      body.push(op === 'br' ? 0x0c : 0x0d, ...uleb(labelDepth(take())));
    } else if (op === 'local.get' || op === 'local.set' || op === 'local.tee') {
      body.push(op === 'local.get' ? 0x20 : op === 'local.set' ? 0x21 : 0x22, ...uleb(localRef(take())));
    } else if (op === 'i32.const') {
      body.push(0x41, ...sleb(parseInteger(take()) | 0));
    } else if (op === 'f32.const') {
      body.push(0x43, ...f32Bytes(parseFloatToken(take())));
    } else if (op === 'v128.const') {
      const shape = take();
      const lanes = [take(), take(), take(), take()];
      const bytes =
        shape === 'i32x4'
          ? lanes.flatMap((t) => i32Bytes(parseInteger(t)))
          : shape === 'f32x4'
            ? lanes.flatMap((t) => f32Bytes(parseFloatToken(t)))
            : null;
      if (!bytes) throw new Error(`unsupported v128.const shape ${shape}`);
      body.push(...simd(0x0c), ...bytes);
    } else if (op === 'i8x16.shuffle') {
      const lanes: number[] = [];
      for (let l = 0; l < 16; l++) {
        const lane = parseInteger(take());
        if (lane < 0 || lane > 31) throw new Error(`shuffle lane out of range: ${lane}`);
        lanes.push(lane);
      }
      body.push(...simd(0x0d), ...lanes);
    } else if (op in LANE_OPS) {
      const { op: bytes, lanes } = LANE_OPS[op]!;
      const lane = parseInteger(take());
      if (lane < 0 || lane >= lanes) throw new Error(`lane out of range: ${op} ${lane}`);
      body.push(...bytes, lane);
    } else if (op in MEMORY_OPS) {
      const { op: bytes, align: natural } = MEMORY_OPS[op]!;
      let offset = 0;
      let align = natural;
      for (;;) {
        const next = peek();
        if (next?.startsWith('offset=')) offset = parseInteger(take().slice(7));
        else if (next?.startsWith('align=')) {
          const alignBytes = parseInteger(take().slice(6));
          align = Math.log2(alignBytes);
          if (!Number.isInteger(align) || align > natural) throw new Error(`bad alignment ${alignBytes} for ${op}`);
        } else break;
      }
      body.push(...bytes, ...uleb(align), ...uleb(offset));
    } else if (op in OPCODES) {
      body.push(...OPCODES[op]!);
    } else {
      throw new Error(`unsupported instruction ${JSON.stringify(op)} in ${name}`);
    }
  }
  if (labels.length !== 0) throw new Error(`missing end in ${name}`);
  body.push(0x0b);
  return { name, exportName, params, results, locals, body };
}

// ---------------------------------------------------------------------------------------------
// Module

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** Assembles the WAT subset described above into a WebAssembly binary. */
export function assembleWat(source: string): Uint8Array {
  const module = parse(tokenize(source));
  if (!Array.isArray(module) || module[0] !== 'module') throw new Error('expected (module ...)');

  const imports: number[][] = [];
  const funcs: FuncIR[] = [];
  for (const field of module.slice(1)) {
    if (!Array.isArray(field)) throw new Error(`unexpected module token ${field}`);
    if (field[0] === 'import') {
      const desc = field[3];
      if (!Array.isArray(desc) || desc[0] !== 'memory') throw new Error('only memory imports are supported');
      const rest = desc.slice(1).filter((t): t is string => typeof t === 'string' && !t.startsWith('$'));
      const shared = rest.includes('shared');
      const numbers = rest.filter((t) => t !== 'shared').map((t) => parseInteger(t));
      if (numbers.length < 1 || numbers.length > 2) throw new Error('memory needs min and optional max');
      if (shared && numbers.length !== 2) throw new Error('shared memory needs a max');
      const flags = (numbers.length === 2 ? 1 : 0) | (shared ? 2 : 0);
      imports.push([...utf8Name(unquote(field[1])), ...utf8Name(unquote(field[2])), 0x02, flags, ...numbers.flatMap((n) => uleb(n))]);
    } else if (field[0] === 'func') {
      funcs.push(assembleFunc(field));
    } else throw new Error(`unsupported module field ${JSON.stringify(field[0])}`);
  }

  const typeKeys: string[] = [];
  const types: number[][] = [];
  const funcTypes = funcs.map((f) => {
    const encoded = [0x60, ...vector(f.params.map((t) => [VALTYPE[t]])), ...vector(f.results.map((t) => [VALTYPE[t]]))];
    const key = encoded.join(',');
    let index = typeKeys.indexOf(key);
    if (index < 0) {
      index = typeKeys.length;
      typeKeys.push(key);
      types.push(encoded);
    }
    return index;
  });

  const exports: number[][] = [];
  funcs.forEach((f, index) => {
    if (f.exportName !== undefined) exports.push([...utf8Name(f.exportName), 0x00, ...uleb(index)]);
  });

  const codes = funcs.map((f) => {
    const runs: number[][] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      runs.push([...uleb(j - i), VALTYPE[f.locals[i]!]]);
      i = j;
    }
    const code = [...vector(runs), ...f.body];
    return [...uleb(code.length), ...code];
  });

  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...(imports.length > 0 ? section(2, vector(imports)) : []),
    ...section(3, vector(funcTypes.map((t) => uleb(t)))),
    ...(exports.length > 0 ? section(7, vector(exports)) : []),
    ...section(10, vector(codes)),
  ];
  return Uint8Array.from(bytes);
}
