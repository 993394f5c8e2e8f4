/**
 * Multi-scalar multiplication Σ kᵢ·Pᵢ over G1 or G2 (generic over the coordinate field, fields.ts):
 * Pippenger's bucket method with signed digits.
 *
 * - Scalars (32-byte little-endian integers, reduced mod r here; snarkjs passes them in standard form,
 *   not Montgomery) are cut into windows of c bits with digits in [−2^(c−1), 2^(c−1)]: a negative
 *   digit adds −P (y negated), so a window needs 2^(c−1) buckets instead of 2^c − 1.
 * - With GLV (glv.ts), each scalar k splits into k1 + k2·λ with 127-bit halves, and the MSM runs over
 *   2n points P, φ(P) with half as many windows; a negative half flips the signs of its digits.
 * - Zero scalars and bases at infinity are dropped up front. Scalar 1 needs no special path: its
 *   only digit falls in window 0, bucket 1, which the batch-affine rounds sum like any other bucket.
 * - Buckets are filled in batch-affine form (bucketAccumulate.ts), then reduced with the running sum
 *   Σ b·B_b = Σ_b (B_top + … + B_b) in Jacobian coordinates, and windows combined by Horner's rule.
 */
import { accumulateBuckets } from "./bucketAccumulate";
import { FQ_BYTES } from "./fq";
import { GLV_BITS, ORDER_WORDS_PTR } from "./generated/bn254Constants";
import { glvDecompose } from "./glv";
import { affineIsInfinity, jacAdd, jacAddAffine, jacDouble, jacSetInfinity } from "./jacobian";
import { MsmWorkspace } from "./msmWorkspace";
import { scratch, SCRATCH_MSM } from "./scratch";

/** Bits of r (scalars are reduced below r < 2^254); one more bit absorbs the signed digits' carry. */
const SCALAR_BITS: i32 = 254;
const MAX_WINDOW_BITS: i32 = 20;
/** The workspace descriptor's place in scratch (after 3 Jacobian points and 6 elements of G2: 1080 bytes). */
const WORKSPACE_OFFSET: usize = 2048;
/** Scalar temporaries (40-byte scalars, zero-padded for digit reads) and GLV's workspace, after it. */
const SCALARS_OFFSET: usize = 2112;

/**
 * The window size for `points` points (with GLV, twice the bases): the bucket phase costs about
 * points·bits/c affine additions, the reduction 2·2^(c−1)·bits/c Jacobian ones, so c grows with
 * log2(points). Measured with scripts/bench/groth16/msm.ts --windows on 2 cores (Node 20, G1 and G2,
 * GLV): 2^17 points best at c = 13 (12 and 14 within 5%), 2^18 at 13–14.
 */
export function windowBits(points: i32): i32 {
  const log = 31 - clz(points);
  if (log >= 20) return 15;
  if (log >= 19) return 14;
  const c = log - 4;
  return c < 2 ? 2 : c > 13 ? 13 : c;
}

@inline function jacTmp<F>(f: F, k: i32): usize {
  return scratch + SCRATCH_MSM + <usize>(3 * k) * f.bytes;
}

/** Copies the 32-byte scalar to `o` (40 bytes, zero-padded for the digit reads) reduced mod r. */
function loadScalarModR(o: usize, scalar: usize): void {
  memory.copy(o, scalar, 32);
  store<u64>(o, 0, 32);
  for (;;) {
    // Compare with r from the top word down; subtract while ≥ r (at most 5 times below 2^256).
    let ge = true;
    for (let i = 7; i >= 0; i--) {
      const x = load<u32>(o + (<usize>i << 2));
      const y = load<u32>(ORDER_WORDS_PTR + (<usize>i << 2));
      if (x != y) {
        ge = x > y;
        break;
      }
    }
    if (!ge) return;
    let borrow: i64 = 0;
    for (let i = 0; i < 8; i++) {
      const d = <i64>load<u32>(o + (<usize>i << 2)) - <i64>load<u32>(ORDER_WORDS_PTR + (<usize>i << 2)) + borrow;
      store<u32>(o + (<usize>i << 2), <u32>d);
      borrow = d >> 32;
    }
  }
}

