/**
 * Poseidon over the BN254 scalar field, bit-for-bit compatible with circomlib / circomlibjs
 * (x^5 S-box, 8 full rounds, circomlibjs' partial-round counts), computed the way circomlibjs'
 * `poseidon_opt` does: full rounds with the dense MDS matrix, one pre-sparse matrix P, then
 * partial rounds with sparse vectors S (one dot product plus t−1 scalings per round instead of a
 * dense t×t product). The constants are generated from circomlibjs' tables (hash/generated/).
 *
 * Element bounds (see field/fr.ts): state elements stay < 2p between steps; round-constant additions
 * are lazy (< 3p), which multiplication and the dot products accept.
 */
import { FR_BYTES, frAddLazy, frCopy, frDot, frMul, frReduce2p, frSetZero, frSqr } from "../field/fr";
import { C, FULL_ROUNDS, M, MAX_WIDTH, P, partialRounds, S } from "./generated/poseidonConstants";

export const POSEIDON_MAX_INPUTS: i32 = MAX_WIDTH - 1;

const STATE: usize = memory.data(MAX_WIDTH * FR_BYTES);
const MIXED: usize = memory.data(MAX_WIDTH * FR_BYTES);
const TMP: usize = memory.data(FR_BYTES);

@inline function el(base: usize, i: i32): usize {
  return base + <usize>(i * FR_BYTES);
}

/** x = x^5 for x < 3p; result < 2p. */
@inline function pow5(x: usize): void {
  frSqr(TMP, x);
  frSqr(TMP, TMP);
  frMul(x, TMP, x);
}

/** state[i] += c[i] for all i (lazy: < 3p); returns the next constant. */
@inline function addRoundConstants(state: usize, c: usize, t: i32): usize {
  for (let i = 0; i < t; i++) frAddLazy(el(state, i), el(state, i), el(c, i));
  return c + <usize>(t * FR_BYTES);
}

/** state = matrixᵀ·state, where `matrix` is stored transposed (row i gives output i). */
@inline function mix(state: usize, matrix: usize, t: i32): void {
  for (let i = 0; i < t; i++) frDot(el(MIXED, i), el(matrix, i * t), state, t);
  memory.copy(state, MIXED, <usize>(t * FR_BYTES));
}

function fullRound(state: usize, c: usize, t: i32, matrix: usize): usize {
  for (let i = 0; i < t; i++) pow5(el(state, i));
  const next = addRoundConstants(state, c, t);
  mix(state, matrix, t);
  return next;
}

/** Every step of the permutation on `state` except the final matrix. */
function roundsBeforeLastMix(state: usize, t: i32): void {
  const half = FULL_ROUNDS / 2;
  const nP = partialRounds(t);
  const m = M(t);
  let c = addRoundConstants(state, C(t), t);
  for (let r = 0; r < half - 1; r++) c = fullRound(state, c, t, m);
  c = fullRound(state, c, t, P(t));
  // Partial rounds: S-box on state[0] only; the sparse matrix is one row (s) and one column.
  let s = S(t);
  const s0 = el(state, 0);
  for (let r = 0; r < nP; r++) {
    pow5(s0);
    frAddLazy(s0, s0, c);
    c += FR_BYTES;
    frDot(el(MIXED, 0), s, state, t);
    for (let k = 1; k < t; k++) {
      const sk = el(state, k);
      frMul(TMP, s0, el(s, t + k - 1));
      frAddLazy(sk, sk, TMP);
      frReduce2p(sk, sk);
    }
    frCopy(s0, el(MIXED, 0));
    s += <usize>((2 * t - 1) * FR_BYTES);
  }
  for (let r = 0; r < half - 1; r++) c = fullRound(state, c, t, m);
  for (let i = 0; i < t; i++) pow5(el(state, i));
}

/**
 * The Poseidon permutation in place on `state` (t Montgomery elements, t = 2..17), as circomlibjs'
 * poseidon_opt with initial state element 0 and the inputs after it.
 */
export function poseidonPermute(state: usize, t: i32): void {
  roundsBeforeLastMix(state, t);
  mix(state, M(t), t);
}

/**
 * out = Poseidon(inputs[0..n)) for Montgomery-form inputs (each < 2p); out is Montgomery, < 2p.
 * Callers check 1 ≤ n ≤ 16.
 */
export function poseidonMont(out: usize, inputs: usize, n: i32): void {
  const t = n + 1;
  frSetZero(STATE);
  memory.copy(el(STATE, 1), inputs, <usize>(n * FR_BYTES));
  roundsBeforeLastMix(STATE, t);
  // The hash is state[0]: of the last matrix only row 0 is needed.
  frDot(out, M(t), STATE, t);
}
