/**
 * The bucket phase of one Pippenger window in batch-affine form: the points of every bucket, laid
 * out contiguously (bucket b owns work[start[b] .. start[b] + count[b])), are summed pairwise in
 * rounds — (P0 + P1), (P2 + P3), … in every bucket at once — until each bucket holds at most one
 * point. All additions of a round are independent, so their slopes share one field inversion
 * (Montgomery's trick): an affine addition then costs about 6 multiplications (3 for the shared
 * inversion, 1 for the slope, 1 square, 1 multiplication for y), against 11 for a mixed Jacobian one.
 *
 * Over Fq2 (G2) the shared inversion runs in Fq: d⁻¹ = conj(d)/N(d) with the norm N(d) = d0² + d1²,
 * so the running products and the inversion cost Fq multiplications instead of Fq2 ones (3 each), for
 * two squarings to form N(d) and two multiplications to recover d⁻¹ (fields.ts norm, inverseFromNorm).
 *
 * Pairing within buckets instead of adding each point into its bucket means a round never adds two
 * points into the same bucket, so there are no conflicts to schedule; rounds shrink geometrically,
 * and the few tiny last rounds cost one inversion each. P + P (same x, same y) takes the tangent
 * slope; P + (−P) (same x, other y) leaves nothing.
 *
 * Points are affine ([x | y], 2n bytes) with x canonical, so "same x" is a byte compare; y is only
 * kept below 2q (a canonical y would cost a reduction per addition for a compare that is rarely made).
 */
import { FQ_BYTES, fqInverse, fqMul, fqSetOne } from "./fq";
import { MsmWorkspace } from "./msmWorkspace";
import { scratch, SCRATCH_MSM } from "./scratch";

const ADD: u8 = 0;
const DOUBLE: u8 = 1;
const CANCEL: u8 = 2;

/** Element k of the MSM's scratch (after the Jacobian points, see msm.ts). */
@inline function el<F>(f: F, k: i32): usize {
  return scratch + SCRATCH_MSM + <usize>(9 + k) * f.bytes;
}

/** The slope denominator of pair (P, Q) into `den` (unreduced, < 3q), and what kind of addition it is. */
@inline function pairDenominator<F>(f: F, den: usize, P: usize, Q: usize): u8 {
  const n = f.bytes;
  if (memory.compare(P, Q, n) != 0) {
    f.subLazy(den, Q, P);
    return ADD;
  }
  const yP = el(f, 6), yQ = el(f, 7);
  f.canonical(yP, P + n);
  f.canonical(yQ, Q + n);
  if (memory.compare(yP, yQ, n) == 0) {
    f.dbl(den, P + n);
    return DOUBLE;
  }
  return CANCEL;
}

/** Sums each bucket's points down to at most one (count[b] ≤ 1 afterwards). */
export function accumulateBuckets<F>(f: F, ws: MsmWorkspace, buckets: i32): void {
  const n = f.bytes;
  const pointBytes = n << 1;
  const count = ws.count;
  const start = ws.start;
  const active = ws.active;
  const work = ws.work;
  const dens = ws.dens;
  const flags = ws.flags;
  const prefix = ws.prefix;
  const norms = ws.norms;
  const E = <usize>FQ_BYTES;
  const acc = el(f, 0), inv = el(f, 1), invk = el(f, 2), lambda = el(f, 3), x3 = el(f, 4), y3 = el(f, 5);

  let activeCount = 0;
  for (let b = 0; b < buckets; b++) {
    if (load<u32>(count + (<usize>b << 2)) >= 2) store<u32>(active + (<usize>(activeCount++) << 2), b);
  }
  while (activeCount > 0) {
    // Pass 1: denominators, their norms, and the running product (in Fq) before each one.
    let pairs = 0;
    fqSetOne(acc);
    for (let a = 0; a < activeCount; a++) {
      const b = <usize>load<u32>(active + (<usize>a << 2));
      const s = load<u32>(start + (b << 2));
      const half = load<u32>(count + (b << 2)) >> 1;
      for (let j: u32 = 0; j < half; j++) {
        const pos = s + 2 * j;
        const P = work + <usize>pos * pointBytes;
        const den = dens + <usize>pairs * n;
        const kind = pairDenominator(f, den, P, P + pointBytes);
        store<u8>(flags + <usize>pairs, kind);
        memory.copy(prefix + <usize>pairs * E, acc, E);
        if (kind != CANCEL) {
          const norm = norms + <usize>pairs * E;
          f.norm(norm, den);
          fqMul(acc, acc, norm);
        }
        pairs++;
      }
    }
    // One inversion for the whole round, then pass 2 (backwards): each pair's own inverse norm.
    fqInverse(inv, acc);
    for (let k = pairs - 1; k >= 0; k--) {
      const kind = load<u8>(flags + <usize>k);
      if (kind == CANCEL) continue;
      const slot = prefix + <usize>k * E;
      fqMul(slot, inv, slot);
      fqMul(inv, inv, norms + <usize>k * E);
    }
    // Pass 3 (forwards): the sums, written to the front of each bucket's range (never ahead of a
    // pair still to be read: output j goes to s + j, pair j is read from s + 2j).
    let k = 0;
    let kept = 0;
    for (let a = 0; a < activeCount; a++) {
      const b = <usize>load<u32>(active + (<usize>a << 2));
      const s = load<u32>(start + (b << 2));
      const c = load<u32>(count + (b << 2));
      let out = s;
      for (let j: u32 = 0; j < (c >> 1); j++) {
        const P = work + <usize>(s + 2 * j) * pointBytes;
        const Q = P + pointBytes;
        const kind = load<u8>(flags + <usize>k);
        if (kind == CANCEL) {
          k++;
          continue;
        }
        f.inverseFromNorm(invk, dens + <usize>k * n, prefix + <usize>k * E);
        k++;
        if (kind == ADD) {
          f.subLazy(lambda, Q + n, P + n);
        } else {
          // Tangent: λ = 3x² / 2y.
          f.sqr(lambda, P);
          f.dbl(x3, lambda);
          f.addLazy(lambda, lambda, x3);
        }
        // x3 = λ² − (x_P + x_Q), y3 = λ·(x_P − x3) − y_P; lazy where the value only feeds a product.
        f.mul(lambda, lambda, invk);
        f.sqr(x3, lambda);
        f.addLazy(y3, P, Q);
        f.sub(x3, x3, y3);
        f.canonical(x3, x3);
        f.subLazy(y3, P, x3);
        f.mul(y3, lambda, y3);
        f.sub(y3, y3, P + n);
        const O = work + <usize>out * pointBytes;
        f.copy(O, x3);
        f.copy(O + n, y3);
        out++;
      }
      if (c & 1) {
        memory.copy(work + <usize>out * pointBytes, work + <usize>(s + c - 1) * pointBytes, pointBytes);
        out++;
      }
      const left = out - s;
      store<u32>(count + (b << 2), left);
      if (left >= 2) store<u32>(active + (<usize>(kept++) << 2), <u32>b);
    }
    activeCount = kept;
  }
}
