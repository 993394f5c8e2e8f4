/**
 * The curve side of build/wasm/groth16.wasm (assembly/groth16/msmExports.ts, fieldExports.ts): loading,
 * the typed exports, and buffer helpers. msmWasm.ts builds the MSMs on it.
 *
 * The module's memory is shared (a SharedArrayBuffer, growable to 1 GiB): views are made after the
 * allocations of a call, since an allocation may grow memory and a grown memory has a new buffer.
 */
import { GhostError } from "../../protocol/errors.js";
import { instantiateGroth16, loadGroth16Module } from "./groth16Module.js";

/** The exports of assembly/groth16/{msmExports,fieldExports}.ts (pointers are wasm32 addresses: `>>> 0`). */
export interface CurveExports {
  memory: WebAssembly.Memory;
  msmAlloc(bytes: number): number;
  msmFree(ptr: number): void;
  threadScratchBytes(): number;
  setThreadScratch(ptr: number): void;
  g1FromFfjs(dst: number, src: number, n: number): void;
  g2FromFfjs(dst: number, src: number, n: number): void;
  affineToFfjs(dst: number, src: number, coords: number): void;
  msmG1(out: number, bases: number, scalars: number, n: number, windowBits: number, glv: number): void;
  msmG2(out: number, bases: number, scalars: number, n: number, windowBits: number, glv: number): void;
  glvSplit(out: number, k: number): number;
  fieldOp(degree: number, op: number, a: number, b: number, out: number): number;
  fqBatchInverseBytes(out: number, input: number, n: number): number;
}

/** assembly/groth16/fieldExports.ts's FQ_OP_*. */
export const FieldOp = { add: 0, sub: 1, mul: 2, sqr: 3, neg: 4, inv: 5 } as const;
export type FieldOp = (typeof FieldOp)[keyof typeof FieldOp];

/** Bytes of one Fq element in the module's own form (9 × u32 limbs) and in ffjavascript's (32). */
export const FQ_LIMB_BYTES = 36;
export const FFJS_FQ_BYTES = 32;

/** One instance of groth16.wasm (its own memory) with allocation helpers. */
export class CurveInstance {
  readonly x: CurveExports;

  constructor(module: WebAssembly.Module = loadGroth16Module()) {
    this.x = instantiateGroth16(module).exports as unknown as CurveExports;
    if (typeof this.x.msmG1 !== "function") {
      throw new GhostError("WASM_NOT_BUILT", "the Groth16 WebAssembly module has no MSM exports");
    }
  }

  /** A block of `bytes` bytes (give it back with free, most recent first). */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes >= 2 ** 31) {
      throw new GhostError("WASM_BAD_ARGUMENT", `cannot allocate ${bytes} bytes`);
    }
    const ptr = this.x.msmAlloc(bytes) >>> 0;
    if (ptr === 0) throw new GhostError("WASM_BAD_ARGUMENT", `cannot allocate ${bytes} bytes`);
    return ptr;
  }

  free(ptr: number): void {
    this.x.msmFree(ptr);
  }

  /** A view of memory at ptr (make it after the allocations of a step). */
  bytes(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.x.memory.buffer, ptr, length);
  }

  /** Copies `data` into a fresh block; returns its address. */
  put(data: Uint8Array): number {
    const ptr = this.alloc(data.length);
    this.bytes(ptr, data.length).set(data);
    return ptr;
  }

  /** A copy (not a view) of memory at ptr. */
  get(ptr: number, length: number): Uint8Array {
    return this.bytes(ptr, length).slice();
  }
}

let shared: CurveInstance | undefined;

/** The process-wide instance used by msmG1 / msmG2 and the field helpers. */
export function sharedCurveInstance(): CurveInstance {
  shared ??= new CurveInstance();
  return shared;
}

/**
 * out = a (op) b over Fq (degree 1, 32-byte operands) or Fq2 (degree 2, c0 ‖ c1, 64 bytes), canonical
 * little-endian bytes; for tests and tools. Throws on an operand ≥ q or the inverse of zero.
 */
export function fieldOpWasm(degree: 1 | 2, op: FieldOp, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const inst = sharedCurveInstance();
  const size = 32 * degree;
  const pa = inst.put(a);
  const pb = inst.put(b ?? new Uint8Array(size));
  const out = inst.alloc(size);
  const status = inst.x.fieldOp(degree, op, pa, pb, out);
  const result = inst.get(out, size);
  inst.free(out);
  inst.free(pb);
  inst.free(pa);
  if (status !== 0) throw new GhostError("WASM_BAD_ARGUMENT", `fieldOp(${degree}, ${op}) returned ${status}`);
  return result;
}

/** Inverses of n canonical Fq elements (32 bytes each; zero gives zero) with one field inversion. */
export function fqBatchInverseWasm(elements: Uint8Array): Uint8Array {
  const inst = sharedCurveInstance();
  const n = elements.length / 32;
  const input = inst.put(elements);
  const out = inst.alloc(elements.length);
  const status = inst.x.fqBatchInverseBytes(out, input, n);
  const result = inst.get(out, elements.length);
  inst.free(out);
  inst.free(input);
  if (status !== 0) throw new GhostError("FIELD_OUT_OF_RANGE", "an element is not below q");
  return result;
}

/** The module's GLV split of k (< r) as signed bigints [k1, k2], k ≡ k1 + k2·λ (mod r); for tests. */
export function glvSplitWasm(k: bigint): [bigint, bigint] {
  const inst = sharedCurveInstance();
  const kb = new Uint8Array(32);
  for (let i = 0; i < 32; i++) kb[i] = Number((k >> BigInt(8 * i)) & 0xffn);
  const pk = inst.put(kb);
  const out = inst.alloc(64);
  const signs = inst.x.glvSplit(out, pk);
  const o = inst.get(out, 64);
  inst.free(out);
  inst.free(pk);
  const read = (at: number) => {
    let v = 0n;
    for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(o[at + i]!);
    return v;
  };
  return [signs & 1 ? -read(0) : read(0), signs & 2 ? -read(32) : read(32)];
}
