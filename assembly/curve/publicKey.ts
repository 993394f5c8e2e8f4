/**
 * The public-key rule of docs/protocol.md §3.4: a key stored in a leaf is a point of Baby Jubjub's
 * prime-order subgroup other than the identity, exactly circomlibjs' `inCurve && inSubgroup` and not
 * (0, 1) as the protocol's `isValidPublicKey` decides it. Checked for each creating deposit, genesis
 * account and restored account, so it must be fast: one multiplication by the subgroup order l in the
 * core (≈ 250 doublings), where circomlibjs needs ≈ 19 ms in JS.
 */
import { FR_BYTES, frEq, frFromBytes, frIsZero, frSetOne } from "../field/fr";
import { affineOnCurve, POINT_BYTES, pointFromAffine, pointMul, px, py, pz } from "./babyjub";
import { SUBORDER_LE } from "./generated/babyjubConstants";

const X: usize = memory.data(FR_BYTES);
const Y: usize = memory.data(FR_BYTES);
const ONE: usize = memory.data(FR_BYTES);
const P: usize = memory.data(POINT_BYTES);
const Q: usize = memory.data(POINT_BYTES);

/**
 * True when (ax, ay), 32-byte canonical little-endian coordinates at `ax` and `ay`, is a valid L2 key:
 * both below p, on the curve, not the identity, and l·(ax, ay) = identity.
 */
export function isValidPublicKey(ax: usize, ay: usize): bool {
  if (!frFromBytes(X, ax) || !frFromBytes(Y, ay)) return false;
  if (!affineOnCurve(X, Y)) return false;
  frSetOne(ONE);
  if (frIsZero(X) && frEq(Y, ONE)) return false;
  pointFromAffine(P, X, Y);
  pointMul(Q, P, SUBORDER_LE);
  // The identity in extended coordinates: X = 0 and Y = Z.
  return frIsZero(px(Q)) && frEq(py(Q), pz(Q));
}
