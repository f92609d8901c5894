import type { RowSet } from './types.js';

/**
 * A set of matrix rows as a bitset: bit (row & 31) of word (row >>> 5). `length` is the number
 * of rows it covers (rows at or past `length` are never members); `size` is the number of
 * members (as for Set). Combinators return new bitsets; add/delete mutate in place.
 */
export class Bitset implements RowSet {
  readonly length: number;
  readonly words: Uint32Array;
  private cachedCount = -1;

  constructor(length: number, words?: Uint32Array) {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`bad bitset length ${length}`);
    this.length = length;
    const wordCount = (length + 31) >>> 5;
    if (words) {
      if (words.length !== wordCount) throw new RangeError(`expected ${wordCount} words, got ${words.length}`);
      this.words = words;
      this.clearTail();
    } else this.words = new Uint32Array(wordCount);
  }

  static empty(length: number): Bitset {
    return new Bitset(length);
  }

  static full(length: number): Bitset {
    const set = new Bitset(length);
    set.words.fill(0xffffffff);
    set.clearTail();
    return set;
  }

  static fromPredicate(length: number, predicate: (row: number) => boolean): Bitset {
    const set = new Bitset(length);
    const words = set.words;
    for (let w = 0; w < words.length; w++) {
      const base = w << 5;
      const end = Math.min(32, length - base);
      let word = 0;
      for (let b = 0; b < end; b++) if (predicate(base + b)) word |= 1 << b;
      words[w] = word >>> 0;
    }
    return set;
  }

  static fromRows(length: number, rows: Iterable<number>): Bitset {
    const set = new Bitset(length);
    for (const row of rows) set.add(row);
    return set;
  }

  /** Any RowSet as a bitset over `length` rows (a Bitset of that length is returned as is). */
  static from(set: RowSet, length: number): Bitset {
    if (set instanceof Bitset && set.length === length) return set;
    if (set instanceof Bitset) return set.resize(length);
    return Bitset.fromPredicate(length, (row) => set.has(row));
  }

  get size(): number {
    if (this.cachedCount < 0) this.cachedCount = this.count();
    return this.cachedCount;
  }

  has(row: number): boolean {
    if (!(row >= 0 && row < this.length) || (row | 0) !== row) return false;
    return ((this.words[row >>> 5]! >>> (row & 31)) & 1) === 1;
  }

  add(row: number): this {
    this.check(row);
    this.words[row >>> 5]! |= 1 << (row & 31);
    this.cachedCount = -1;
    return this;
  }

  delete(row: number): boolean {
    if (!this.has(row)) return false;
    this.words[row >>> 5]! &= ~(1 << (row & 31));
    this.cachedCount = -1;
    return true;
  }

  /** Number of members (population count). */
  count(): number {
    const words = this.words;
    let total = 0;
    for (let i = 0; i < words.length; i++) {
      let v = words[i]!;
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      total += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    return total;
  }

  and(other: Bitset): Bitset {
    const out = new Bitset(this.length);
    const a = this.words;
    const b = other.words;
    const o = out.words;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) o[i] = a[i]! & b[i]!;
    out.clearTail();
    return out;
  }

  or(other: Bitset): Bitset {
    const out = new Bitset(this.length);
    const b = other.words;
    const o = out.words;
    o.set(this.words);
    const n = Math.min(o.length, b.length);
    for (let i = 0; i < n; i++) o[i] = o[i]! | b[i]!;
    out.clearTail();
    return out;
  }

  /** Members of this set that are not in `other`. */
  andNot(other: Bitset): Bitset {
    const out = new Bitset(this.length);
    const a = this.words;
    const b = other.words;
    const o = out.words;
    o.set(a);
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) o[i] = a[i]! & ~b[i]!;
    return out;
  }

  /** The complement within [0, length). */
  not(): Bitset {
    const out = new Bitset(this.length);
    const a = this.words;
    const o = out.words;
    for (let i = 0; i < a.length; i++) o[i] = ~a[i]!;
    out.clearTail();
    return out;
  }

  /** The same members over a different number of rows (members at or past `length` dropped). */
  resize(length: number): Bitset {
    const out = new Bitset(length);
    out.words.set(this.words.subarray(0, Math.min(this.words.length, out.words.length)));
    out.clearTail();
    return out;
  }

  clone(): Bitset {
    return new Bitset(this.length, this.words.slice());
  }

  /** Calls fn for every member in increasing order (word scan, lowest set bit first). */
  forEach(fn: (row: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      const base = w << 5;
      while (word !== 0) {
        const low = word & -word;
        fn(base + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      const base = w << 5;
      while (word !== 0) {
        const low = word & -word;
        yield base + 31 - Math.clz32(low);
        word ^= low;
      }
    }
  }

  toArray(): Int32Array {
    const out = new Int32Array(this.size);
    let i = 0;
    this.forEach((row) => {
      out[i++] = row;
    });
    return out;
  }

  private check(row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.length) throw new RangeError(`row ${row} outside [0, ${this.length})`);
  }

  private clearTail(): void {
    const rem = this.length & 31;
    if (rem !== 0 && this.words.length > 0) this.words[this.words.length - 1]! &= (1 << rem) - 1;
    this.cachedCount = -1;
  }
}