function isZeroScalar(s: usize): bool {
  return (load<u64>(s) | load<u64>(s, 8) | load<u64>(s, 16) | load<u64>(s, 24)) == 0;
}

/** Carves the workspace for up to `points` points, `windows` windows of c bits, elements of `elem` bytes. */
function allocWorkspace(ws: MsmWorkspace, points: i32, windows: i32, c: i32, elem: usize): void {
  const buckets = <usize>1 << <usize>(c - 1);
  const un = <usize>points;
  const half = un / 2 + 1;
  let total: usize = 0;
  const bucketBytes = buckets << 2;
  ws.count = total; total += bucketBytes;
  ws.start = total; total += bucketBytes;
  ws.cursor = total; total += bucketBytes;
  ws.active = total; total += bucketBytes;
  ws.points = total; total += un * 2 * elem;
  ws.digits = total; total += (un * <usize>windows) << 2;
  ws.work = total; total += un * 2 * elem;
  ws.dens = total; total += half * elem;
  ws.flags = total; total += (half + 7) & ~7;
  ws.norms = total; total += half * <usize>FQ_BYTES;
  ws.prefix = total; total += half * <usize>FQ_BYTES;
  const block = heap.alloc(total);
  ws.block = block;
  ws.count += block; ws.start += block; ws.cursor += block; ws.active += block;
  ws.points += block; ws.digits += block; ws.work += block;
  ws.dens += block; ws.flags += block; ws.norms += block; ws.prefix += block;
}

/** Signed c-bit digits of the scalar at s (40 bytes), negated when `negate`, into column j. */
@inline function writeDigits(ws: MsmWorkspace, s: usize, j: i32, stride: i32, c: i32, windows: i32, negate: bool): void {
  const mask: u64 = (<u64>1 << <u64>c) - 1;
  const half: i32 = 1 << (c - 1);
  let carry: i32 = 0;
  for (let w = 0; w < windows; w++) {
    const bit = w * c;
    let d = <i32>((load<u64>(s + (<usize>bit >> 3)) >> <u64>(bit & 7)) & mask) + carry;
    carry = 0;
    if (d > half) {
      d -= 1 << c;
      carry = 1;
    }
    store<i32>(ws.digits + ((<usize>w * <usize>stride + <usize>j) << 2), negate ? -d : d);
  }
}

/**
 * The points that take part, copied to ws.points (with GLV: P then φ(P) for each), and their signed
 * digits: digits[w·stride + j] is digit w of point j. Returns the number of points.
 */
function preparePoints<F>(
  f: F,
  ws: MsmWorkspace,
  bases: usize,
  scalars: usize,
  n: i32,
  c: i32,
  windows: i32,
  stride: i32,
  glv: bool,
): i32 {
  const s = scratch + SCRATCH_MSM + SCALARS_OFFSET;
  const k1 = s + 40;
  const k2 = s + 80;
  const work = s + 120;
  store<u64>(k1, 0, 32);
  store<u64>(k2, 0, 32);
  const pointBytes = f.bytes << 1;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const P = bases + <usize>i * pointBytes;
    if (affineIsInfinity(f, P)) continue;
    loadScalarModR(s, scalars + (<usize>i << 5));
    if (isZeroScalar(s)) continue;
    const at = ws.points + <usize>m * pointBytes;
    memory.copy(at, P, pointBytes);
    if (!glv) {
      writeDigits(ws, s, m, stride, c, windows, false);
      m++;
      continue;
    }
    const signs = glvDecompose(k1, k2, s, work);
    // φ(P) = (β·x, y); x canonical, as the bucket phase compares x bytes.
    const phi = at + pointBytes;
    f.mulFq(phi, P, f.beta);
    f.canonical(phi, phi);
    f.copy(phi + f.bytes, P + f.bytes);
    writeDigits(ws, k1, m, stride, c, windows, (signs & 1) != 0);
    writeDigits(ws, k2, m + 1, stride, c, windows, (signs & 2) != 0);
    m += 2;
  }
  return m;
}

