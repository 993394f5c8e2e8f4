/**
 * EdDSA-Poseidon verification over Baby Jubjub, bit-compatible with circomlibjs `verifyPoseidon`
 * on signatures packed by its `packSignature` (the protocol's 64-byte form, docs/protocol.md):
 *
 *   bytes 0..31   R8 compressed: y little-endian, bit 255 = sign of x (x > (p−1)/2)
 *   bytes 32..63  S, 256-bit little-endian
 *
 * A signature verifies iff R8 decompresses, A is on the curve, S < l (the subgroup order), and
 * S·Base8 = R8 + (8·h)·A with h = Poseidon(R8x, R8y, Ax, Ay, msg). Decompression follows
 * circomlibjs exactly: y is read modulo p, x² = (1 − y²)/(a − d·y²) must be a non-zero square,
 * x is the root ≤ (p−1)/2 and is negated when the sign bit is set.
 *
 * The equation is checked exactly as written, per signature ("cofactorless"), never through a random
 * linear combination of many signatures: with the cofactor 8 such a combination lets small-order
 * components of two R8 values cancel, and would accept signatures that circomlibjs and the circuit
 * reject (docs/eddsa.md). Batches amortise what is shared instead: one inversion for all
 * decompressions, the fixed-base table, and the hashing.
 */
import {
  FR_BYTES,
  frBatchInverse,
  frCopy,
  frFromBytesModP,
  frInverse,
  frIsZero,
  frMul,
  frNeg,
  frSetOne,
  frSqr,
  frSub,
  frToBytes,
  u256CompareLE,
} from "../field/fr";
import { frPairJoin, frPairSplit, FR_PAIR_BYTES } from "../field/frX2";
import { frSqrtPow, frSqrtPowX2, frSqrtWith } from "../field/sqrt";
import { poseidonMont } from "../hash/poseidon";
import { poseidonMontX2 } from "../hash/poseidonX2";
import {
  affineOnCurve,
  POINT_BYTES,
  pointAdd,
  pointEq,
  pointFromAffine,
  pointMul,
  pointTimesCofactor,
} from "./babyjub";
import { POINT_PAIR_BYTES, pointSplitX2 } from "./babyjubX2";
import { base8Mul, base8MulX2 } from "./fixedBase";
import { keyTable, keyTableMul, keyTableMulX2 } from "./keyTables";
import { A_PTR, D_PTR, SUBORDER_LE } from "./generated/babyjubConstants";

export const SIGNATURE_BYTES: i32 = 64;

const Y_BYTES: usize = memory.data(32);
const ONE: usize = memory.data(FR_BYTES);
const HASH_IN: usize = memory.data(5 * FR_BYTES);
const H: usize = memory.data(FR_BYTES);
const H_LE: usize = memory.data(32);
const LEFT: usize = memory.data(POINT_BYTES);
const RIGHT: usize = memory.data(POINT_BYTES);
const R8: usize = memory.data(POINT_BYTES);
const A8: usize = memory.data(POINT_BYTES);
const Y2: usize = memory.data(FR_BYTES);
const PAIR: usize = memory.data(FR_PAIR_BYTES);

/**
 * First half of R8's decompression: y (mod p) into `y`, u = 1 − y² into `u`, v = a − d·y² into `v`.
 * Returns the sign bit.
 */
export function r8Prepare(sig: usize, y: usize, u: usize, v: usize): bool {
  memory.copy(Y_BYTES, sig, 32);
  const top = load<u8>(Y_BYTES + 31);
  store<u8>(Y_BYTES + 31, top & 0x7f);
  frFromBytesModP(y, Y_BYTES);
  frSqr(Y2, y);
  frSetOne(ONE);
  frSub(u, ONE, Y2);
  frMul(v, D_PTR, Y2);
  frSub(v, A_PTR, v);
  return (top & 0x80) != 0;
}

/**
 * Second half: x from x² = u·v⁻¹ (zero if v = 0, as circomlibjs' division gives) and w = x²'s
 * square-root exponentiation (field/sqrt.ts frSqrtPow). False if invalid.
 */
export function r8Finish(x: usize, x2: usize, w: usize, sign: bool): bool {
  if (frIsZero(x2)) return false; // circomlibjs: x2^((p−1)/2) must be 1, so x2 = 0 fails
  if (!frSqrtWith(x, x2, w)) return false;
  if (sign) frNeg(x, x);
  return true;
}

/** The checks that need no hashing: S < l and A on the curve. */
function preconditions(ax: usize, ay: usize, s: usize): bool {
  return u256CompareLE(s, SUBORDER_LE) < 0 && affineOnCurve(ax, ay);
}

/** Writes the five inputs of h = Poseidon(R8x, R8y, Ax, Ay, msg) at `to`. */
function hashInputs(to: usize, msg: usize, r8x: usize, r8y: usize, ax: usize, ay: usize): void {
  frCopy(to, r8x);
  frCopy(to + FR_BYTES, r8y);
  frCopy(to + 2 * FR_BYTES, ax);
  frCopy(to + 3 * FR_BYTES, ay);
  frCopy(to + 4 * FR_BYTES, msg);
}

