/**
 * Baby Jubjub (circomlib): the twisted Edwards curve a·x² + y² = 1 + d·x²·y² over the BN254 scalar
 * field, a = 168700, d = 168696 (constants generated from circomlibjs, curve/generated/).
 *
 * Points are computed on the isomorphic curve −u² + v² = 1 + d'·u²·v² with u = s·x, v = y, s² = −a,
 * d' = −d/a (−a is a square mod p): its addition formulas need no multiplication by a, which saves
 * two of nine multiplications per mixed addition. d' is a non-square, so the addition law stays
 * complete: one formula adds any two points, doubling and the identity included. Points enter through
 * pointFromAffine (original coordinates, one multiplication by s); they never need to leave, since
 * verification only compares points with each other.
 *
 * Extended coordinates (Hisil–Wong–Carter–Dawson 2008): u = X/Z, v = Y/Z, T = X·Y/Z.
 *
 *   extended point (POINT_BYTES = 144)         precomputed affine point (AFFINE_BYTES = 108)
 *   +0    X   (Fr, 36 bytes)                   +0   v − u
 *   +36   Y                                    +36  v + u
 *   +72   Z                                    +72  2d'·u·v
 *   +108  T
 *
 * Coordinates are Montgomery-form field elements below 2p (field/fr.ts). Scratch is static: these
 * functions are not re-entrant, which a single-threaded instance never needs.
 */
import {
  FR_BYTES,
  frAdd,
  frAddLazy,
  frCopy,
  frEq,
  frMul,
  frSetOne,
  frSetZero,
  frSqr,
  frSub,
  frSubLazy,
} from "../field/fr";
import { A_PTR, D_PTR, D2_PTR, S_PTR } from "./generated/babyjubConstants";

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

/** o = the point (x, y), given in the curve's original coordinates. */
export function pointFromAffine(o: usize, x: usize, y: usize): void {
  frMul(px(o), x, S_PTR);
  frCopy(py(o), y);
  frSetOne(pz(o));
  frMul(pt(o), px(o), y);
}

/** o = 8·(x, y), the cofactor multiple (three doublings), from original coordinates. */
export function pointTimesCofactor(o: usize, x: usize, y: usize): void {
  pointFromAffine(o, x, y);
  pointDouble(o, o, false);
  pointDouble(o, o, false);
  pointDouble(o, o, true);
}

/** o = the precomputed affine form of the extended point p, given zInv = 1/Z. */
export function affineFromExtended(o: usize, p: usize, zInv: usize): void {
  frMul(tA, px(p), zInv); // u
  frMul(tB, py(p), zInv); // v
  frSub(o, tB, tA);
  frAdd(o + FR_BYTES, tB, tA);
  frMul(tC, tA, tB);
  frMul(o + 2 * FR_BYTES, tC, D2_PTR);
}

/** Writes X3 = E·F, Y3 = G·H, Z3 = F·G and, if wanted, T3 = E·H. */
@inline function finish(o: usize, withT: bool): void {
  frMul(px(o), tE, tF);
  frMul(py(o), tG, tH);
  frMul(pz(o), tF, tG);
  if (withT) frMul(pt(o), tE, tH);
}

/**
 * The common tail of additions from A, B, C (< 2p, products) and D (< 4p):
 * E = B − A, F = D − C, G = D + C, H = B + A, all lazy (< 6p): they only feed the multiplications
 * of finish, which accept operands below 8p.
 */
@inline function combine(): void {
  frSubLazy(tE, tB, tA);
  frSubLazy(tF, tD, tC);
  frAddLazy(tG, tD, tC);
  frAddLazy(tH, tB, tA);
}

/** o = p + q ("add-2008-hwcd-3", a = −1, complete here); o may alias p or q. */
export function pointAdd(o: usize, p: usize, q: usize): void {
  frSubLazy(tA, py(p), px(p));
  frSubLazy(tS, py(q), px(q));
  frMul(tA, tA, tS); // A = (Y1 − X1)(Y2 − X2)
  frAddLazy(tB, py(p), px(p));
  frAddLazy(tS, py(q), px(q));
  frMul(tB, tB, tS); // B = (Y1 + X1)(Y2 + X2)
  frMul(tC, pt(p), pt(q));
  frMul(tC, tC, D2_PTR); // C = 2d'·T1·T2
  frMul(tD, pz(p), pz(q));
  frAddLazy(tD, tD, tD); // D = 2·Z1·Z2
  combine();
  finish(o, true);
}

/**
 * o = p + q, or p − q when `negate`, for q in precomputed affine form (v − u, v + u, 2d'·u·v): seven
 * multiplications. −q = (−u, v) is (v + u, v − u, −2d'·u·v) in that form, so subtracting reads the
 * first two coordinates swapped and turns C into −C, which swaps F and G.
 */
export function pointAddAffine(o: usize, p: usize, q: usize, negate: bool = false): void {
  frSubLazy(tA, py(p), px(p));
  frMul(tA, tA, negate ? q + FR_BYTES : q);
  frAddLazy(tB, py(p), px(p));
  frMul(tB, tB, negate ? q : q + FR_BYTES);
  frMul(tC, pt(p), q + 2 * FR_BYTES);
  frAddLazy(tD, pz(p), pz(p));
  if (negate) {
    frSubLazy(tE, tB, tA);
    frAddLazy(tF, tD, tC);
    frSubLazy(tG, tD, tC);
    frAddLazy(tH, tB, tA);
  } else combine();
  finish(o, true);
}

/**
 * o = 2p ("dbl-2008-hwcd", a = −1). Doubling reads only X, Y, Z, so in a chain of doublings only the
 * last one before an addition needs T (withT = false skips one multiplication).
 */
export function pointDouble(o: usize, p: usize, withT: bool): void {
  frSqr(tA, px(p)); // A = X²
  frSqr(tB, py(p)); // B = Y²
  frSqr(tC, pz(p));
  frAdd(tC, tC, tC); // C = 2Z², kept < 2p: it is subtracted below
  frAddLazy(tE, px(p), py(p));
  frSqr(tE, tE);
  frSubLazy(tE, tE, tA);
  frSubLazy(tE, tE, tB); // E = (X + Y)² − A − B (< 6p, lazy like the rest: only multiplied)
  frSubLazy(tG, tB, tA); // G = D + B with D = −A
  frSubLazy(tF, tG, tC); // F = G − C
  frSetZero(tH);
  frSubLazy(tH, tH, tA);
  frSubLazy(tH, tH, tB); // H = D − B = −A − B
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
