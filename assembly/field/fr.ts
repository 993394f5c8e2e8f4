/**
 * The BN254 scalar field Fr (p = 21888242871839275222246405745257275088548364400416034343698204186575808495617)
 * in Montgomery form, over pointers to 36-byte elements (9 × u32 limbs of 29 bits, see
 * scripts/build/gen/limbs.ts for why). Nothing here allocates: every operation writes into an output
 * slot, which may alias an input.
 *
 * Value invariant ("lazily reduced"): element values are kept below 2p, not below p. Multiplication
 * accepts inputs well beyond that (anything below ~8p) and returns < 2p, so additions can skip their
 * reduction on hot paths (frAddLazy). The canonical representative (< p) is produced only when an
 * element leaves the field: frToBytes, frEq, frIsZero.
 */
import {
  dotMont,
  ELEMENT_BYTES,
  LIMB_BITS,
  LIMBS,
  MASK,
  mulMont,
  ONE_PTR,
  HALF_P_PTR,
  P_MINUS_2_LE,
  P_PTR,
  R2_PTR,
  sqrMont,
  TWO_P_PTR,
} from "./generated/frMontgomery";

export { dotMont as frDot, ELEMENT_BYTES as FR_BYTES, mulMont as frMul, sqrMont as frSqr };

/** Scratch elements for the few operations that need temporaries (never exposed). */
const TMP_A: usize = memory.data(ELEMENT_BYTES);
const TMP_B: usize = memory.data(ELEMENT_BYTES);
const TMP_POW_INV: usize = memory.data(ELEMENT_BYTES);
/** The plain integer 1 (not Montgomery): multiplying by it leaves Montgomery form. */
const RAW_ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0, 0]);

@inline function limb(a: usize, i: i32): u64 {
  return <u64>load<u32>(a + (<usize>i << 2));
}