/** Groups the points with a non-zero digit in window w by bucket into ws.work (y negated for −). */
function fillBuckets<F>(f: F, ws: MsmWorkspace, stride: i32, m: i32, w: i32, buckets: i32): void {
  const pointBytes = f.bytes << 1;
  const digits = ws.digits + ((<usize>w * <usize>stride) << 2);
  memory.fill(ws.count, 0, <usize>buckets << 2);
  for (let j = 0; j < m; j++) {
    const d = load<i32>(digits + (<usize>j << 2));
    if (d == 0) continue;
    const b = <usize>((d < 0 ? -d : d) - 1);
    store<u32>(ws.count + (b << 2), load<u32>(ws.count + (b << 2)) + 1);
  }
  let at: u32 = 0;
  for (let b = 0; b < buckets; b++) {
    store<u32>(ws.start + (<usize>b << 2), at);
    store<u32>(ws.cursor + (<usize>b << 2), at);
    at += load<u32>(ws.count + (<usize>b << 2));
  }
  for (let j = 0; j < m; j++) {
    const d = load<i32>(digits + (<usize>j << 2));
    if (d == 0) continue;
    const b = <usize>((d < 0 ? -d : d) - 1);
    const pos = load<u32>(ws.cursor + (b << 2));
    store<u32>(ws.cursor + (b << 2), pos + 1);
    const dst = ws.work + <usize>pos * pointBytes;
    const P = ws.points + <usize>j * pointBytes;
    if (d > 0) {
      memory.copy(dst, P, pointBytes);
    } else {
      f.copy(dst, P);
      f.neg(dst + f.bytes, P + f.bytes);
    }
  }
}

/** out (Jacobian) = Σ b·bucket[b−1] over the window's buckets (each holding at most one affine point). */
function reduceBuckets<F>(f: F, ws: MsmWorkspace, out: usize, buckets: i32): void {
  const pointBytes = f.bytes << 1;
  const running = jacTmp(f, 0);
  jacSetInfinity(f, running);
  jacSetInfinity(f, out);
  let started = false;
  for (let b = buckets - 1; b >= 0; b--) {
    if (load<u32>(ws.count + (<usize>b << 2)) == 1) {
      jacAddAffine(f, running, running, ws.work + <usize>load<u32>(ws.start + (<usize>b << 2)) * pointBytes);
      started = true;
    }
    if (started) jacAdd(f, out, out, running);
  }
}

/**
 * out (Jacobian) = Σ scalars[i]·bases[i] for n affine bases (x canonical, y < 2q; our Montgomery
 * form) and n 32-byte little-endian scalars; c = window bits (0: windowBits of the point count);
 * glv: split scalars with the endomorphism (the default of the exports).
 */
export function msm<F>(f: F, out: usize, bases: usize, scalars: usize, n: i32, c: i32, glv: bool): void {
  jacSetInfinity(f, out);
  if (n <= 0) return;
  const points = glv ? 2 * n : n;
  if (c <= 0) c = windowBits(points);
  if (c > MAX_WINDOW_BITS) c = MAX_WINDOW_BITS;
  if (c < 2) c = 2;
  // ceil((bits + 1) / c) windows: the top one has at most c − 1 bits, so its carry-in cannot carry out.
  const bits = glv ? GLV_BITS : SCALAR_BITS;
  const windows = (bits + 1 + c - 1) / c;
  const buckets = 1 << (c - 1);
  const ws = changetype<MsmWorkspace>(scratch + SCRATCH_MSM + WORKSPACE_OFFSET);
  allocWorkspace(ws, points, windows, c, f.bytes);
  const m = preparePoints(f, ws, bases, scalars, n, c, windows, points, glv);
  const windowSum = jacTmp(f, 1);
  if (m > 0) {
    for (let w = windows - 1; w >= 0; w--) {
      for (let i = 0; i < c && w != windows - 1; i++) jacDouble(f, out, out);
      fillBuckets(f, ws, points, m, w, buckets);
      accumulateBuckets(f, ws, buckets);
      reduceBuckets(f, ws, windowSum, buckets);
      jacAdd(f, out, out, windowSum);
    }
  }
  heap.free(ws.block);
}
