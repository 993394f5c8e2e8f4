/**
 * Two-lane Fr arithmetic for batched hashing: the field of field/fr.ts computed on two independent
 * elements at once with WebAssembly SIMD. The multiplications are generated
 * (scripts/build/gen/montgomeryX2.ts, which also draws the 72-byte pair layout: limb i of lanes A
 * and B at bytes 8i and 8i + 4); this file holds the additions, the reduction and the conversions
 * between pairs and scalar elements. Same value invariants as fr.ts (lazily reduced, < 2p), lane by
 * lane; nothing allocates and outputs may alias inputs.
 */
import { ELEMENT_BYTES, LIMBS, LIMB_BITS, MASK, TWO_P_PTR } from "./generated/frMontgomery";
import { dotX2, mulAddSharedX2, mulSharedAddX2, mulX2, PAIR_BYTES, sqrX2 } from "./generated/frMontgomeryX2";

export { dotX2 as frDotX2, mulAddSharedX2 as frMulAddSharedX2, mulSharedAddX2 as frMulSharedAddX2 };
export { mulX2 as frMulX2, PAIR_BYTES as FR_PAIR_BYTES, sqrX2 as frSqrX2 };

/** Writes the pair (a, b) from two scalar elements. */
export function frPairJoin(o: usize, a: usize, b: usize): void {
  for (let i = 0; i < LIMBS; i++) {
    store<u32>(o + (<usize>i << 3), load<u32>(a + (<usize>i << 2)));
    store<u32>(o + (<usize>i << 3), load<u32>(b + (<usize>i << 2)), 4);
  }
}

/** Splits a pair into two scalar elements (lane A to a, lane B to b). */
export function frPairSplit(a: usize, b: usize, pair: usize): void {
  for (let i = 0; i < LIMBS; i++) {
    store<u32>(a + (<usize>i << 2), load<u32>(pair + (<usize>i << 3)));
    store<u32>(b + (<usize>i << 2), load<u32>(pair + (<usize>i << 3), 4));
  }
}

/** Sets both lanes to zero. */
export function frSetZeroX2(o: usize): void {
  memory.fill(o, 0, PAIR_BYTES);
}

export function frCopyX2(o: usize, a: usize): void {
  memory.copy(o, a, PAIR_BYTES);
}

/** o = a + c in both lanes, c a scalar element shared by the lanes; no reduction (as frAddLazy). */
export function frAddSharedLazyX2(o: usize, a: usize, c: usize): void {
  const mask = i32x4.splat(<i32>MASK);
  let carry = i32x4.splat(0);
  for (let i = 0; i < LIMBS; i++) {
    // Limbs < 2^29: the u32 lanes hold the sum and its carry. Lanes 2 and 3 are never stored.
    const v = i32x4.add(i32x4.add(v128.load64_zero(a + (<usize>i << 3)), v128.load32_splat(c + (<usize>i << 2))), carry);
    v128.store64_lane(o + (<usize>i << 3), i == LIMBS - 1 ? v : v128.and(v, mask), 0);
    carry = i32x4.shr_u(v, LIMB_BITS);
  }
}

/**
 * Brings both lanes from below 4p to below 2p without branches: a − 2p is computed with signed
 * borrows, and each lane keeps a where that went negative and a − 2p elsewhere.
 */
export function frReduce2pX2(o: usize, a: usize): void {
  const mask = i32x4.splat(<i32>MASK);
  let borrow = i32x4.splat(0);
  // Unrolled so that the nine limbs of a and of a − 2p stay in registers until the select.
  const a0 = v128.load64_zero(a, 0);
  const a1 = v128.load64_zero(a, 8);
  const a2 = v128.load64_zero(a, 16);
  const a3 = v128.load64_zero(a, 24);
  const a4 = v128.load64_zero(a, 32);
  const a5 = v128.load64_zero(a, 40);
  const a6 = v128.load64_zero(a, 48);
  const a7 = v128.load64_zero(a, 56);
  const a8 = v128.load64_zero(a, 64);
  let d = i32x4.sub(a0, v128.load32_splat(TWO_P_PTR, 0));
  const d0 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a1, v128.load32_splat(TWO_P_PTR, 4)), borrow);
  const d1 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a2, v128.load32_splat(TWO_P_PTR, 8)), borrow);
  const d2 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a3, v128.load32_splat(TWO_P_PTR, 12)), borrow);
  const d3 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a4, v128.load32_splat(TWO_P_PTR, 16)), borrow);
  const d4 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a5, v128.load32_splat(TWO_P_PTR, 20)), borrow);
  const d5 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a6, v128.load32_splat(TWO_P_PTR, 24)), borrow);
  const d6 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a7, v128.load32_splat(TWO_P_PTR, 28)), borrow);
  const d7 = v128.and(d, mask);
  borrow = i32x4.shr_s(d, LIMB_BITS);
  d = i32x4.add(i32x4.sub(a8, v128.load32_splat(TWO_P_PTR, 32)), borrow);
  const d8 = v128.and(d, mask);
  // −1 in a lane where a < 2p (keep a), 0 where a ≥ 2p (take a − 2p).
  const keep = i32x4.shr_s(d, LIMB_BITS);
  v128.store64_lane(o, v128.bitselect(a0, d0, keep), 0, 0);
  v128.store64_lane(o, v128.bitselect(a1, d1, keep), 0, 8);
  v128.store64_lane(o, v128.bitselect(a2, d2, keep), 0, 16);
  v128.store64_lane(o, v128.bitselect(a3, d3, keep), 0, 24);
  v128.store64_lane(o, v128.bitselect(a4, d4, keep), 0, 32);
  v128.store64_lane(o, v128.bitselect(a5, d5, keep), 0, 40);
  v128.store64_lane(o, v128.bitselect(a6, d6, keep), 0, 48);
  v128.store64_lane(o, v128.bitselect(a7, d7, keep), 0, 56);
  v128.store64_lane(o, v128.bitselect(a8, d8, keep), 0, 64);
}

/** The scalar element size, for callers that step through shared constant tables. */
export const FR_SHARED_BYTES: i32 = ELEMENT_BYTES;
