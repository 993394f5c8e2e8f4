/**
 * GLV scalar decomposition (constants and their derivation: scripts/build/gen/glv.ts): a scalar k < r
 * becomes k1 + k2·λ with |k1|, |k2| < 2^GLV_BITS (127), so an MSM over n points with 254-bit scalars
 * becomes one over 2n points — P and φ(P) = (β·x, y), which costs one multiplication — with 127-bit
 * scalars: half the windows, so half the bucket reductions, and a wider window for the same memory.
 *
 * Integers here are little-endian u32 words; arithmetic is modulo 2^256 (two's complement), which is
 * exact because every result is known to be small.
 */
import {
  GLV_BASIS_NEG,
  GLV_BASIS_WORDS_PTR,
  GLV_G1_WORDS_PTR,
  GLV_G2_WORDS_PTR,
  GLV_G_NEG,
} from "./generated/bn254Constants";

@inline function word(p: usize, i: i32): u64 {
  return <u64>load<u32>(p + (<usize>i << 2));
}

/** c = ⌊(k·g + 2^255) / 2^256⌋ (5 words; c < 2^130) for k, g of 8 words; `prod` is 16 words of workspace. */
function roundedHighProduct(c: usize, k: usize, g: usize, prod: usize): void {
  memory.fill(prod, 0, 64);
  store<u32>(prod, 0x80000000, 28);
  for (let j = 0; j < 8; j++) {
    const gj = word(g, j);
    if (gj == 0) continue;
    let carry: u64 = 0;
    for (let i = 0; i < 8; i++) {
      const t = word(prod, i + j) + word(k, i) * gj + carry;
      store<u32>(prod + (<usize>(i + j) << 2), <u32>t);
      carry = t >> 32;
    }
    for (let i = j + 8; carry != 0 && i < 16; i++) {
      const t = word(prod, i) + carry;
      store<u32>(prod + (<usize>i << 2), <u32>t);
      carry = t >> 32;
    }
  }
  memory.copy(c, prod + 32, 20);
}

/** acc ∓= x·y mod 2^256 (x 5 words, y 4 words): subtract when `subtract`, else add. */
function mulAccumulate(acc: usize, x: usize, y: usize, subtract: bool, prod: usize): void {
  memory.fill(prod, 0, 32);
  for (let j = 0; j < 4; j++) {
    const yj = word(y, j);
    if (yj == 0) continue;
    let carry: u64 = 0;
    for (let i = 0; i < 5 && i + j < 8; i++) {
      const t = word(prod, i + j) + word(x, i) * yj + carry;
      store<u32>(prod + (<usize>(i + j) << 2), <u32>t);
      carry = t >> 32;
    }
    if (j + 5 < 8) store<u32>(prod + (<usize>(j + 5) << 2), <u32>carry);
  }
  let c: i64 = 0;
  for (let i = 0; i < 8; i++) {
    c += <i64>word(acc, i) + (subtract ? -<i64>word(prod, i) : <i64>word(prod, i));
    store<u32>(acc + (<usize>i << 2), <u32>c);
    c >>= 32;
  }
}

/** Negates a two's-complement 8-word integer when its top bit is set; returns whether it was. */
function absSigned(a: usize): bool {
  if ((load<u32>(a, 28) >> 31) == 0) return false;
  let c: i64 = 1;
  for (let i = 0; i < 8; i++) {
    // Complemented as a u32 local: `<i64>(~x)` would complement after widening to 64 bits.
    const inverted: u32 = ~load<u32>(a + (<usize>i << 2));
    c += <i64>inverted;
    store<u32>(a + (<usize>i << 2), <u32>c);
    c >>= 32;
  }
  return true;
}

/**
 * k (8 words, < r) → |k1| at k1, |k2| at k2 (8 words each); returns the signs: bit 0 set when k1 < 0,
 * bit 1 when k2 < 0. `work` is 112 bytes of workspace.
 */
export function glvDecompose(k1: usize, k2: usize, k: usize, work: usize): i32 {
  const c1 = work;
  const c2 = work + 20;
  const prod = work + 40;
  roundedHighProduct(c1, k, GLV_G1_WORDS_PTR, prod);
  roundedHighProduct(c2, k, GLV_G2_WORDS_PTR, prod);
  const a1 = GLV_BASIS_WORDS_PTR;
  const b1 = a1 + 16;
  const a2 = a1 + 32;
  const b2 = a1 + 48;
  // Sign of cᵢ·basis: sign(gᵢ) xor sign(basis entry). k1 = k − c1·a1 − c2·a2, k2 = −c1·b1 − c2·b2.
  const g1neg = (GLV_G_NEG & 1) != 0;
  const g2neg = (GLV_G_NEG & 2) != 0;
  memory.copy(k1, k, 32);
  mulAccumulate(k1, c1, a1, g1neg == ((GLV_BASIS_NEG & 1) != 0), prod);
  mulAccumulate(k1, c2, a2, g2neg == ((GLV_BASIS_NEG & 4) != 0), prod);
  memory.fill(k2, 0, 32);
  mulAccumulate(k2, c1, b1, g1neg == ((GLV_BASIS_NEG & 2) != 0), prod);
  mulAccumulate(k2, c2, b2, g2neg == ((GLV_BASIS_NEG & 8) != 0), prod);
  return (absSigned(k1) ? 1 : 0) | (absSigned(k2) ? 2 : 0);
}
