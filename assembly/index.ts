/**
 * The exported ABI of the GhostChain WASM core. Only src/bridge/ calls it. Every export takes and
 * returns integers: pointers into linear memory, counts, and status codes from generated/errors
 * (0 = success; the ids are those of src/protocol/errors.ts). Exports check their arguments once;
 * the code behind them trusts them.
 *
 * I/O area: the bridge asks for a buffer with `ioBuffer(bytes)` and packs inputs there as canonical
 * 32-byte little-endian field elements; results are written to the same area after the inputs.
 */
import { FIELD_OUT_OF_RANGE, OK, POSEIDON_ARITY, WASM_BAD_ARGUMENT } from "./generated/errors";
import {
  FR_BYTES,
  frAdd,
  frEq,
  frFromBytes,
  frInverse,
  frMul,
  frNeg,
  frPow,
  frSqr,
  frSub,
  frToBytes,
} from "./field/fr";
import { frSqrt } from "./field/sqrt";
import { eddsaVerifyBatch, r8Decompress } from "./curve/eddsa";
import { arePublicKeysValidX2, isValidPublicKey } from "./curve/publicKey";
import { setKeyTableCapacity } from "./curve/keyTables";
import { POSEIDON_MAX_INPUTS, poseidonMont } from "./hash/poseidon";
import { poseidonMontX2 } from "./hash/poseidonX2";

const WORD = 32;
let io: usize = 0;
let ioSize: usize = 0;
let errorIndex: i32 = -1;

/**
 * Largest I/O buffer: 2^30 bytes, far above what any call needs (the bridge slices bulk transfers and
 * bounds op lists). Below it the doubling below cannot wrap around 2^32.
 */
const IO_MAX: usize = 1 << 30;

/** Returns an I/O buffer of at least `bytes` bytes (reused; grows geometrically, may move); 0 if too big. */
export function ioBuffer(bytes: usize): usize {
  if (bytes > IO_MAX) return 0;
  if (bytes > ioSize) {
    let size = ioSize == 0 ? <usize>65536 : ioSize;
    while (size < bytes) size <<= 1;
    if (io != 0) heap.free(io);
    io = heap.alloc(size);
    ioSize = size;
  }
  return io;
}

/** Index of the offending element or tuple of the last failed call (−1 if none). */
export function lastErrorIndex(): i32 {
  return errorIndex;
}

/** Scratch for the inputs (Montgomery form) and outputs of two tuples hashed together. */
const LANE: usize = memory.data(POSEIDON_MAX_INPUTS * FR_BYTES);
const LANE_B: usize = memory.data(POSEIDON_MAX_INPUTS * FR_BYTES);
const OUT: usize = memory.data(FR_BYTES);
const OUT_B: usize = memory.data(FR_BYTES);

/** Reads tuple k's n canonical elements into Montgomery form at `lane`; false (errorIndex set) on one ≥ p. */
function readTuple(lane: usize, input: usize, k: i32, n: i32): bool {
  const tuple = input + <usize>(k * n * WORD);
  for (let i = 0; i < n; i++) {
    if (!frFromBytes(lane + <usize>(i * FR_BYTES), tuple + <usize>(i * WORD))) {
      errorIndex = k * n + i;
      return false;
    }
  }
  return true;
}

/**
 * Hashes `count` tuples of `n` field elements: input at `input` (count·n·32 bytes), output at
 * `output` (count·32 bytes). Returns OK, POSEIDON_ARITY, or FIELD_OUT_OF_RANGE with
 * lastErrorIndex() = the flat index of the first element ≥ p (nothing is written past it).
 * Tuples are hashed two at a time with the two-lane SIMD permutation; an odd last one goes through
 * the scalar permutation (the results are identical either way).
 */
