/**
 * Two Baby Jubjub points at once: babyjub.ts's extended-coordinate mixed addition on pairs of points
 * (field/frX2.ts, two-lane SIMD), for batches that run two scalar multiplications side by side.
 * Same curve model, formulas, bounds and results as babyjub.ts, lane by lane.
 *
 *   pair point (POINT_PAIR_BYTES = 288)       pair of precomputed affine points (AFFINE_PAIR_BYTES = 216)
 *   +0    X pair (72 bytes)                   +0    v − u pair
 *   +72   Y pair                              +72   v + u pair
 *   +144  Z pair                              +144  2d'·u·v pair
 *   +216  T pair
 */
import { FR_BYTES, frNeg } from "../field/fr";
import {
  FR_PAIR_BYTES,
  frAddLazyX2,
  frMulX2,
  frPairJoin,
  frPairSetLane,
  frPairSplit,
  frSetZeroX2,
  frSubLazyX2,
} from "../field/frX2";
import { ONE_PTR } from "../field/generated/frMontgomery";
import { px, py, pz, pt } from "./babyjub";

export const POINT_PAIR_BYTES: i32 = 4 * FR_PAIR_BYTES;
export const AFFINE_PAIR_BYTES: i32 = 3 * FR_PAIR_BYTES;

const P2: usize = <usize>FR_PAIR_BYTES;
const tA: usize = memory.data(FR_PAIR_BYTES);
const tB: usize = memory.data(FR_PAIR_BYTES);
const tC: usize = memory.data(FR_PAIR_BYTES);
const tD: usize = memory.data(FR_PAIR_BYTES);
const tE: usize = memory.data(FR_PAIR_BYTES);
const tF: usize = memory.data(FR_PAIR_BYTES);
const tG: usize = memory.data(FR_PAIR_BYTES);
const tH: usize = memory.data(FR_PAIR_BYTES);
const ZERO: usize = memory.data(FR_BYTES);
const NEGATED: usize = memory.data(FR_BYTES);

/** Both lanes the neutral element (0, 1). */
export function pointIdentityX2(o: usize): void {
  frSetZeroX2(o);
  frPairJoin(o + P2, ONE_PTR, ONE_PTR);
  frPairJoin(o + 2 * P2, ONE_PTR, ONE_PTR);
  frSetZeroX2(o + 3 * P2);
}

/**
 * Sets lane `lane` of the affine pair q to the precomputed affine point `entry` (babyjub.ts form),
 * negated when `negate` (its first two coordinates swapped, the third negated), or to the identity
 * (1, 1, 0) when entry is 0.
 */
export function affineSetLane(q: usize, lane: i32, entry: usize, negate: bool): void {
  if (entry == 0) {
    frPairSetLane(q, lane, ONE_PTR);
    frPairSetLane(q + P2, lane, ONE_PTR);
    frPairSetLane(q + 2 * P2, lane, ZERO);
    return;
  }
  frPairSetLane(q, lane, negate ? entry + FR_BYTES : entry);
  frPairSetLane(q + P2, lane, negate ? entry : entry + FR_BYTES);
  if (negate) {
    frNeg(NEGATED, entry + 2 * FR_BYTES);
    frPairSetLane(q + 2 * P2, lane, NEGATED);
  } else frPairSetLane(q + 2 * P2, lane, entry + 2 * FR_BYTES);
}

/** o = p + q lane by lane, q an affine pair: babyjub.ts pointAddAffine (seven multiplications) on pairs. */
export function pointAddAffineX2(o: usize, p: usize, q: usize): void {
  frSubLazyX2(tA, p + P2, p);
  frMulX2(tA, tA, q); // A = (Y1 − X1)(v2 − u2)
  frAddLazyX2(tB, p + P2, p);
  frMulX2(tB, tB, q + P2); // B = (Y1 + X1)(v2 + u2)
  frMulX2(tC, p + 3 * P2, q + 2 * P2); // C = T1·2d'·u2·v2
  frAddLazyX2(tD, p + 2 * P2, p + 2 * P2); // D = 2·Z1
  frSubLazyX2(tE, tB, tA);
  frSubLazyX2(tF, tD, tC);
  frAddLazyX2(tG, tD, tC);
  frAddLazyX2(tH, tB, tA);
  frMulX2(o, tE, tF);
  frMulX2(o + P2, tG, tH);
  frMulX2(o + 2 * P2, tF, tG);
  frMulX2(o + 3 * P2, tE, tH);
}

/** Splits a pair point into two extended points (lane A to a, lane B to b). */
export function pointSplitX2(a: usize, b: usize, pair: usize): void {
  frPairSplit(px(a), px(b), pair);
  frPairSplit(py(a), py(b), pair + P2);
  frPairSplit(pz(a), pz(b), pair + 2 * P2);
  frPairSplit(pt(a), pt(b), pair + 3 * P2);
}
