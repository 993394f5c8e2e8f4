/**
 * The BN254 base field Fq (q = 21888242871839275222246405745257275088696311157297823662689037894645226208583),
 * the coordinates of G1, in Montgomery form over pointers to 36-byte elements (9 × 29-bit limbs,
 * R = 2^261; scripts/build/gen/limbs.ts says why). Same conventions as assembly/field/fr.ts: no
 * allocation, outputs may alias inputs, values kept below 2q ("lazily reduced"), the canonical
 * representative (< q) produced only where it is compared or leaves the field.
 *
 * Two byte forms: canonical 32-byte little-endian integers (tests, tools) and ffjavascript's
 * Montgomery form x·2^256 mod q as 32 LE bytes (snarkjs' zkey sections and in-memory points).
 */
import {
  addLazy,
  addMod,
  canonical,
  ELEMENT_BYTES,
  LIMB_BITS,
  LIMBS,
  mulMont,
  ONE_PTR,
  P_MINUS_2_LE,
  P_PTR,
  R2_PTR,
  sqrMont,
  subLazy,
  subMod,
} from "./generated/fqMontgomery";
// The 9 × 29-bit limb layout is Fr's too: its byte codec serves both fields.
import { limbsFromBytes, limbsToBytes } from "../field/fr";
import { FROM_FFJS_PTR, TO_FFJS_PTR } from "./generated/bn254Constants";
import { scratch, SCRATCH_FQ } from "./scratch";

export {
  addLazy as fqAddLazy,
  addMod as fqAdd,
  canonical as fqCanonical,
  ELEMENT_BYTES as FQ_BYTES,
  mulMont as fqMul,
  ONE_PTR as FQ_ONE,
  sqrMont as fqSqr,
  subLazy as fqSubLazy,
  subMod as fqSub,
};

const FQ_BYTES_U: usize = <usize>ELEMENT_BYTES;
/** The plain integer 1 (not Montgomery): multiplying by it leaves Montgomery form. */
const RAW_ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0, 0]);
const ZERO: usize = memory.data(36);

// Scratch (scratch.ts): 16 table entries, then temporaries.
@inline function powTable(k: i32): usize {
  return scratch + SCRATCH_FQ + <usize>k * FQ_BYTES_U;
}
@inline function tmp(k: i32): usize {
  return scratch + SCRATCH_FQ + <usize>(16 + k) * FQ_BYTES_U;
}

export function fqCopy(o: usize, a: usize): void {
  memory.copy(o, a, FQ_BYTES_U);
}

export function fqSetZero(o: usize): void {
  memory.fill(o, 0, FQ_BYTES_U);
}

export function fqSetOne(o: usize): void {
  fqCopy(o, ONE_PTR);
}

export function fqNeg(o: usize, a: usize): void {
  subMod(o, ZERO, a);
}

/** o = 2a. */
export function fqDouble(o: usize, a: usize): void {
  addMod(o, a, a);
}

/** True when the limb vectors of a and b are equal (both must be canonical). */
@inline export function limbsEqual(a: usize, b: usize): bool {
  return memory.compare(a, b, FQ_BYTES_U) == 0;
}

export function fqIsZero(a: usize): bool {
  const t = tmp(0);
  canonical(t, a);
  return limbsEqual(t, ZERO);
}

export function fqEq(a: usize, b: usize): bool {
  const s = tmp(0);
  const t = tmp(1);
  canonical(s, a);
  canonical(t, b);
  return limbsEqual(s, t);
}

/** o = a^e, e a 256-bit little-endian integer at `exponent`: fixed 4-bit windows (as frPow). */
export function fqPow(o: usize, a: usize, exponent: usize): void {
  fqSetOne(powTable(0));
  fqCopy(powTable(1), a);
  for (let k = 2; k < 16; k++) mulMont(powTable(k), powTable(k - 1), powTable(1));
  const acc = tmp(2);
  fqSetOne(acc);
  for (let w = 63; w >= 0; w--) {
    if (w != 63) {
      sqrMont(acc, acc);
      sqrMont(acc, acc);
      sqrMont(acc, acc);
      sqrMont(acc, acc);
    }
    const digit = (<i32>load<u8>(exponent + (<usize>w >> 1)) >> ((w & 1) << 2)) & 15;
    if (digit != 0) mulMont(acc, acc, powTable(digit));
  }
  fqCopy(o, acc);
}

/** o = a⁻¹ (Fermat: a^(q−2)); returns false, leaving o = 0, when a = 0. */
export function fqInverse(o: usize, a: usize): bool {
  if (fqIsZero(a)) {
    fqSetZero(o);
    return false;
  }
  fqPow(o, a, P_MINUS_2_LE);
  return true;
}

/** True when the limb vector a (integer form) is below q. */
function belowQ(a: usize): bool {
  for (let i = LIMBS - 1; i >= 0; i--) {
    const x = load<u32>(a + (<usize>i << 2));
    const y = load<u32>(P_PTR + (<usize>i << 2));
    if (x != y) return x < y;
  }
  return false;
}

/** Reads a canonical 32-byte LE integer into Montgomery form; false if it is ≥ q (o undefined). */
export function fqFromBytes(o: usize, bytes: usize): bool {
  if (load<u8>(bytes + 31) >= 0x40) return false;
  limbsFromBytes(o, bytes);
  if (!belowQ(o)) return false;
  mulMont(o, o, R2_PTR);
  return true;
}

/** Writes the canonical 32-byte LE integer of a. */
export function fqToBytes(bytes: usize, a: usize): void {
  const t = tmp(0);
  mulMont(t, a, RAW_ONE);
  canonical(t, t);
  limbsToBytes(bytes, t);
}

/**
 * Reads ffjavascript's form (x·2^256 mod q, 32 LE bytes, below q as snarkjs writes it; anything below
 * 2^256 is accepted and reduced) into ours: o = x·2^261 mod q, < 2q.
 */
export function fqFromFfjs(o: usize, bytes: usize): void {
  limbsFromBytes(o, bytes);
  mulMont(o, o, FROM_FFJS_PTR);
}

/** Writes a in ffjavascript's form (canonical x·2^256 mod q, 32 LE bytes). */
export function fqToFfjs(bytes: usize, a: usize): void {
  const t = tmp(0);
  mulMont(t, a, TO_FFJS_PTR);
  canonical(t, t);
  limbsToBytes(bytes, t);
}