export function poseidonBatch(n: i32, count: i32, input: usize, output: usize): i32 {
  errorIndex = -1;
  if (n < 1 || n > POSEIDON_MAX_INPUTS) return POSEIDON_ARITY;
  if (count < 0) return WASM_BAD_ARGUMENT;
  let k = 0;
  for (; k + 1 < count; k += 2) {
    if (!readTuple(LANE, input, k, n) || !readTuple(LANE_B, input, k + 1, n)) return FIELD_OUT_OF_RANGE;
    poseidonMontX2(OUT, OUT_B, LANE, LANE_B, n);
    frToBytes(output + <usize>(k * WORD), OUT);
    frToBytes(output + <usize>((k + 1) * WORD), OUT_B);
  }
  if (k < count) {
    if (!readTuple(LANE, input, k, n)) return FIELD_OUT_OF_RANGE;
    poseidonMont(OUT, LANE, n);
    frToBytes(output + <usize>(k * WORD), OUT);
  }
  return OK;
}

/** Field operations on canonical bytes, for tests and tools (not a hot path). */
export const FR_OP_ADD: i32 = 0;
export const FR_OP_SUB: i32 = 1;
export const FR_OP_MUL: i32 = 2;
export const FR_OP_SQR: i32 = 3;
export const FR_OP_NEG: i32 = 4;
export const FR_OP_INV: i32 = 5;
export const FR_OP_POW: i32 = 6;
export const FR_OP_EQ: i32 = 7;
export const FR_OP_SQRT: i32 = 8;

const A: usize = memory.data(FR_BYTES);
const B: usize = memory.data(FR_BYTES);
const R: usize = memory.data(FR_BYTES);

/**
 * out = a (op) b on canonical 32-byte elements. For FR_OP_POW, b is the raw 256-bit exponent; for
 * FR_OP_EQ, out receives 1 or 0; FR_OP_SQRT gives the root ≤ (p − 1)/2. Returns FIELD_OUT_OF_RANGE
 * (lastErrorIndex 0 or 1) for a bad input, WASM_BAD_ARGUMENT for an unknown op, the inverse of zero or
 * the root of a non-square.
 */
export function frOp(op: i32, a: usize, b: usize, out: usize): i32 {
  errorIndex = -1;
  if (!frFromBytes(A, a)) {
    errorIndex = 0;
    return FIELD_OUT_OF_RANGE;
  }
  const binary = op == FR_OP_ADD || op == FR_OP_SUB || op == FR_OP_MUL || op == FR_OP_EQ;
  if (binary && !frFromBytes(B, b)) {
    errorIndex = 1;
    return FIELD_OUT_OF_RANGE;
  }
  switch (op) {
    case FR_OP_ADD: frAdd(R, A, B); break;
    case FR_OP_SUB: frSub(R, A, B); break;
    case FR_OP_MUL: frMul(R, A, B); break;
    case FR_OP_SQR: frSqr(R, A); break;
    case FR_OP_NEG: frNeg(R, A); break;
    case FR_OP_INV: if (!frInverse(R, A)) return WASM_BAD_ARGUMENT; break;
    case FR_OP_POW: frPow(R, A, b); break;
    case FR_OP_SQRT: if (!frSqrt(R, A)) return WASM_BAD_ARGUMENT; break;
    case FR_OP_EQ:
      memory.fill(out, 0, WORD);
      store<u8>(out, frEq(A, B) ? 1 : 0);
      return OK;
    default: return WASM_BAD_ARGUMENT;
  }
  frToBytes(out, R);
  return OK;
}

/** Benchmark kernel: one Montgomery multiplication o = a·b·R⁻¹ on raw 36-byte elements. */
export function frMulRaw(o: usize, a: usize, b: usize): void {
  frMul(o, a, b);
}

/**
 * Benchmark kernel: a ← a·b, `iterations` times, on Montgomery elements converted from the canonical
 * inputs; writes the canonical result to `a` so the work cannot be optimised away.
 */
export function frMulChain(a: usize, b: usize, iterations: i32): i32 {
  if (!frFromBytes(A, a) || !frFromBytes(B, b)) return FIELD_OUT_OF_RANGE;
  for (let i = 0; i < iterations; i++) frMul(A, A, B);
  frToBytes(a, A);
  return OK;
}

const R8X: usize = memory.data(FR_BYTES);
const R8Y: usize = memory.data(FR_BYTES);

/**
 * The R8 points of n packed signatures (sigs n × 64 bytes), decompressed as verification does: out
 * n × 64 canonical bytes (x ‖ y), results n bytes, 1 = decoded (0: out's entry is left as it was).
 */
