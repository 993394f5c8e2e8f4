/**
 * Fixed-base scalar multiplication on BN254 G1 and G2 with ffjavascript's WebAssembly field arithmetic.
 *
 * Every point of a development ptau or zkey is `s · G` for a generator G and a scalar s that is cheap to
 * compute once τ, α, β, γ, δ are known. With a table of `d · 2^(16j) · G` for 16 windows of 16 bits, one
 * multiplication is at most 15 additions and no doublings. The additions are done in affine
 * coordinates, a whole batch of points at a time, sharing one field inversion (Montgomery's trick):
 * about 6 field multiplications per addition instead of 11 for a mixed Jacobian addition, and the
 * results are already affine — the exact "LEM" layout (Montgomery form, little-endian x then y) that
 * snarkjs stores in .ptau and .zkey files, so they are copied out as they are.
 *
 * Runs single-threaded inside one process; the point pool forks one process per core.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { buildBn128 } from "ffjavascript";
import { batchAddPlugin } from "./batchAddPlugin.js";
import type { ScalarRecipe } from "./scalars.js";
import { fillScalars } from "./wasmScalars.js";

export type Group = "G1" | "G2";

/** Bits per window; the tables hold every digit of every window. */
export const WINDOW_BITS = 16;
export const WINDOWS = 16;
const DIGITS = 1 << WINDOW_BITS;

/** Bytes of one affine point in snarkjs' LEM layout. */
export const POINT_BYTES: Record<Group, number> = { G1: 64, G2: 128 };
export const SCALAR_BYTES = 32;

/** Bytes of the complete window table of one group. */
export function tableBytes(group: Group): number {
  return WINDOWS * DIGITS * POINT_BYTES[group];
}

interface WasmExports {
  [name: string]: (...args: number[]) => number;
}

interface ThreadManager {
  instance: { exports: WasmExports };
  memory: WebAssembly.Memory;
  u8: Uint8Array;
  u32: Uint32Array;
  pG1gen: number;
  pG2gen: number;
}

interface GroupOps {
  pointBytes: number;
  batchAdd: (pTriples: number, n: number, pDx: number, pInv: number, pNorm: number) => number;
  toAffine: (pJacobian: number, pAffine: number) => number;
  double: (pJacobian: number, pOut: number) => number;
  pGen: number;
}

/**
 * A WebAssembly instance with room for both window tables and a batch of work. Create it with
 * `createFixedBase`; it owns the memory of ffjavascript's single-threaded bn128 instance.
 */
export class FixedBase {
  readonly #tm: ThreadManager;
  readonly #ex: WasmExports;
  readonly #ops: Record<Group, GroupOps>;
  readonly #table: Record<Group, number> = { G1: 0, G2: 0 };
  readonly #batch: number;
  // Work areas, sized for `batch` points of the larger group.
  readonly #pScalars: number;
  readonly #pAcc: number;
  readonly #pDx: number;
  readonly #pInv: number;
  readonly #pNorm: number;
  readonly #pTriples: number;
  readonly #triples: Int32Array;
  readonly #pTmp: number;
  readonly #p1: Int32Array;
  readonly #p2: Int32Array;
  #u8: Uint8Array;
  readonly #terminate: () => Promise<void>;

