/**
 * Poseidon on two independent tuples at once (same arity), with the two-lane field of
 * field/frX2.ts: every step of hash/poseidon.ts's permutation, in the same order and with the same
 * constants, applied to both lanes by one SIMD instruction stream. Batched hashing uses it for
 * tuples 2k and 2k + 1; results are bit-identical to the scalar permutation.
 *
 * Two additions are folded into Montgomery reductions (a·b/R + z = reduce(a·b + z·R)): the round
 * constant after each S-box and the sparse partial-round update state[k] += s0·S[k]. Bounds, lane by
 * lane: state elements < 2p between steps; after an S-box plus constant < 3p, which the dot products
 * and multiplications accept (see field/fr.ts).
 */
import { FR_BYTES } from "../field/fr";
import {
  FR_PAIR_BYTES,
  frAddSharedLazyX2,
  frCopyX2,
  frDotX2,
  frMulAddSharedX2,
  frMulSharedAddX2,
  frMulX2,
  frPairJoin,
  frPairSplit,
  frReduce2pX2,
  frSetZeroX2,
  frSqrX2,
} from "../field/frX2";
import { C, FULL_ROUNDS, M, MAX_WIDTH, P, partialRounds, S } from "./generated/poseidonConstants";

const STATE: usize = memory.data(MAX_WIDTH * FR_PAIR_BYTES);
const MIXED: usize = memory.data(MAX_WIDTH * FR_PAIR_BYTES);
const TMP: usize = memory.data(FR_PAIR_BYTES);

@inline function pairAt(base: usize, i: i32): usize {
  return base + <usize>(i * FR_PAIR_BYTES);
}

@inline function sharedAt(base: usize, i: i32): usize {
  return base + <usize>(i * FR_BYTES);
}

/** x = x^5 + c (c shared by both lanes) for x < 3p; result < 3p. */
@inline function pow5Add(x: usize, c: usize): void {
  frSqrX2(TMP, x);
  frSqrX2(TMP, TMP);
  frMulAddSharedX2(x, TMP, x, c);
}

/** x = x^5 for x < 3p; result < 2p. */
@inline function pow5(x: usize): void {
  frSqrX2(TMP, x);
  frSqrX2(TMP, TMP);
  frMulX2(x, TMP, x);
}

/** state = matrixᵀ·state, `matrix` stored transposed (row i gives output i). */
@inline function mix(state: usize, matrix: usize, t: i32): void {
  for (let i = 0; i < t; i++) frDotX2(pairAt(MIXED, i), sharedAt(matrix, i * t), state, t);
  memory.copy(state, MIXED, <usize>(t * FR_PAIR_BYTES));
}

/** S-box and round constants on every element, then the matrix; returns the next constants. */
function fullRound(state: usize, c: usize, t: i32, matrix: usize): usize {
  for (let i = 0; i < t; i++) pow5Add(pairAt(state, i), sharedAt(c, i));
  mix(state, matrix, t);
  return sharedAt(c, t);
}

/**
 * The Poseidon permutation on `state` (t pairs), as poseidonPermute in hash/poseidon.ts, except that
 * only state[0] (the hash) is complete at the end: the last matrix is applied for row 0 alone.
 */
function permuteX2(state: usize, t: i32): void {
  const half = FULL_ROUNDS / 2;
  const nP = partialRounds(t);
  const m = M(t);
  let c = C(t);
  for (let i = 0; i < t; i++) frAddSharedLazyX2(pairAt(state, i), pairAt(state, i), sharedAt(c, i));
  c = sharedAt(c, t);
  for (let r = 0; r < half - 1; r++) c = fullRound(state, c, t, m);
  c = fullRound(state, c, t, P(t));
  // Partial rounds: S-box on state[0] only; the sparse matrix is one row (s) and one column.
  let s = S(t);
  const s0 = pairAt(state, 0);
  for (let r = 0; r < nP; r++) {
    pow5Add(s0, c);
    c += FR_BYTES;
    frDotX2(pairAt(MIXED, 0), s, state, t);
    for (let k = 1; k < t; k++) {
      const sk = pairAt(state, k);
      // state[k] += s0·S[k]: < 2p + 2p, brought back below 2p.
      frMulSharedAddX2(sk, s0, sharedAt(s, t + k - 1), sk);
      frReduce2pX2(sk, sk);
    }
    frCopyX2(s0, pairAt(MIXED, 0));
    s = sharedAt(s, 2 * t - 1);
  }
  for (let r = 0; r < half - 1; r++) c = fullRound(state, c, t, m);
  for (let i = 0; i < t; i++) pow5(pairAt(state, i));
  // The hash is state[0]: of the last matrix only row 0 is needed.
  frDotX2(pairAt(MIXED, 0), m, state, t);
  frCopyX2(state, pairAt(MIXED, 0));
}

/**
 * outA = Poseidon(inA[0..n)), outB = Poseidon(inB[0..n)) for Montgomery-form scalar inputs (each
 * < 2p, n consecutive 36-byte elements per tuple); outputs are Montgomery scalars < 2p.
 * Callers check 1 ≤ n ≤ 16.
 */
export function poseidonMontX2(outA: usize, outB: usize, inA: usize, inB: usize, n: i32): void {
  const t = n + 1;
  frSetZeroX2(STATE);
  for (let i = 0; i < n; i++) frPairJoin(pairAt(STATE, i + 1), sharedAt(inA, i), sharedAt(inB, i));
  permuteX2(STATE, t);
  frPairSplit(outA, outB, STATE);
}
