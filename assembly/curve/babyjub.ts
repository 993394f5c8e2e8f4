/**
 * Baby Jubjub (circomlib): the twisted Edwards curve a·x² + y² = 1 + d·x²·y² over the BN254 scalar
 * field, a = 168700, d = 168696 (constants generated from circomlibjs, curve/generated/). a is a
 * square and d is not, so the addition law is complete: one formula adds any two points, doubling
 * and the identity included.
 *
 * Points are in extended coordinates (Hisil–Wong–Carter–Dawson 2008): x = X/Z, y = Y/Z, T = X·Y/Z.
 *
 *   extended point (POINT_BYTES = 144)         precomputed affine point (AFFINE_BYTES = 108)
 *   +0    X   (Fr, 36 bytes)                   +0   x
 *   +36   Y                                    +36  y
 *   +72   Z                                    +72  d·x·y
 *   +108  T
 *
 * Coordinates are Montgomery-form field elements below 2p (field/fr.ts). Scratch is static: these
 * functions are not re-entrant, which a single-threaded instance never needs.
 */
import { FR_BYTES, frAdd, frAddLazy, frCopy, frEq, frMul, frSetOne, frSetZero, frSqr, frSub } from "../field/fr";
import { A_PTR, D_PTR } from "./generated/babyjubConstants";

export const POINT_BYTES: i32 = 4 * FR_BYTES;
export const AFFINE_BYTES: i32 = 3 * FR_BYTES;

@inline export function px(p: usize): usize {
  return p;
}
@inline export function py(p: usize): usize {
  return p + FR_BYTES;
}
@inline export function pz(p: usize): usize {
  return p + 2 * FR_BYTES;
}
@inline export function pt(p: usize): usize {
  return p + 3 * FR_BYTES;
}

const tA: usize = memory.data(FR_BYTES);
const tB: usize = memory.data(FR_BYTES);
const tC: usize = memory.data(FR_BYTES);
const tD: usize = memory.data(FR_BYTES);
const tE: usize = memory.data(FR_BYTES);
const tF: usize = memory.data(FR_BYTES);
const tG: usize = memory.data(FR_BYTES);
const tH: usize = memory.data(FR_BYTES);
const tS: usize = memory.data(FR_BYTES);

export function pointCopy(o: usize, p: usize): void {
  memory.copy(o, p, POINT_BYTES);
}

/** The neutral element (0, 1). */
export function pointIdentity(o: usize): void {
  frSetZero(px(o));
  frSetOne(py(o));
  frSetOne(pz(o));
  frSetZero(pt(o));
}

export function pointFromAffine(o: usize, x: usize, y: usize): void {
  frCopy(px(o), x);
  frCopy(py(o), y);
  frSetOne(pz(o));
  frMul(pt(o), x, y);
}

/** Writes the outputs X3 = E·F, Y3 = G·H, Z3 = F·G and, if wanted, T3 = E·H. */
@inline function finish(o: usize, withT: bool): void {
  frMul(px(o), tE, tF);
  frMul(py(o), tG, tH);
  frMul(pz(o), tF, tG);
  if (withT) frMul(pt(o), tE, tH);
}

/** The common tail of additions: E = E' − A − B, F = D − C, G = D + C, H = B − a·A. */
@inline function combine(): void {
  frSub(tE, tE, tA);
  frSub(tE, tE, tB);
  frSub(tF, tD, tC);
  frAdd(tG, tD, tC);
  frMul(tH, A_PTR, tA);
  frSub(tH, tB, tH);
}

/** o = p + q ("add-2008-hwcd", complete for Baby Jubjub); o may alias p or q. */
export function pointAdd(o: usize, p: usize, q: usize): void {
  frMul(tA, px(p), px(q));
  frMul(tB, py(p), py(q));
  frMul(tC, pt(p), pt(q));
  frMul(tC, tC, D_PTR);
  frMul(tD, pz(p), pz(q));
  frAddLazy(tE, px(p), py(p));
  frAddLazy(tS, px(q), py(q));
  frMul(tE, tE, tS);
  combine();
  finish(o, true);
}