  constructor(tm: ThreadManager, batch: number, terminate: () => Promise<void>) {
    this.#tm = tm;
    this.#ex = tm.instance.exports;
    this.#batch = batch;
    this.#terminate = terminate;
    const ex = this.#ex;
    const ops = (g: Group, c: string): GroupOps => ({
      pointBytes: POINT_BYTES[g],
      batchAdd: ex[g === "G1" ? "g1b_batchAdd" : "g2b_batchAdd"]!,
      toAffine: ex[`${c}_toAffine`]!,
      double: ex[`${c}_double`]!,
      pGen: g === "G1" ? tm.pG1gen : tm.pG2gen,
    });
    this.#ops = { G1: ops("G1", "g1m"), G2: ops("G2", "g2m") };

    // One growth up front: tables, work areas, and headroom above the free pointer for the scratch
    // space that ffjavascript's own functions (batchInverse) take from there.
    const work = batch * (SCALAR_BYTES + 128 + 64 + 64 + 32 + 12) + 4096;
    const scratch = (batch + 1) * 64 + (16 << 20);
    const need = tableBytes("G1") + tableBytes("G2") + work + scratch;
    const have = tm.memory.buffer.byteLength - tm.u32[0]!;
    if (need > have) tm.memory.grow(Math.ceil((need - have) / 65536));
    this.#u8 = this.#refreshViews();
    const alloc = (n: number): number => {
      const p = (tm.u32[0]! + 63) & ~63;
      tm.u32[0] = p + n;
      return p;
    };
    this.#table.G1 = alloc(tableBytes("G1"));
    this.#table.G2 = alloc(tableBytes("G2"));
    this.#pScalars = alloc(batch * SCALAR_BYTES);
    this.#pAcc = alloc(batch * 128);
    this.#pDx = alloc(batch * 64);
    this.#pInv = alloc(batch * 64);
    this.#pNorm = alloc(batch * 32);
    this.#pTriples = alloc(batch * 12);
    this.#triples = new Int32Array(this.#u8.buffer, this.#pTriples, batch * 3);
    this.#pTmp = alloc(3 * 64);
    this.#p1 = new Int32Array(batch);
    this.#p2 = new Int32Array(batch);
  }