/** Whether S·Base8 (left) = R8 + (8·h)·A, given right = (8·h)·A. */
function closes(left: usize, right: usize, r8x: usize, r8y: usize): bool {
  pointFromAffine(R8, r8x, r8y);
  pointAdd(right, right, R8);
  return pointEq(left, right);
}

/**
 * The verification equation S·Base8 = R8 + (8·h)·A, given h (Montgomery form) and the key's table
 * (keyTables.ts; 0 for none: a generic multiplication).
 */
function equationHolds(h: usize, r8x: usize, r8y: usize, ax: usize, ay: usize, s: usize, table: usize): bool {
  frToBytes(H_LE, h);
  base8Mul(LEFT, s);
  if (table != 0) keyTableMul(RIGHT, table, H_LE);
  else {
    pointTimesCofactor(A8, ax, ay);
    pointMul(RIGHT, A8, H_LE);
  }
  return closes(LEFT, RIGHT, r8x, r8y);
}

const H_LE_B: usize = memory.data(32);
const LEFT_B: usize = memory.data(POINT_BYTES);
const RIGHT_B: usize = memory.data(POINT_BYTES);
const PAIR_POINT: usize = memory.data(POINT_PAIR_BYTES);

/**
 * equationHolds for two signatures whose keys both have tables, their four multiplications run as
 * two pair multiplications (two-lane SIMD). Bit 0 of the result is signature A's verdict, bit 1 B's.
 */
function equationsHoldX2(
  hA: usize, r8xA: usize, r8yA: usize, sA: usize, tableA: usize,
  hB: usize, r8xB: usize, r8yB: usize, sB: usize, tableB: usize,
): i32 {
  frToBytes(H_LE, hA);
  frToBytes(H_LE_B, hB);
  base8MulX2(PAIR_POINT, sA, sB);
  pointSplitX2(LEFT, LEFT_B, PAIR_POINT);
  keyTableMulX2(PAIR_POINT, tableA, H_LE, tableB, H_LE_B);
  pointSplitX2(RIGHT, RIGHT_B, PAIR_POINT);
  const a = closes(LEFT, RIGHT, r8xA, r8yA) ? 1 : 0;
  const b = closes(LEFT_B, RIGHT_B, r8xB, r8yB) ? 2 : 0;
  return a | b;
}

/**
 * The rest of verification once R8 = (r8x, r8y) is known (all Montgomery form): A on the curve,
 * S < l, and S·Base8 = R8 + (8·h)·A.
 */
export function eddsaCheck(msg: usize, r8x: usize, r8y: usize, ax: usize, ay: usize, s: usize): bool {
  if (!preconditions(ax, ay, s)) return false;
  hashInputs(HASH_IN, msg, r8x, r8y, ax, ay);
  poseidonMont(H, HASH_IN, 5);
  return equationHolds(H, r8x, r8y, ax, ay, s, keyTable(ax, ay));
}

const SY: usize = memory.data(FR_BYTES);
const SX: usize = memory.data(FR_BYTES);
const SU: usize = memory.data(FR_BYTES);
const SV: usize = memory.data(FR_BYTES);

/**
 * Verifies one packed signature on `msg` by the key (ax, ay): msg, ax, ay are Montgomery-form
 * elements, sig the 64 packed bytes. The engine's per-transaction check.
 */
export function eddsaVerifyPacked(msg: usize, sig: usize, ax: usize, ay: usize): bool {
  if (!r8Decompress(SX, SY, sig)) return false;
  return eddsaCheck(msg, SX, SY, ax, ay, sig + 32);
}

/** R8 = (x, y), Montgomery form, from the packed signature at `sig`; false if it does not decode. */
export function r8Decompress(x: usize, y: usize, sig: usize): bool {
  const sign = r8Prepare(sig, y, SU, SV);
  // v = 0: circomlibjs divides by zero, gets x² = 0 and rejects.
  if (!frInverse(SV, SV)) return false;
  frMul(SU, SU, SV);
  frSqrtPow(SV, SU);
  return r8Finish(x, SU, SV, sign);
}

/**
 * Verifies n signatures: msgs and keys are Montgomery elements (msgs[i] at msgs + 36i, key i as
 * (ax, ay) at keys + 72i), sigs[i] the packed 64 bytes at sigs + 64i; results[i] = 1 or 0.
 * Exactly eddsaVerifyPacked per signature, in three passes that share work: all decompressions
 * with one batched inversion and their square roots' exponentiations two at a time (two-lane SIMD),
 * then the hashes two at a time (two-lane SIMD Poseidon), then the curve equations.
 */
