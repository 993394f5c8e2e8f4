/**
 * BN254 scalar field (Fr) arithmetic on bigint, for the secrets and the per-point scalars of a
 * development setup. Roots of unity follow ffjavascript (and so snarkjs): ω of order 2^28 is
 * 5^((r-1)/2^28), and ω of order 2^k is its 2^(28-k)-th power, so Lagrange bases match snarkjs' FFTs.
 */
import { randomBytes } from "node:crypto";
import { FIELD_MODULUS } from "../../protocol/constants.js";
import { mod as modAny, modInverse, modPow } from "../../protocol/modular/index.js";

export const R = FIELD_MODULUS;
/** Two-adicity of r - 1. */
export const TWO_ADICITY = 28;

export function mod(a: bigint): bigint {
  return modAny(a, R);
}

export function mul(a: bigint, b: bigint): bigint {
  return (a * b) % R;
}

export function pow(base: bigint, exp: bigint): bigint {
  return modPow(base, exp, R);
}

/** Inverse (extended Euclid); a must be nonzero. */
export function inv(a: bigint): bigint {
  return modInverse(a, R);
}

/**
 * Replaces every element v by scale/v with one inversion (Montgomery's trick; the scale rides on the
 * one inverse for free). Elements must be nonzero.
 */
export function batchInvert(values: bigint[], scale = 1n): void {
  const n = values.length;
  if (n === 0) return;
  const prefix = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]!) % R;
  }
  let accInv = (inv(acc) * scale) % R;
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i]!;
    values[i] = (accInv * prefix[i]!) % R;
    accInv = (accInv * v) % R;
  }
}

/** The primitive 2^log-th root of unity snarkjs uses for a domain of that size. */
export function rootOfUnity(log: number): bigint {
  if (log < 0 || log > TWO_ADICITY) throw new RangeError(`no root of unity of order 2^${log}`);
  let w = pow(5n, (R - 1n) >> BigInt(TWO_ADICITY));
  for (let i = log; i < TWO_ADICITY; i++) w = (w * w) % R;
  return w;
}

/** A uniformly random nonzero field element (512 random bits reduced, so the bias is negligible). */
export function randomNonZero(): bigint {
  for (;;) {
    const v = mod(BigInt(`0x${randomBytes(64).toString("hex")}`));
    if (v !== 0n) return v;
  }
}

/** 32-byte little-endian integers, as in every snarkjs file section this setup writes. */
export { readU256LE as readLE, writeU256LE as writeLE } from "../../protocol/bits/index.js";