  #refreshViews(): Uint8Array {
    this.#tm.u8 = new Uint8Array(this.#tm.memory.buffer);
    this.#tm.u32 = new Uint32Array(this.#tm.memory.buffer);
    this.#u8 = this.#tm.u8;
    return this.#u8;
  }

  get batch(): number {
    return this.#batch;
  }

  /** The whole window table of a group, to cache it on disk. */
  tableView(group: Group): Uint8Array {
    return this.#u8.subarray(this.#table[group], this.#table[group] + tableBytes(group));
  }

  /**
   * Loads a table previously produced by `buildTable` (possibly by another process) straight from its
   * file into WebAssembly memory, without a second copy on the JavaScript heap.
   */
  loadTable(group: Group, file: string): void {
    const size = tableBytes(group);
    const fd = openSync(file, "r");
    try {
      let done = 0;
      while (done < size) {
        const n = readSync(fd, this.#u8, this.#table[group] + done, Math.min(1 << 24, size - done), done);
        if (n === 0) throw new RangeError(`${file}: table truncated at ${done} of ${size} bytes`);
        done += n;
      }
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Computes windows [from, to) of the table: entry d of window j is d · 2^(16j) · G (entry 0 unused).
   * Each window starts from its base by doublings, then fills the digits 2^k..2^(k+1)-1 as batched
   * affine additions of digits 0..2^k-1 and the entry 2^k.
   */
  buildTable(group: Group, from = 0, to = WINDOWS): void {
    const o = this.#ops[group];
    const ps = o.pointBytes;
    const pJac = this.#pTmp; // a Jacobian point: 3 coordinates
    const ex = this.#ex;
    const copyJac = ex[group === "G1" ? "g1m_copy" : "g2m_copy"]!;
    copyJac(o.pGen, pJac);
    for (let i = 0; i < WINDOW_BITS * from; i++) o.double(pJac, pJac);
    for (let j = from; j < to; j++) {
      const win = this.#table[group] + j * DIGITS * ps;
      this.#u8.fill(0, win, win + ps);
      o.toAffine(pJac, win + ps);
      for (let k = 0; k < WINDOW_BITS - 1; k++) {
        const half = 1 << k;
        // entry 2^(k+1) = 2 · entry 2^k, from the Jacobian running point
        o.double(pJac, pJac);
        const top = win + 2 * half * ps;
        o.toAffine(pJac, top);
        // entries 2^(k+1)+1 .. 2^(k+2)-1 are entries 1 .. 2^(k+1)-1 plus entry 2^(k+1)
        const n = 2 * half - 1;
        for (let done = 0; done < n; done += this.#batch) {
          const m = Math.min(this.#batch, n - done);
          for (let i = 0; i < m; i++) {
            this.#p1[i] = win + (1 + done + i) * ps;
            this.#p2[i] = top;
          }
          this.#batchAdd(group, m, (i) => top + (1 + done + i) * ps);
        }
      }
      o.double(pJac, pJac); // 2^16 · base: the next window's base
    }
  }

  /**
   * Multiplies the generator by `count` scalars (32-byte little-endian, normal form, below r) and
   * returns the affine points in LEM layout. `count` must not exceed the batch size.
   */
  multiply(group: Group, scalars: Uint8Array, count: number): Uint8Array {
    if (count > this.#batch) throw new RangeError(`batch of ${count} exceeds ${this.#batch}`);
    this.#u8.set(scalars.subarray(0, count * SCALAR_BYTES), this.#pScalars);
    return this.#multiplyLoaded(group, count);
  }

  /** Like `multiply`, with the scalars computed here from a recipe (scalars start..start+count-1). */
  multiplyRecipe(group: Group, recipe: ScalarRecipe, start: number, count: number): Uint8Array {
    if (count > this.#batch) throw new RangeError(`batch of ${count} exceeds ${this.#batch}`);
    fillScalars(
      {
        exports: this.#ex,
        memory: () => this.#u8,
        pWork: this.#pDx,
        pInv: this.#pInv,
        pTmp: this.#pTmp,
      },
      recipe,
      start,
      count,
      this.#pScalars,
    );
    return this.#multiplyLoaded(group, count);
  }

  #multiplyLoaded(group: Group, count: number): Uint8Array {
    const o = this.#ops[group];
    const ps = o.pointBytes;
    const u8 = this.#u8;
    const digits = new Uint16Array(u8.buffer, this.#pScalars, count * (SCALAR_BYTES / 2));
    const acc = this.#pAcc;
    const empty = new Uint8Array(count).fill(1);
    const table = this.#table[group];
    for (let j = 0; j < WINDOWS; j++) {
      const win = table + j * DIGITS * ps;
      let m = 0;
      for (let i = 0; i < count; i++) {
        const d = digits[i * WINDOWS + j]!;
        if (d === 0) continue;
        const entry = win + d * ps;
        if (empty[i] === 1) {
          u8.copyWithin(acc + i * ps, entry, entry + ps);
          empty[i] = 0;
        } else {
          this.#p1[m] = acc + i * ps;
          this.#p2[m] = entry;
          m++;
        }
      }
      // The accumulator is below 2^(16j) · G and the entry a multiple of 2^(16j) · G by a nonzero
      // digit, with every scalar below r: their x coordinates never coincide, so no doubling case.
      if (m > 0) this.#batchAdd(group, m, (i) => this.#p1[i]!);
    }
    for (let i = 0; i < count; i++) if (empty[i] === 1) u8.fill(0, acc + i * ps, acc + (i + 1) * ps);
    return u8.slice(acc, acc + count * ps);
  }

  /** out[i] = p1[i] + p2[i] in affine coordinates for i < m; out may alias p1. x1 ≠ x2 is required. */
  #batchAdd(group: Group, m: number, out: (i: number) => number): void {
    const triples = this.#triples;
    for (let i = 0; i < m; i++) {
      triples[3 * i] = this.#p1[i]!;
      triples[3 * i + 1] = this.#p2[i]!;
      triples[3 * i + 2] = out(i);
    }
    this.#ops[group].batchAdd(this.#pTriples, m, this.#pDx, this.#pInv, this.#pNorm);
  }

  async terminate(): Promise<void> {
    await this.#terminate();
  }
}

/** A single-threaded bn128 instance prepared for batches of up to `batch` points. */
export async function createFixedBase(batch = 1 << 14): Promise<FixedBase> {
  const curve = await buildBn128(true, batchAddPlugin);
  return new FixedBase(curve.tm as unknown as ThreadManager, batch, () => curve.terminate());
}