/** o = p + q for q in precomputed affine form (x, y, d·x·y): one multiplication less. */
export function pointAddAffine(o: usize, p: usize, q: usize): void {
  frMul(tA, px(p), q);
  frMul(tB, py(p), q + FR_BYTES);
  frMul(tC, pt(p), q + 2 * FR_BYTES);
  frCopy(tD, pz(p));
  frAddLazy(tE, px(p), py(p));
  frAddLazy(tS, q, q + FR_BYTES);
  frMul(tE, tE, tS);
  combine();
  finish(o, true);
}

/**
 * o = 2p ("dbl-2008-hwcd"). Doubling reads only X, Y, Z, so in a chain of doublings only the last
 * one before an addition needs T (withT = false skips one multiplication).
 */
export function pointDouble(o: usize, p: usize, withT: bool): void {
  frSqr(tA, px(p));
  frSqr(tB, py(p));
  frSqr(tC, pz(p));
  frAdd(tC, tC, tC);
  frAddLazy(tE, px(p), py(p));
  frSqr(tE, tE);
  frSub(tE, tE, tA);
  frSub(tE, tE, tB);
  frMul(tD, A_PTR, tA); // D = a·A
  frAdd(tG, tD, tB); // G = D + B
  frSub(tF, tG, tC); // F = G − C
  frSub(tH, tD, tB); // H = D − B
  finish(o, withT);
}

/** p == q as points (projective comparison: X₁Z₂ = X₂Z₁ and Y₁Z₂ = Y₂Z₁). */
export function pointEq(p: usize, q: usize): bool {
  frMul(tA, px(p), pz(q));
  frMul(tB, px(q), pz(p));
  if (!frEq(tA, tB)) return false;
  frMul(tA, py(p), pz(q));
  frMul(tB, py(q), pz(p));
  return frEq(tA, tB);
}

/** True when the affine point (x, y) satisfies a·x² + y² = 1 + d·x²·y². */
export function affineOnCurve(x: usize, y: usize): bool {
  frSqr(tA, x);
  frSqr(tB, y);
  frMul(tC, A_PTR, tA);
  frAdd(tC, tC, tB); // a·x² + y²
  frMul(tD, tA, tB);
  frMul(tD, tD, D_PTR);
  frSetOne(tE);
  frAdd(tD, tD, tE); // 1 + d·x²·y²
  return frEq(tC, tD);
}

const WINDOW_TABLE: usize = memory.data(16 * POINT_BYTES);
const ACC: usize = memory.data(POINT_BYTES);

/**
 * o = k·p for a 256-bit little-endian scalar k at `scalar` (4-bit fixed windows, most significant
 * first). Not constant-time: it only ever sees public data (signature verification).
 */
export function pointMul(o: usize, p: usize, scalar: usize): void {
  pointIdentity(WINDOW_TABLE);
  pointCopy(WINDOW_TABLE + <usize>POINT_BYTES, p);
  for (let k = 2; k < 16; k++) {
    const dst = WINDOW_TABLE + <usize>(k * POINT_BYTES);
    if ((k & 1) == 0) pointDouble(dst, WINDOW_TABLE + <usize>((k >> 1) * POINT_BYTES), true);
    else pointAdd(dst, dst - <usize>POINT_BYTES, p);
  }
  let top = 63;
  while (top >= 0 && nibble(scalar, top) == 0) top--;
  if (top < 0) {
    pointIdentity(o);
    return;
  }
  pointCopy(ACC, WINDOW_TABLE + <usize>(nibble(scalar, top) * POINT_BYTES));
  for (let w = top - 1; w >= 0; w--) {
    const digit = nibble(scalar, w);
    pointDouble(ACC, ACC, false);
    pointDouble(ACC, ACC, false);
    pointDouble(ACC, ACC, false);
    // T is needed by the addition, and by the caller after the last window.
    pointDouble(ACC, ACC, digit != 0 || w == 0);
    if (digit != 0) pointAdd(ACC, ACC, WINDOW_TABLE + <usize>(digit * POINT_BYTES));
  }
  pointCopy(o, ACC);
}

@inline function nibble(scalar: usize, i: i32): i32 {
  return (load<u8>(scalar + (<usize>i >> 1)) >> (<u8>(i & 1) << 2)) & 15;
}
