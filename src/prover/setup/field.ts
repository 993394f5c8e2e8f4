/**
 * BN254 scalar field (Fr) arithmetic on bigint, for the secrets and the per-point scalars of a
 * development setup. Roots of unity follow ffjavascript (and so snarkjs): ω of order 2^28 is
 * 5^((r-1)/2^28), and ω of order 2^k is its 2^(28-k)-th power, so Lagrange bases match snarkjs' FFTs.
 */
import { randomBytes } from "node:crypto";

export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** Two-adicity of r - 1. */
export const TWO_ADICITY = 28;

export function mod(a: bigint): bigint {
  const m = a % R;
  return m < 0n ? m + R : m;
}

export function mul(a: bigint, b: bigint): bigint {
  return (a * b) % R;
}

export function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % R;
    b = (b * b) % R;
    e >>= 1n;
  }
  return result;
}

/** Inverse by the extended Euclidean algorithm; a must be nonzero. */
export function inv(a: bigint): bigint {
  let [r0, r1] = [mod(a), R];
  let [s0, s1] = [1n, 0n];
  if (r0 === 0n) throw new RangeError("inverse of zero");
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0);
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

/** Writes v (0 <= v < 2^256) as 32 little-endian bytes. */
export function writeLE(view: DataView, offset: number, v: bigint): void {
  view.setBigUint64(offset, v & 0xffffffffffffffffn, true);
  view.setBigUint64(offset + 8, (v >> 64n) & 0xffffffffffffffffn, true);
  view.setBigUint64(offset + 16, (v >> 128n) & 0xffffffffffffffffn, true);
  view.setBigUint64(offset + 24, v >> 192n, true);
}

/** Reads 32 little-endian bytes. */
export function readLE(view: DataView, offset: number): bigint {
  return (
    view.getBigUint64(offset, true) |
    (view.getBigUint64(offset + 8, true) << 64n) |
    (view.getBigUint64(offset + 16, true) << 128n) |
    (view.getBigUint64(offset + 24, true) << 192n)
  );
}