export function eddsaUnpackR8(n: i32, sigs: usize, out: usize, results: usize): i32 {
  if (n < 0) return WASM_BAD_ARGUMENT;
  for (let i = 0; i < n; i++) {
    const ok = r8Decompress(R8X, R8Y, sigs + <usize>(i * 64));
    store<u8>(results + <usize>i, ok ? 1 : 0);
    if (ok) {
      frToBytes(out + <usize>(i * 2 * WORD), R8X);
      frToBytes(out + <usize>(i * 2 * WORD) + WORD, R8Y);
    }
  }
  return OK;
}

/**
 * EdDSA-Poseidon verification of n signatures (circomlibjs verifyPoseidon semantics). Inputs as
 * canonical bytes: msgs n × 32, sigs n × 64 (packed R8 ‖ S), keys n × 64 (Ax ‖ Ay); results n bytes,
 * 1 = valid. Returns FIELD_OUT_OF_RANGE (lastErrorIndex = the signature's index) if a message or key
 * coordinate is ≥ p; an invalid signature is a 0 result, not an error.
 */
export function eddsaVerify(n: i32, msgs: usize, sigs: usize, keys: usize, results: usize): i32 {
  errorIndex = -1;
  if (n < 0) return WASM_BAD_ARGUMENT;
  if (n == 0) return OK;
  const montMsgs = heap.alloc(<usize>(n * FR_BYTES));
  const montKeys = heap.alloc(<usize>(n * 2 * FR_BYTES));
  let status = OK;
  for (let i = 0; i < n && status == OK; i++) {
    const key = keys + <usize>(i * 2 * WORD);
    const ok =
      frFromBytes(montMsgs + <usize>(i * FR_BYTES), msgs + <usize>(i * WORD)) &&
      frFromBytes(montKeys + <usize>(i * 2 * FR_BYTES), key) &&
      frFromBytes(montKeys + <usize>((i * 2 + 1) * FR_BYTES), key + WORD);
    if (!ok) {
      errorIndex = i;
      status = FIELD_OUT_OF_RANGE;
    }
  }
  if (status == OK) eddsaVerifyBatch(n, montMsgs, sigs, montKeys, results);
  heap.free(montKeys);
  heap.free(montMsgs);
  return status;
}

/**
 * The protocol's public-key rule (docs/protocol.md §3.4) for n keys at `keys` (n × 64 bytes: ax ‖ ay,
 * 32-byte little-endian each): results n bytes, 1 = a prime-order subgroup point other than the
 * identity. A coordinate ≥ p is an invalid key (0), not an error.
 */
export function publicKeysValid(n: i32, keys: usize, results: usize): i32 {
  errorIndex = -1;
  if (n < 0) return WASM_BAD_ARGUMENT;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = keys + <usize>(i * 2 * WORD);
    const b = a + <usize>(2 * WORD);
    const valid = arePublicKeysValidX2(a, a + WORD, b, b + WORD);
    store<u8>(results + <usize>i, valid & 1);
    store<u8>(results + <usize>(i + 1), valid >> 1);
  }
  if (i < n) {
    const key = keys + <usize>(i * 2 * WORD);
    store<u8>(results + <usize>i, isValidPublicKey(key, key + WORD) ? 1 : 0);
  }
  return OK;
}

// The L2 state engine (assembly/state/): account tree, operations, batch sealing, snapshots.
export {
  stateAccount,
  stateAccountCount,
  stateApply,
  stateBatchNumber,
  stateBuildTree,
  stateCheckAccounts,
  stateCheckpoint,
  stateClose,
  stateCopyAccounts,
  stateCopyNodes,
  stateDiscard,
  stateInit,
  stateLoadAccounts,
  stateLoadNodes,
  stateNodeCount,
  stateOpenOps,
  statePendingFees,
  statePriorityCount,
  statePriorityHash,
  stateProof,
  stateRevert,
  stateRoot,
  stateSeal,
  stateSealSize,
  stateSetCounters,
  stateSetFeeAccount,
  stateSignatureVerifier,
  stateTreeStale,
} from "./state/engine";

/** Sets how many signing keys get a cached multiplication table (0 disables; clears the cache). */
export function eddsaKeyCache(capacity: i32): void {
  setKeyTableCapacity(capacity);
}
