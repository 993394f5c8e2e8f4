/**
 * Fq and Fq2 behind one method set, so that the curve formulas (jacobian.ts) and the MSM (msm.ts) are
 * written once and compiled twice: AssemblyScript monomorphises generic functions per type argument,
 * and these classes have no fields and only final methods, so every call is direct (and inlinable),
 * as if the code had been written out for each field.
 *
 * Each field also names its curve: `b` (y² = x³ + b) and the scratch region of the curve formulas.
 */
import {
  FQ_BYTES,
  fqAdd,
  fqAddLazy,
  fqCanonical,
  fqCopy,
  fqDouble,
  fqInverse,
  fqIsZero,
  fqMul,
  fqNeg,
  fqSetOne,
  fqSetZero,
  fqSqr,
  fqSub,
  fqSubLazy,
} from "./fq";
import {
  FQ2_BYTES,
  fq2Add,
  fq2AddLazy,
  fq2Canonical,
  fq2ConjMulFq,
  fq2Copy,
  fq2Double,
  fq2Inverse,
  fq2IsZero,
  fq2Mul,
  fq2MulFq,
  fq2Norm,
  fq2Neg,
  fq2SetOne,
  fq2SetZero,
  fq2Sqr,
  fq2Sub,
  fq2SubLazy,
} from "./fq2";
import { G1_B_PTR, G1_BETA_PTR, G2_B_PTR, G2_BETA_PTR } from "./generated/bn254Constants";
import { scratch, SCRATCH_G1, SCRATCH_G2 } from "./scratch";

export class FqField {
  /** Bytes of one element. */
  @inline get bytes(): usize { return <usize>FQ_BYTES; }
  /** The curve coefficient b of G1. */
  @inline get b(): usize { return G1_B_PTR; }
  /** The cube root of unity β in Fq with (β·x, y) = λ·(x, y) on G1 (glv.ts). */
  @inline get beta(): usize { return G1_BETA_PTR; }
  /** o = a·k for k in Fq. */
  @inline mulFq(o: usize, a: usize, k: usize): void { fqMul(o, a, k); }
  /** Temporary k of the curve formulas. */
  @inline tmp(k: i32): usize { return scratch + SCRATCH_G1 + <usize>k * <usize>FQ_BYTES; }
  @inline mul(o: usize, a: usize, b: usize): void { fqMul(o, a, b); }
  @inline sqr(o: usize, a: usize): void { fqSqr(o, a); }
  @inline add(o: usize, a: usize, b: usize): void { fqAdd(o, a, b); }
  @inline sub(o: usize, a: usize, b: usize): void { fqSub(o, a, b); }
  /** Unreduced a + b / a + 2q − b: only as operands of mul / sqr (which accept < 8q). */
  @inline addLazy(o: usize, a: usize, b: usize): void { fqAddLazy(o, a, b); }
  @inline subLazy(o: usize, a: usize, b: usize): void { fqSubLazy(o, a, b); }
  @inline dbl(o: usize, a: usize): void { fqDouble(o, a); }
  @inline neg(o: usize, a: usize): void { fqNeg(o, a); }
  @inline copy(o: usize, a: usize): void { fqCopy(o, a); }
  @inline setZero(o: usize): void { fqSetZero(o); }
  @inline setOne(o: usize): void { fqSetOne(o); }
  @inline canonical(o: usize, a: usize): void { fqCanonical(o, a); }
  @inline isZero(a: usize): bool { return fqIsZero(a); }
  @inline inverse(o: usize, a: usize): bool { return fqInverse(o, a); }
  /** The norm to Fq (bucketAccumulate.ts inverts norms): over Fq itself, the element. */
  @inline norm(o: usize, a: usize): void { fqCopy(o, a); }
  /** a⁻¹ from the inverse of its norm: over Fq, that inverse. */
  @inline inverseFromNorm(o: usize, a: usize, normInverse: usize): void { fqCopy(o, normInverse); }
}

export class Fq2Field {
  @inline get bytes(): usize { return <usize>FQ2_BYTES; }
  /** The twist's b = 3/(9 + u). */
  @inline get b(): usize { return G2_B_PTR; }
  /** G2's β (the other cube root of unity than G1's, see scripts/build/gen/glv.ts). */
  @inline get beta(): usize { return G2_BETA_PTR; }
  @inline mulFq(o: usize, a: usize, k: usize): void { fq2MulFq(o, a, k); }
  @inline tmp(k: i32): usize { return scratch + SCRATCH_G2 + <usize>k * <usize>FQ2_BYTES; }
  @inline mul(o: usize, a: usize, b: usize): void { fq2Mul(o, a, b); }
  @inline sqr(o: usize, a: usize): void { fq2Sqr(o, a); }
  @inline add(o: usize, a: usize, b: usize): void { fq2Add(o, a, b); }
  @inline sub(o: usize, a: usize, b: usize): void { fq2Sub(o, a, b); }
  @inline addLazy(o: usize, a: usize, b: usize): void { fq2AddLazy(o, a, b); }
  @inline subLazy(o: usize, a: usize, b: usize): void { fq2SubLazy(o, a, b); }
  @inline dbl(o: usize, a: usize): void { fq2Double(o, a); }
  @inline neg(o: usize, a: usize): void { fq2Neg(o, a); }
  @inline copy(o: usize, a: usize): void { fq2Copy(o, a); }
  @inline setZero(o: usize): void { fq2SetZero(o); }
  @inline setOne(o: usize): void { fq2SetOne(o); }
  @inline canonical(o: usize, a: usize): void { fq2Canonical(o, a); }
  @inline isZero(a: usize): bool { return fq2IsZero(a); }
  @inline inverse(o: usize, a: usize): bool { return fq2Inverse(o, a); }
  /** N(a) = a0² + a1² in Fq (a·conj(a), nonzero for a ≠ 0: u² + 1 is irreducible). */
  @inline norm(o: usize, a: usize): void { fq2Norm(o, a); }
  /** a⁻¹ = conj(a)·N(a)⁻¹. */
  @inline inverseFromNorm(o: usize, a: usize, normInverse: usize): void { fq2ConjMulFq(o, a, normInverse); }
}

export const FQ_FIELD = new FqField();
export const FQ2_FIELD = new Fq2Field();
