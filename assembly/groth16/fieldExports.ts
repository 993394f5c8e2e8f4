/**
 * Field operations of groth16.wasm on canonical 32-byte little-endian bytes, for tests and tools
 * (not a hot path): Fq, Fq2 (c0 ‖ c1, 64 bytes) and Fq's batch inversion.
 */
import { FQ_BYTES, fqAdd, fqFromBytes, fqInverse, fqMul, fqNeg, fqSqr, fqSub, fqToBytes } from "./fq";
import { fq2Add, fq2Inverse, fq2Mul, fq2Neg, fq2Sqr, fq2Sub } from "./fq2";
import { batchInverse } from "./batchInverse";
import { FQ_FIELD } from "./fields";

export const FQ_OP_ADD: i32 = 0;
export const FQ_OP_SUB: i32 = 1;
export const FQ_OP_MUL: i32 = 2;
export const FQ_OP_SQR: i32 = 3;
export const FQ_OP_NEG: i32 = 4;
export const FQ_OP_INV: i32 = 5;

/** Status: OK, an input ≥ q, an unknown op or the inverse of zero. */
export const FQ_OK: i32 = 0;
export const FQ_OUT_OF_RANGE: i32 = 1;
export const FQ_BAD_ARGUMENT: i32 = 2;

const E: usize = <usize>FQ_BYTES;

/** Reads `count` canonical elements from bytes (32 each) to Montgomery elements at o (36 each). */
function readAll(o: usize, bytes: usize, count: i32): bool {
  for (let i = 0; i < count; i++) if (!fqFromBytes(o + <usize>i * E, bytes + (<usize>i << 5))) return false;
  return true;
}

function writeAll(bytes: usize, a: usize, count: i32): void {
  for (let i = 0; i < count; i++) fqToBytes(bytes + (<usize>i << 5), a + <usize>i * E);
}

/** out = a (op) b over Fq (degree 1) or Fq2 (degree 2), on canonical bytes. */
export function fieldOp(degree: i32, op: i32, a: usize, b: usize, out: usize): i32 {
  if (degree != 1 && degree != 2) return FQ_BAD_ARGUMENT;
  const A = heap.alloc(3 * 2 * E);
  const B = A + 2 * E;
  const R = B + 2 * E;
  let status = FQ_OK;
  if (!readAll(A, a, degree) || ((op <= FQ_OP_MUL) && !readAll(B, b, degree))) status = FQ_OUT_OF_RANGE;
  else if (degree == 1) {
    switch (op) {
      case FQ_OP_ADD: fqAdd(R, A, B); break;
      case FQ_OP_SUB: fqSub(R, A, B); break;
      case FQ_OP_MUL: fqMul(R, A, B); break;
      case FQ_OP_SQR: fqSqr(R, A); break;
      case FQ_OP_NEG: fqNeg(R, A); break;
      case FQ_OP_INV: if (!fqInverse(R, A)) status = FQ_BAD_ARGUMENT; break;
      default: status = FQ_BAD_ARGUMENT;
    }
  } else {
    switch (op) {
      case FQ_OP_ADD: fq2Add(R, A, B); break;
      case FQ_OP_SUB: fq2Sub(R, A, B); break;
      case FQ_OP_MUL: fq2Mul(R, A, B); break;
      case FQ_OP_SQR: fq2Sqr(R, A); break;
      case FQ_OP_NEG: fq2Neg(R, A); break;
      case FQ_OP_INV: if (!fq2Inverse(R, A)) status = FQ_BAD_ARGUMENT; break;
      default: status = FQ_BAD_ARGUMENT;
    }
  }
  if (status == FQ_OK) writeAll(out, R, degree);
  heap.free(A);
  return status;
}

/** out[i] = in[i]⁻¹ (0 for 0) over n canonical Fq elements; returns FQ_OUT_OF_RANGE for one ≥ q. */
export function fqBatchInverseBytes(out: usize, input: usize, n: i32): i32 {
  const elems = heap.alloc(<usize>n * E);
  const prefix = heap.alloc(<usize>n * E);
  let status = FQ_OUT_OF_RANGE;
  if (readAll(elems, input, n)) {
    batchInverse(FQ_FIELD, elems, elems, n, prefix);
    writeAll(out, elems, n);
    status = FQ_OK;
  }
  heap.free(prefix);
  heap.free(elems);
  return status;
}