/** Compares two limb vectors as integers: −1, 0 or 1. */
export function limbsCompare(a: usize, b: usize): i32 {
  for (let i = LIMBS - 1; i >= 0; i--) {
    const x = limb(a, i);
    const y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** o = a − b as integers; requires a ≥ b. */
function limbsSub(o: usize, a: usize, b: usize): void {
  let borrow: i64 = 0;
  for (let i = 0; i < LIMBS; i++) {
    const d = <i64>limb(a, i) - <i64>limb(b, i) + borrow;
    store<u32>(o + (<usize>i << 2), <u32>(<u64>d & MASK));
    borrow = d >> LIMB_BITS; // arithmetic shift: 0 or −1
  }
}

export function frCopy(o: usize, a: usize): void {
  memory.copy(o, a, ELEMENT_BYTES);
}

export function frSetZero(o: usize): void {
  memory.fill(o, 0, ELEMENT_BYTES);
}

export function frSetOne(o: usize): void {
  frCopy(o, ONE_PTR);
}

/** o = a + b without reduction (the sum of two values < 2^259 still fits the limbs). */
export function frAddLazy(o: usize, a: usize, b: usize): void {
  let c: u64 = 0;
  for (let i = 0; i < LIMBS; i++) {
    c += limb(a, i) + limb(b, i);
    store<u32>(o + (<usize>i << 2), <u32>(c & MASK));
    c >>= LIMB_BITS;
  }
}

/** Brings a value below 4p back below 2p. */
export function frReduce2p(o: usize, a: usize): void {
  if (limbsCompare(a, TWO_P_PTR) >= 0) limbsSub(o, a, TWO_P_PTR);
  else if (o != a) frCopy(o, a);
}

/** o = a + b, inputs and output < 2p. */
export function frAdd(o: usize, a: usize, b: usize): void {
  frAddLazy(o, a, b);
  frReduce2p(o, o);
}

/**
 * o = a + 2p − b without reduction, for values that only feed multiplications (which accept < 8p):
 * b must be < 2p; the result is < a + 2p.
 */
export function frSubLazy(o: usize, a: usize, b: usize): void {
  let c: i64 = 0;
  for (let i = 0; i < LIMBS; i++) {
    c += <i64>limb(a, i) + <i64>limb(TWO_P_PTR, i) - <i64>limb(b, i);
    store<u32>(o + (<usize>i << 2), <u32>(<u64>c & MASK));
    c >>= LIMB_BITS;
  }
}

/** o = a − b, inputs and output < 2p (computed as a + 2p − b, never negative). */
export function frSub(o: usize, a: usize, b: usize): void {
  frSubLazy(o, a, b);
  frReduce2p(o, o);
}

export function frNeg(o: usize, a: usize): void {
  frSetZero(TMP_A);
  frSub(o, TMP_A, a);
}

/** Reduces a value < 2p to its canonical representative < p. */
export function frCanonical(o: usize, a: usize): void {
  if (limbsCompare(a, P_PTR) >= 0) limbsSub(o, a, P_PTR);
  else if (o != a) frCopy(o, a);
}

export function frToMont(o: usize, a: usize): void {
  mulMont(o, a, R2_PTR);
}

/** Leaves Montgomery form and reduces: o is the canonical integer. */
export function frFromMont(o: usize, a: usize): void {
  mulMont(o, a, RAW_ONE);
  frCanonical(o, o);
}

export function frEq(a: usize, b: usize): bool {
  frCanonical(TMP_A, a);
  frCanonical(TMP_B, b);
  return memory.compare(TMP_A, TMP_B, ELEMENT_BYTES) == 0;
}

export function frIsZero(a: usize): bool {
  frCanonical(TMP_A, a);
  for (let i = 0; i < LIMBS; i++) if (limb(TMP_A, i) != 0) return false;
  return true;
}

const POW_TABLE: usize = memory.data(16 * ELEMENT_BYTES);

/**
 * o = a^e, e a 256-bit little-endian integer at `exponent`: fixed 4-bit windows, most significant
 * first (about 64 multiplications instead of ~128 for bit-by-bit on a random exponent).
 */
export function frPow(o: usize, a: usize, exponent: usize): void {
  frSetOne(POW_TABLE);
  frCopy(POW_TABLE + ELEMENT_BYTES, a);
  for (let k = 2; k < 16; k++) {
    const at = POW_TABLE + <usize>(k * ELEMENT_BYTES);
    mulMont(at, at - ELEMENT_BYTES, POW_TABLE + ELEMENT_BYTES);
  }
  let top = 63;
  while (top >= 0 && nibbleOf(exponent, top) == 0) top--;
  if (top < 0) {
    frSetOne(o);
    return;
  }
  frCopy(o, POW_TABLE + <usize>(nibbleOf(exponent, top) * ELEMENT_BYTES));
  for (let w = top - 1; w >= 0; w--) {
    sqrMont(o, o);
    sqrMont(o, o);
    sqrMont(o, o);
    sqrMont(o, o);
    const digit = nibbleOf(exponent, w);
    if (digit != 0) mulMont(o, o, POW_TABLE + <usize>(digit * ELEMENT_BYTES));
  }
}

/** Nibble i (4 bits, least significant first) of a little-endian integer: frPow's window digits. */
@inline export function nibbleOf(bytes: usize, i: i32): i32 {
  return (<i32>load<u8>(bytes + (<usize>i >> 1)) >> ((i & 1) << 2)) & 15;
}

/** o = a⁻¹ (Fermat: a^(p−2)); returns false, leaving o = 0, when a = 0. */
export function frInverse(o: usize, a: usize): bool {
  if (frIsZero(a)) {
    frSetZero(o);
    return false;
  }
  frPow(o, a, P_MINUS_2_LE);
  return true;
}

/** True when a's canonical value is above (p − 1)/2: circomlib's "negative" (used for point signs). */
export function frIsNegative(a: usize): bool {
  frFromMont(TMP_A, a);
  return limbsCompare(TMP_A, HALF_P_PTR) > 0;
}

/** Splits 32 little-endian bytes into 9 limbs of 29 bits (integer form, no reduction). */
export function limbsFromBytes(o: usize, bytes: usize): void {
  for (let i = 0; i < LIMBS; i++) {
    const bit = i * LIMB_BITS;
    const word = bit >> 6;
    const shift = <u64>(bit & 63);
    let v = load<u64>(bytes + (<usize>word << 3)) >> shift;
    if (shift > 64 - <u64>LIMB_BITS && word < 3) v |= load<u64>(bytes + (<usize>(word + 1) << 3)) << (64 - shift);
    store<u32>(o + (<usize>i << 2), <u32>(v & MASK));
  }
}

/** Joins 9 limbs (an integer < 2^256) into 32 little-endian bytes. */
export function limbsToBytes(bytes: usize, a: usize): void {
  let w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0;
  for (let i = 0; i < LIMBS; i++) {
    const bit = i * LIMB_BITS;
    const word = bit >> 6;
    const shift = <u64>(bit & 63);
    const v = limb(a, i);
    const lo = v << shift;
    const hi = shift > 64 - <u64>LIMB_BITS ? v >> (64 - shift) : 0;
    if (word == 0) { w0 |= lo; w1 |= hi; }
    else if (word == 1) { w1 |= lo; w2 |= hi; }
    else if (word == 2) { w2 |= lo; w3 |= hi; }
    else { w3 |= lo; }
  }
  store<u64>(bytes, w0);
  store<u64>(bytes, w1, 8);
  store<u64>(bytes, w2, 16);
  store<u64>(bytes, w3, 24);
}

/**
 * Reads a canonical element (32 bytes little-endian, value < p) into Montgomery form.
 * Returns false, writing nothing useful, when the value is ≥ p: such input is rejected, never reduced.
 */
export function frFromBytes(o: usize, bytes: usize): bool {
  limbsFromBytes(TMP_A, bytes);
  // A value ≥ 2^261 cannot occur (32 bytes), but bits 256..260 are zero by construction.
  if (limbsCompare(TMP_A, P_PTR) >= 0) return false;
  mulMont(o, TMP_A, R2_PTR);
  return true;
}

/**
 * Reads any 256-bit little-endian integer into Montgomery form reduced modulo p (Montgomery
 * multiplication by R² accepts inputs up to 2^261, so no separate reduction is needed). For the one
 * place circomlib reduces instead of rejecting: a compressed point's y.
 */
export function frFromBytesModP(o: usize, bytes: usize): void {
  limbsFromBytes(TMP_A, bytes);
  mulMont(o, TMP_A, R2_PTR);
}

/** Compares two 256-bit little-endian integers: −1, 0 or 1. */
export function u256CompareLE(a: usize, b: usize): i32 {
  for (let i = 24; i >= 0; i -= 8) {
    const x = load<u64>(a + <usize>i);
    const y = load<u64>(b + <usize>i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Writes the canonical 32-byte little-endian form of a (Montgomery) element. */
export function frToBytes(bytes: usize, a: usize): void {
  frFromMont(TMP_B, a);
  limbsToBytes(bytes, TMP_B);
}

/**
 * Montgomery's batch inversion: out[i] = in[i]⁻¹ for n elements (36-byte stride) with one field
 * inversion and 3(n−1) multiplications. Zero elements yield zero and do not spoil the others.
 * `scratch` holds n elements; out may alias in.
 */
export function frBatchInverse(out: usize, input: usize, n: i32, scratch: usize): void {
  if (n <= 0) return;
  // scratch[i] = product of the non-zero in[0..i]
  frSetOne(TMP_B);
  for (let i = 0; i < n; i++) {
    const x = input + <usize>(i * ELEMENT_BYTES);
    if (!frIsZero(x)) mulMont(TMP_B, TMP_B, x);
    frCopy(scratch + <usize>(i * ELEMENT_BYTES), TMP_B);
  }
  frInverse(TMP_POW_INV, TMP_B);
  for (let i = n - 1; i >= 0; i--) {
    const x = input + <usize>(i * ELEMENT_BYTES);
    const o = out + <usize>(i * ELEMENT_BYTES);
    if (frIsZero(x)) {
      frSetZero(o);
      continue;
    }
    // in[i]⁻¹ = (product up to i−1) · (product up to i)⁻¹
    if (i > 0) mulMont(TMP_B, TMP_POW_INV, scratch + <usize>((i - 1) * ELEMENT_BYTES));
    else frCopy(TMP_B, TMP_POW_INV);
    mulMont(TMP_POW_INV, TMP_POW_INV, x); // now the inverse of the product up to i−1
    frCopy(o, TMP_B);
  }
}
