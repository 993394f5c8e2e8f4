/**
 * Multi-precision parameters shared by the code generators: how a 256-bit field element is split
 * into 29-bit limbs and how the Montgomery constants are derived from the modulus.
 *
 * Why 29-bit limbs (9 of them, R = 2^261): WebAssembly has no 64×64→128-bit multiply, only
 * i64.mul (low 64 bits of the product). With 29-bit limbs each limb product is < 2^58, so up to 63
 * products (plus small carries) sum in a u64 without overflow. Carries can therefore be deferred
 * ("lazy carries"): a Montgomery multiplication needs no carry handling inside its loop, and a whole
 * dot product Σ cᵢ·xᵢ of up to six terms accumulates before one Montgomery reduction. And since
 * R = 2^261 is ~2^7 times p, values kept below 2p (or even 8p) multiply to results below 2p: the
 * final conditional subtraction of classic Montgomery multiplication is never needed.
 */
import { mod, modPow } from "../../../src/protocol/modular/index.js";

export const LIMB_BITS = 29;
export const LIMB_COUNT = 9;
export const LIMB_MASK = (1n << BigInt(LIMB_BITS)) - 1n;
export const R_BITS = LIMB_BITS * LIMB_COUNT;

export function toLimbs(x: bigint): bigint[] {
  if (x < 0n || x >= 1n << BigInt(R_BITS)) throw new RangeError(`value does not fit ${R_BITS} bits`);
  const out: bigint[] = [];
  for (let i = 0; i < LIMB_COUNT; i++) out.push((x >> BigInt(i * LIMB_BITS)) & LIMB_MASK);
  return out;
}

/** Montgomery parameters of a prime modulus for the limb layout above. */
export function montgomeryParams(p: bigint) {
  const R = 1n << BigInt(R_BITS);
  const limbBase = 1n << BigInt(LIMB_BITS);
  // mu = -p^-1 mod 2^29: the per-limb factor that clears the lowest limb in each reduction step.
  const mu = mod(-modPow(p, limbBase / 2n - 1n, limbBase), limbBase);
  if (mod(mu * p, limbBase) !== limbBase - 1n) throw new Error("bad Montgomery mu");
  return {
    p,
    mu,
    /** R mod p: the Montgomery form of 1. */
    one: R % p,
    /** R^2 mod p: multiplying by it converts into Montgomery form. */
    r2: (R * R) % p,
    toMontgomery: (x: bigint) => (x * R) % p,
  };
}

/** Formats limbs as an AssemblyScript u32 list. */
export function limbList(x: bigint): string {
  return toLimbs(x)
    .map((l) => `0x${l.toString(16)}`)
    .join(", ");
}
