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
  frCopyX2,
  frMulX2,
  frPairJoin,
  frPairSetLane,
  frPairSplit,
  frReduce2pX2,
  frSetZeroX2,
  frSqrX2,
  frSubLazyX2,
} from "../field/frX2";
import { D2_PTR } from "./generated/babyjubConstants";
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

/** Writes X3 = E·F, Y3 = G·H, Z3 = F·G and, if wanted, T3 = E·H, lane by lane (babyjub.ts finish). */
@inline function finishX2(o: usize, withT: bool): void {
  frMulX2(o, tE, tF);
  frMulX2(o + P2, tG, tH);
  frMulX2(o + 2 * P2, tF, tG);
  if (withT) frMulX2(o + 3 * P2, tE, tH);
}

const tS: usize = memory.data(FR_PAIR_BYTES);
const D2_PAIR: usize = memory.data(FR_PAIR_BYTES);

/** o = p + q lane by lane: babyjub.ts pointAdd ("add-2008-hwcd-3") on pairs; o may alias p or q. */
export function pointAddX2(o: usize, p: usize, q: usize): void {
  frSubLazyX2(tA, p + P2, p);
  frSubLazyX2(tS, q + P2, q);
  frMulX2(tA, tA, tS);
  frAddLazyX2(tB, p + P2, p);
  frAddLazyX2(tS, q + P2, q);
  frMulX2(tB, tB, tS);
  frMulX2(tC, p + 3 * P2, q + 3 * P2);
  frMulX2(tC, tC, D2_PAIR);
  frMulX2(tD, p + 2 * P2, q + 2 * P2);
  frAddLazyX2(tD, tD, tD);
  frSubLazyX2(tE, tB, tA);
  frSubLazyX2(tF, tD, tC);
  frAddLazyX2(tG, tD, tC);
  frAddLazyX2(tH, tB, tA);
  finishX2(o, true);
}

/** o = 2p lane by lane: babyjub.ts pointDouble ("dbl-2008-hwcd") on pairs. */
export function pointDoubleX2(o: usize, p: usize, withT: bool): void {
  frSqrX2(tA, p);
  frSqrX2(tB, p + P2);
  frSqrX2(tC, p + 2 * P2);
  frAddLazyX2(tC, tC, tC);
  frReduce2pX2(tC, tC); // C = 2Z², kept < 2p: it is subtracted below
  frAddLazyX2(tE, p, p + P2);
  frSqrX2(tE, tE);
  frSubLazyX2(tE, tE, tA);
  frSubLazyX2(tE, tE, tB);
  frSubLazyX2(tG, tB, tA);
  frSubLazyX2(tF, tG, tC);
  frSetZeroX2(tH);
  frSubLazyX2(tH, tH, tA);
  frSubLazyX2(tH, tH, tB);
  finishX2(o, withT);
}

const WINDOW_TABLE_X2: usize = memory.data(16 * POINT_PAIR_BYTES);
const ACC_X2: usize = memory.data(POINT_PAIR_BYTES);

@inline function nibble(scalar: usize, i: i32): i32 {
  return (load<u8>(scalar + (<usize>i >> 1)) >> (<u8>(i & 1) << 2)) & 15;
}

/**
 * o = k·p lane by lane for one 256-bit little-endian scalar k shared by both lanes: babyjub.ts
 * pointMul's 4-bit fixed windows on pairs. Both lanes take the same digits, so nothing diverges.
 */
export function pointMulX2(o: usize, p: usize, scalar: usize): void {
  frPairJoin(D2_PAIR, D2_PTR, D2_PTR);
  pointIdentityX2(WINDOW_TABLE_X2);
  memory.copy(WINDOW_TABLE_X2 + <usize>POINT_PAIR_BYTES, p, POINT_PAIR_BYTES);
  for (let k = 2; k < 16; k++) {
    const dst = WINDOW_TABLE_X2 + <usize>(k * POINT_PAIR_BYTES);
    if ((k & 1) == 0) pointDoubleX2(dst, WINDOW_TABLE_X2 + <usize>((k >> 1) * POINT_PAIR_BYTES), true);
    else pointAddX2(dst, dst - <usize>POINT_PAIR_BYTES, p);
  }
  let top = 63;
  while (top >= 0 && nibble(scalar, top) == 0) top--;
  if (top < 0) {
    pointIdentityX2(o);
    return;
  }
  memory.copy(ACC_X2, WINDOW_TABLE_X2 + <usize>(nibble(scalar, top) * POINT_PAIR_BYTES), POINT_PAIR_BYTES);
  for (let w = top - 1; w >= 0; w--) {
    const digit = nibble(scalar, w);
    pointDoubleX2(ACC_X2, ACC_X2, false);
    pointDoubleX2(ACC_X2, ACC_X2, false);
    pointDoubleX2(ACC_X2, ACC_X2, false);
    pointDoubleX2(ACC_X2, ACC_X2, digit != 0 || w == 0);
    if (digit != 0) pointAddX2(ACC_X2, ACC_X2, WINDOW_TABLE_X2 + <usize>(digit * POINT_PAIR_BYTES));
  }
  frCopyX2(o, ACC_X2);
  frCopyX2(o + P2, ACC_X2 + P2);
  frCopyX2(o + 2 * P2, ACC_X2 + 2 * P2);
  frCopyX2(o + 3 * P2, ACC_X2 + 3 * P2);
}

/** Joins two extended points into a pair point (a in lane A, b in lane B). */
export function pointJoinX2(o: usize, a: usize, b: usize): void {
  frPairJoin(o, px(a), px(b));
  frPairJoin(o + P2, py(a), py(b));
  frPairJoin(o + 2 * P2, pz(a), pz(b));
  frPairJoin(o + 3 * P2, pt(a), pt(b));
}
