/**
 * Compact exact decimal floats for amounts and fees (docs/protocol.md §2.3).
 *
 * value = mantissa · 10^exponent, packed as `mantissa + exponent · 2^mantissaBits`. A value is representable
 * when some exponent divides it exactly and leaves a mantissa that fits; its canonical encoding uses the
 * smallest such exponent, so every representable value has exactly one encoding. Nothing is ever rounded.
 */
import { packBits } from "./packBits.js";

export interface FloatFormat {
  readonly mantissaBits: number;
  readonly exponentBits: number;
}

/** The canonical packed encoding of `value`, or undefined if it has no exact encoding. */
export function encodeFloat(value: bigint, f: FloatFormat): bigint | undefined {
  if (value < 0n) return undefined;
  const maxMantissa = 1n << BigInt(f.mantissaBits);
  const maxExponent = (1 << f.exponentBits) - 1;
  let m = value;
  for (let e = 0; e <= maxExponent; e++) {
    if (m < maxMantissa)
      return packBits([
        [m, f.mantissaBits],
        [BigInt(e), f.exponentBits],
      ]);
    if (m % 10n !== 0n) return undefined;
    m /= 10n;
  }
  return undefined;
}

/** The value of a packed float, or undefined if the encoding is not the canonical one for its value. */
export function decodeFloat(packed: bigint, f: FloatFormat): bigint | undefined {
  const width = BigInt(f.mantissaBits + f.exponentBits);
  if (packed < 0n || packed >> width !== 0n) return undefined;
  const m = packed & ((1n << BigInt(f.mantissaBits)) - 1n);
  const e = packed >> BigInt(f.mantissaBits);
  const value = m * 10n ** e;
  return encodeFloat(value, f) === packed ? value : undefined;
}

/** The largest value a format can represent (its mantissa all ones at the largest exponent). */
export function maxFloat(f: FloatFormat): bigint {
  return ((1n << BigInt(f.mantissaBits)) - 1n) * 10n ** BigInt((1 << f.exponentBits) - 1);
}
