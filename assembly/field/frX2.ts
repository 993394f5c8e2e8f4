/**
 * Two-lane Fr arithmetic for batched hashing: the field of field/fr.ts computed on two independent
 * elements at once with WebAssembly SIMD. The multiplications and the reduction below 2p are
 * generated (scripts/build/gen/montgomeryX2.ts, which also draws the 72-byte pair layout: limb i of
 * lanes A and B at bytes 8i and 8i + 4); this file holds the lazy addition and the conversions
 * between pairs and scalar elements. Same value invariants as fr.ts (lazily reduced, < 2p), lane by
 * lane; nothing allocates and outputs may alias inputs.
 */
import { nibbleOf } from "./fr";
import { LIMB_BITS, LIMBS, MASK, ONE_PTR, TWO_P_PTR } from "./generated/frMontgomery";
import {
  dotX2,
  mulAddSharedX2,
  mulSharedAddX2,
  mulX2,
  PAIR_BYTES,
  reduce2pX2,
  sqrX2,
} from "./generated/frMontgomeryX2";

export { dotX2 as frDotX2, mulAddSharedX2 as frMulAddSharedX2, mulSharedAddX2 as frMulSharedAddX2 };
export { mulX2 as frMulX2, PAIR_BYTES as FR_PAIR_BYTES, reduce2pX2 as frReduce2pX2, sqrX2 as frSqrX2 };

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

/** Writes the scalar element a into one lane (0 = A, 1 = B) of the pair o; the other lane is kept. */
export function frPairSetLane(o: usize, lane: i32, a: usize): void {
  const at = o + (<usize>lane << 2);
  for (let i = 0; i < LIMBS; i++) store<u32>(at + (<usize>i << 3), load<u32>(a + (<usize>i << 2)));
}

/** Sets both lanes to zero. */
export function frSetZeroX2(o: usize): void {
  memory.fill(o, 0, PAIR_BYTES);
}

export function frCopyX2(o: usize, a: usize): void {
  memory.copy(o, a, PAIR_BYTES);
}

/** o = a + b in both lanes; no reduction (as fr.ts frAddLazy). */
export function frAddLazyX2(o: usize, a: usize, b: usize): void {
  const mask = i32x4.splat(<i32>MASK);
  let carry = i32x4.splat(0);
  for (let i = 0; i < LIMBS; i++) {
    // Limbs < 2^29: the u32 lanes hold the sum and its carry. Lanes 2 and 3 are never stored.
    const v = i32x4.add(i32x4.add(v128.load64_zero(a + (<usize>i << 3)), v128.load64_zero(b + (<usize>i << 3))), carry);
    v128.store64_lane(o + (<usize>i << 3), i == LIMBS - 1 ? v : v128.and(v, mask), 0);
    carry = i32x4.shr_u(v, LIMB_BITS);
  }
}

/** o = a + 2p − b in both lanes, no reduction (as fr.ts frSubLazy: b < 2p, the result < a + 2p). */
export function frSubLazyX2(o: usize, a: usize, b: usize): void {
  const mask = i32x4.splat(<i32>MASK);
  let carry = i32x4.splat(0);
  for (let i = 0; i < LIMBS; i++) {
    // Each lane's limb sum lies in (−2^29 − 1, 2^30): an i32 with an arithmetic carry.
    const sum = i32x4.add(v128.load64_zero(a + (<usize>i << 3)), v128.load32_splat(TWO_P_PTR + (<usize>i << 2)));
    const v = i32x4.add(i32x4.sub(sum, v128.load64_zero(b + (<usize>i << 3))), carry);
    v128.store64_lane(o + (<usize>i << 3), i == LIMBS - 1 ? v : v128.and(v, mask), 0);
    carry = i32x4.shr_s(v, LIMB_BITS);
  }
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

const POW_TABLE_X2: usize = memory.data(16 * PAIR_BYTES);

/**
 * o = a^e in both lanes, e a 256-bit little-endian exponent shared by the lanes: fr.ts frPow's fixed
 * 4-bit windows on pairs, for batches of exponentiations by one exponent (square roots).
 */
export function frPowX2(o: usize, a: usize, exponent: usize): void {
  frPairJoin(POW_TABLE_X2, ONE_PTR, ONE_PTR);
  frCopyX2(POW_TABLE_X2 + PAIR_BYTES, a);
  for (let k = 2; k < 16; k++) {
    const at = POW_TABLE_X2 + <usize>(k * PAIR_BYTES);
    mulX2(at, at - PAIR_BYTES, POW_TABLE_X2 + PAIR_BYTES);
  }
  let top = 63;
  while (top >= 0 && nibbleOf(exponent, top) == 0) top--;
  if (top < 0) {
    frCopyX2(o, POW_TABLE_X2);
    return;
  }
  frCopyX2(o, POW_TABLE_X2 + <usize>(nibbleOf(exponent, top) * PAIR_BYTES));
  for (let w = top - 1; w >= 0; w--) {
    sqrX2(o, o);
    sqrX2(o, o);
    sqrX2(o, o);
    sqrX2(o, o);
    const digit = nibbleOf(exponent, w);
    if (digit != 0) mulX2(o, o, POW_TABLE_X2 + <usize>(digit * PAIR_BYTES));
  }
}
