/**
 * Fq2 = Fq[u]/(u² + 1), the coordinates of BN254's G2 (the twist), over pointers to 72-byte
 * elements: c0 then c1, each an Fq element as in fq.ts (Montgomery, < 2q). No allocation; outputs may
 * alias inputs (every product is formed in scratch before the output is written).
 */
import {
  FQ_BYTES,
  FQ_ONE,
  fqAdd,
  fqAddLazy,
  fqCanonical,
  fqCopy,
  fqDouble,
  fqInverse,
  fqIsZero,
  fqMul,
  fqNeg,
  fqSetZero,
  fqSqr,
  fqSub,
  fqSubLazy,
} from "./fq";
import { scratch, SCRATCH_FQ2 } from "./scratch";

const H: usize = <usize>FQ_BYTES;
export const FQ2_BYTES: i32 = 2 * FQ_BYTES;

@inline function tmp(k: i32): usize {
  return scratch + SCRATCH_FQ2 + <usize>k * H;
}

export function fq2Copy(o: usize, a: usize): void {
  memory.copy(o, a, 2 * H);
}

export function fq2SetZero(o: usize): void {
  memory.fill(o, 0, 2 * H);
}

export function fq2SetOne(o: usize): void {
  fqCopy(o, FQ_ONE);
  fqSetZero(o + H);
}

export function fq2Add(o: usize, a: usize, b: usize): void {
  fqAdd(o, a, b);
  fqAdd(o + H, a + H, b + H);
}

export function fq2Sub(o: usize, a: usize, b: usize): void {
  fqSub(o, a, b);
  fqSub(o + H, a + H, b + H);
}

/** Unreduced a + b and a + 2q − b per component (fq.ts: operands of multiplications only). */
export function fq2AddLazy(o: usize, a: usize, b: usize): void {
  fqAddLazy(o, a, b);
  fqAddLazy(o + H, a + H, b + H);
}

export function fq2SubLazy(o: usize, a: usize, b: usize): void {
  fqSubLazy(o, a, b);
  fqSubLazy(o + H, a + H, b + H);
}

export function fq2Double(o: usize, a: usize): void {
  fqDouble(o, a);
  fqDouble(o + H, a + H);
}

export function fq2Neg(o: usize, a: usize): void {
  fqNeg(o, a);
  fqNeg(o + H, a + H);
}

export function fq2Canonical(o: usize, a: usize): void {
  fqCanonical(o, a);
  fqCanonical(o + H, a + H);
}

export function fq2IsZero(a: usize): bool {
  return fqIsZero(a) && fqIsZero(a + H);
}

/**
 * Karatsuba: (a0 + a1·u)(b0 + b1·u) = (a0b0 − a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)·u,
 * three Fq multiplications instead of four. (Two-term dot products per component — 4 products, 2
 * reductions, no additions — measured the same in G2's MSM, so the textbook form stays.)
 */
export function fq2Mul(o: usize, a: usize, b: usize): void {
  const t0 = tmp(0);
  const t1 = tmp(1);
  const sa = tmp(2);
  const sb = tmp(3);
  fqMul(t0, a, b);
  fqMul(t1, a + H, b + H);
  // Sums < 4q feed only the product: 4q·4q < q·2^261, so no reduction is needed before it.
  fqAddLazy(sa, a, a + H);
  fqAddLazy(sb, b, b + H);
  fqMul(sa, sa, sb);
  fqSub(o, t0, t1);
  fqSub(sa, sa, t0);
  fqSub(o + H, sa, t1);
}

/** (a0 + a1·u)² = (a0 + a1)(a0 − a1) + 2·a0·a1·u: two multiplications. */
export function fq2Sqr(o: usize, a: usize): void {
  const s = tmp(0);
  const d = tmp(1);
  const m = tmp(2);
  fqAddLazy(s, a, a + H);
  fqSubLazy(d, a, a + H);
  fqMul(m, a, a + H);
  fqMul(o, s, d);
  fqDouble(o + H, m);
}

/** o = a·k for k in Fq (both halves scaled). */
export function fq2MulFq(o: usize, a: usize, k: usize): void {
  fqMul(o, a, k);
  fqMul(o + H, a + H, k);
}

/** o (in Fq) = N(a) = a·conj(a) = a0² + a1². */
export function fq2Norm(o: usize, a: usize): void {
  const t = tmp(0);
  fqSqr(t, a);
  fqSqr(o, a + H);
  fqAdd(o, o, t);
}

/** o = conj(a)·k = a0·k − a1·k·u for k in Fq (with k = N(a)⁻¹, this is a⁻¹). */
export function fq2ConjMulFq(o: usize, a: usize, k: usize): void {
  const t = tmp(0);
  fqMul(o, a, k);
  fqMul(t, a + H, k);
  fqNeg(o + H, t);
}

/** o = a⁻¹ = (a0 − a1·u) / (a0² + a1²); false, leaving o = 0, when a = 0. */
export function fq2Inverse(o: usize, a: usize): bool {
  const n = tmp(0);
  const t = tmp(1);
  fqSqr(n, a);
  fqSqr(t, a + H);
  fqAdd(n, n, t);
  if (!fqInverse(n, n)) {
    fq2SetZero(o);
    return false;
  }
  fqMul(o, a, n);
  fqMul(t, a + H, n);
  fqNeg(o + H, t);
  return true;
}
