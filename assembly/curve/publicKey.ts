/**
 * The public-key rule of docs/protocol.md §3.4: a key stored in a leaf is a point of Baby Jubjub's
 * prime-order subgroup other than the identity, exactly circomlibjs' `inCurve && inSubgroup` and not
 * (0, 1) as the protocol's `isValidPublicKey` decides it. Checked for each creating deposit, genesis
 * account and restored account, so it must be fast: one multiplication by the subgroup order l in the
 * core (≈ 250 doublings), where circomlibjs needs ≈ 19 ms in JS; two keys at once share one pass
 * through the two-lane SIMD arithmetic (the scalar l is the same for both, so the lanes never diverge).
 */
import { FR_BYTES, frEq, frFromBytes, frIsZero, frSetOne } from "../field/fr";
import { affineOnCurve, POINT_BYTES, pointFromAffine, pointMul, px, py, pz } from "./babyjub";
import { POINT_PAIR_BYTES, pointJoinX2, pointMulX2, pointSplitX2 } from "./babyjubX2";
import { SUBORDER_LE } from "./generated/babyjubConstants";

const X: usize = memory.data(FR_BYTES);
const Y: usize = memory.data(FR_BYTES);
const ONE: usize = memory.data(FR_BYTES);
const P: usize = memory.data(POINT_BYTES);
const Q: usize = memory.data(POINT_BYTES);

const P_B: usize = memory.data(POINT_BYTES);
const Q_B: usize = memory.data(POINT_BYTES);
const PAIR: usize = memory.data(POINT_PAIR_BYTES);

/** Reads (ax, ay) into the extended point `o`; false if a coordinate is ≥ p, off the curve or the identity. */
function prepare(o: usize, ax: usize, ay: usize): bool {
  if (!frFromBytes(X, ax) || !frFromBytes(Y, ay)) return false;
  if (!affineOnCurve(X, Y)) return false;
  frSetOne(ONE);
  if (frIsZero(X) && frEq(Y, ONE)) return false;
  pointFromAffine(o, X, Y);
  return true;
}

/** The identity in extended coordinates: X = 0 and Y = Z. */
function isIdentity(q: usize): bool {
  return frIsZero(px(q)) && frEq(py(q), pz(q));
}

/**
 * True when (ax, ay), 32-byte canonical little-endian coordinates at `ax` and `ay`, is a valid L2 key:
 * both below p, on the curve, not the identity, and l·(ax, ay) = identity.
 */
export function isValidPublicKey(ax: usize, ay: usize): bool {
  if (!prepare(P, ax, ay)) return false;
  pointMul(Q, P, SUBORDER_LE);
  return isIdentity(Q);
}

/** isValidPublicKey of two keys, their multiplications by l in one SIMD pass: bit 0 key A, bit 1 key B. */
export function arePublicKeysValidX2(axA: usize, ayA: usize, axB: usize, ayB: usize): i32 {
  const a = prepare(P, axA, ayA);
  const b = prepare(P_B, axB, ayB);
  if (a && b) {
    pointJoinX2(PAIR, P, P_B);
    pointMulX2(PAIR, PAIR, SUBORDER_LE);
    pointSplitX2(Q, Q_B, PAIR);
    return (isIdentity(Q) ? 1 : 0) | (isIdentity(Q_B) ? 2 : 0);
  }
  if (a) {
    pointMul(Q, P, SUBORDER_LE);
    return isIdentity(Q) ? 1 : 0;
  }
  if (b) {
    pointMul(Q_B, P_B, SUBORDER_LE);
    return isIdentity(Q_B) ? 2 : 0;
  }
  return 0;
}