export function eddsaVerifyBatch(n: i32, msgs: usize, sigs: usize, keys: usize, results: usize): void {
  if (n <= 0) return;
  const size = <usize>(n * FR_BYTES);
  const ys = heap.alloc(size);
  const us = heap.alloc(size);
  const vs = heap.alloc(size);
  const xs = heap.alloc(size);
  const scratch = heap.alloc(size);
  const inputs = heap.alloc(size * 5);
  const hashes = heap.alloc(size);
  const live = heap.alloc(<usize>(n * 4));
  for (let i = 0; i < n; i++) {
    const at = <usize>(i * FR_BYTES);
    store<u8>(results + <usize>i, r8Prepare(sigs + <usize>(i * SIGNATURE_BYTES), ys + at, us + at, vs + at) ? 1 : 0);
  }
  frBatchInverse(vs, vs, n, scratch); // a zero v stays zero, so its x² is zero and it is rejected
  // x² = u·v⁻¹ into us, then the square roots' exponentiations two at a time into vs.
  for (let i = 0; i < n; i++) frMul(us + <usize>(i * FR_BYTES), us + <usize>(i * FR_BYTES), vs + <usize>(i * FR_BYTES));
  for (let i = 0; i + 1 < n; i += 2) {
    const at = <usize>(i * FR_BYTES);
    frPairJoin(PAIR, us + at, us + at + FR_BYTES);
    frSqrtPowX2(PAIR, PAIR);
    frPairSplit(vs + at, vs + at + FR_BYTES, PAIR);
  }
  if (n & 1) frSqrtPow(vs + <usize>((n - 1) * FR_BYTES), us + <usize>((n - 1) * FR_BYTES));
  // Pass 1: decompress and check what needs no hash; collect the survivors.
  let count = 0;
  for (let i = 0; i < n; i++) {
    const at = <usize>(i * FR_BYTES);
    const key = keys + <usize>(i * 2 * FR_BYTES);
    const s = sigs + <usize>(i * SIGNATURE_BYTES + 32);
    const ok = r8Finish(xs + at, us + at, vs + at, load<u8>(results + <usize>i) != 0) && preconditions(key, key + FR_BYTES, s);
    store<u8>(results + <usize>i, 0);
    if (!ok) continue;
    hashInputs(inputs + <usize>(count * 5 * FR_BYTES), msgs + at, xs + at, ys + at, key, key + FR_BYTES);
    store<i32>(live + <usize>(count << 2), i);
    count++;
  }
  // Pass 2: the hashes, two tuples per permutation.
  for (let k = 0; k + 1 < count; k += 2) {
    poseidonMontX2(
      hashes + <usize>(k * FR_BYTES),
      hashes + <usize>((k + 1) * FR_BYTES),
      inputs + <usize>(k * 5 * FR_BYTES),
      inputs + <usize>((k + 1) * 5 * FR_BYTES),
      5,
    );
  }
  if (count & 1) poseidonMont(hashes + <usize>((count - 1) * FR_BYTES), inputs + <usize>((count - 1) * 5 * FR_BYTES), 5);
  // Pass 3: the curve equations, two at a time where both keys have tables.
  let k = 0;
  for (; k + 1 < count; k += 2) {
    const i = load<i32>(live + <usize>(k << 2));
    const j = load<i32>(live + <usize>((k + 1) << 2));
    const keyI = keys + <usize>(i * 2 * FR_BYTES);
    const keyJ = keys + <usize>(j * 2 * FR_BYTES);
    const tableI = keyTable(keyI, keyI + FR_BYTES);
    const tableJ = keyTable(keyJ, keyJ + FR_BYTES, tableI);
    const hI = hashes + <usize>(k * FR_BYTES);
    const hJ = hI + FR_BYTES;
    const sI = sigs + <usize>(i * SIGNATURE_BYTES + 32);
    const sJ = sigs + <usize>(j * SIGNATURE_BYTES + 32);
    const atI = <usize>(i * FR_BYTES);
    const atJ = <usize>(j * FR_BYTES);
    if (tableI != 0 && tableJ != 0) {
      const ok = equationsHoldX2(hI, xs + atI, ys + atI, sI, tableI, hJ, xs + atJ, ys + atJ, sJ, tableJ);
      store<u8>(results + <usize>i, <u8>(ok & 1));
      store<u8>(results + <usize>j, <u8>(ok >> 1));
    } else {
      store<u8>(results + <usize>i, equationHolds(hI, xs + atI, ys + atI, keyI, keyI + FR_BYTES, sI, tableI) ? 1 : 0);
      store<u8>(results + <usize>j, equationHolds(hJ, xs + atJ, ys + atJ, keyJ, keyJ + FR_BYTES, sJ, tableJ) ? 1 : 0);
    }
  }
  if (k < count) {
    const i = load<i32>(live + <usize>(k << 2));
    const at = <usize>(i * FR_BYTES);
    const key = keys + <usize>(i * 2 * FR_BYTES);
    const s = sigs + <usize>(i * SIGNATURE_BYTES + 32);
    const ok = equationHolds(hashes + <usize>(k * FR_BYTES), xs + at, ys + at, key, key + FR_BYTES, s, keyTable(key, key + FR_BYTES));
    store<u8>(results + <usize>i, ok ? 1 : 0);
  }
  heap.free(live);
  heap.free(hashes);
  heap.free(inputs);
  heap.free(scratch);
  heap.free(xs);
  heap.free(vs);
  heap.free(us);
  heap.free(ys);
}
