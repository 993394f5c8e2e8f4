/**
 * Number-theoretic transforms over BN254 Fr for the Groth16 prover's H polynomial, matching what snarkjs
 * 0.7's groth16.prove does with ffjavascript (`Fr.ifft`, `Fr.batchApplyKey`, `Fr.fft`, `qap_joinABC`):
 *
 *   A, B  = Σ coef · w over the zkey's coefficient section (section 4), C = A ∘ B on the domain;
 *   X'    = fft(ifft(X) ∘ (g^i)) for X in A, B, C, with g = ω_{2n} (the "odd" coset: ffjavascript's
 *           Fr.w[power + 1]; the zkey's H points, section 9, are Lagrange points on that coset);
 *   H     = A'·B' − C', written as standard-form scalars for the H multi-exponentiation.
 *
 * Elements live in linear memory in assembly/field/fr.ts's form (36 bytes: 9 × 29-bit limbs, Montgomery
 * R = 2^261, values < 2p). The outside world uses 32-byte little-endian integers, either standard form
 * (the .wtns, MSM scalars) or ffjavascript's Montgomery form (x·2^256 mod p: `Fr.fft` buffers); the
 * conversions run here over whole buffers (nttLoad / nttStore), each one Montgomery multiplication by a
 * constant chosen so that the powers of two come out right.
 *
 * The transform is the textbook one ffjavascript computes: X_k = Σ_j x_j ω^{jk}, natural order in and
 * out, ω = 5^((p−1)/2^28) squared down to order n (ffjavascript's Fr.w[log n]); the inverse divides by n.
 * Iterative radix-2 decimation in time after a bit-reversal permutation.
 *
 * Memory is taken with heap.alloc so that the module can share a runtime with the MSM code of
 * build/wasm/groth16.wasm; the bridge (src/prover/groth16/nttWasm.ts) allocates its buffers through
 * nttAlloc and validates sizes before calling in, and the exports check what they index with.
 */
import {
  ELEMENT_BYTES,
  mulMont,
  ONE_PTR,
  P_PTR,
  R2_PTR,
  ROOT_OF_UNITY_PTR,
  TWO_ADICITY,
} from "../field/generated/frMontgomery";
import {
  frAdd,
  frAddLazy,
  frCanonical,
  frCopy,
  frFromMont,
  frInverse,
  frNeg,
  frSetOne,
  frSub,
  frSubLazy,
  limbsCompare,
  limbsFromBytes,
  limbsToBytes,
} from "../field/fr";

const E: usize = <usize>ELEMENT_BYTES;
/** 32-byte little-endian integers outside. */
const IO_BYTES: usize = 32;

/** Buffer forms for nttLoad / nttStore (the bridge's NttForm mirrors these). */
const NTT_FORM_STANDARD: i32 = 0;
const NTT_FORM_FFJS_MONTGOMERY: i32 = 1;

// Conversion constants, plain integers (not Montgomery) as 29-bit limbs; mulMont(x, K) = x·K·2^-261.
/** 2^266 mod p: ffjavascript's x·2^256 → x·2^261 (ours). */
const K_FROM_FFJS: usize = memory.data<u32>([0xfffead7, 0x1d5444f4, 0x4438aa5, 0x3b4d096, 0x134c84da, 0xe92d304, 0x14cb95b3, 0x41b9d3d, 0x58003]);
/** 2^256 mod p: ours x·2^261 → ffjavascript's x·2^256. */
const K_TO_FFJS: usize = memory.data<u32>([0xffffffb, 0x4b1a0e2, 0x18334a6b, 0x18ed2b3e, 0x1462e36f, 0x11b7bc3c, 0x1cbd99ba, 0x183340fb, 0xe0a77]);
/**
 * 2^271 mod p: a standard-form witness value w → w·2^10. The zkey stores each coefficient c as
 * c·2^512 mod p (snarkjs' writeFr2: "Montgomery twice", so that ffjavascript's Montgomery product with
 * a standard-form witness lands in Montgomery form); with the witness pre-scaled by 2^10, one of our
 * Montgomery products gives c·2^512 · w·2^10 · 2^-261 = c·w·2^261, our form, straight from the file bytes.
 */
const K_WITNESS: usize = memory.data<u32>([0xffd5add, 0xd5998b1, 0x1d5ce7ca, 0x1f285fe9, 0x8ff23b9, 0x9c89e51, 0x177e12ab, 0x185f3518, 0x1ed378]);

const TMP: usize = memory.data(ELEMENT_BYTES);
const TMP_W: usize = memory.data(ELEMENT_BYTES);
const SWAP: usize = memory.data(ELEMENT_BYTES);

/**
 * A domain of n = 2^power points, built once per size by nttDomain:
 *
 *   offset 0        i32 power
 *   offset 4        i32 n
 *   offset 8        (8 bytes padding)
 *   offset 16       n⁻¹                      1 element
 *   ROOTS           ω^j,   j < n/2           n/2 elements (forward twiddles)
 *   INVERSE_ROOTS   ω^-j,  j < n/2           n/2 elements
 *   COSET           g^i,   i < n             n elements, g = ω_{2n} (snarkjs' odd coset)
 *   SCALED_COSET    g^i / n, i < n           n elements (inverse transform and coset shift in one)
 *
 * Elements are 36 bytes; offsets past 16 depend on n and are computed by the helpers below.
 */
const DOMAIN_HEADER: usize = 16;

@inline function domainN(d: usize): i32 {
  return load<i32>(d, 4);
}
@inline function domainPower(d: usize): i32 {
  return load<i32>(d, 0);
}
@inline function nInverse(d: usize): usize {
  return d + DOMAIN_HEADER;
}
@inline function roots(d: usize): usize {
  return d + DOMAIN_HEADER + E;
}
@inline function inverseRoots(d: usize): usize {
  return roots(d) + (<usize>(domainN(d) >> 1)) * E;
}
@inline function cosetPowers(d: usize): usize {
  return inverseRoots(d) + (<usize>(domainN(d) >> 1)) * E;
}
@inline function scaledCosetPowers(d: usize): usize {
  return cosetPowers(d) + (<usize>domainN(d)) * E;
}

/** Bytes nttAlloc hands out for `n` of our elements (the bridge sizes its buffers with this). */
export function nttElementBytes(): i32 {
  return ELEMENT_BYTES;
}

export function nttAlloc(bytes: i32): usize {
  if (bytes <= 0) return 0;
  return heap.alloc(<usize>bytes);
}

export function nttFree(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

/**
 * A sanity bound on the domain (as readZkey's). Memory is the real one: a proof needs about 252 bytes per
 * domain point (A, B, C and the tables, 7 elements of 36 bytes) plus the zkey's coefficients, so a module
 * of 1 GiB maximum memory stops near 2^21; heap.alloc then aborts (WASM_ABORT in the bridge).
 */
const MAX_POWER: i32 = 26;

/** o[i] = step^i for i < count. */
function powers(o: usize, step: usize, count: i32): void {
  frSetOne(o);
  for (let i = 1; i < count; i++) {
    const at = o + (<usize>i) * E;
    mulMont(at, at - E, step);
  }
}

/**
 * Builds the twiddle tables for n = 2^power (1 ≤ power ≤ 26); returns the domain's pointer, or 0 for
 * a power out of range. Free it with nttFree.
 */
export function nttDomain(power: i32): usize {
  if (power < 1 || power > MAX_POWER) return 0;
  const n = 1 << power;
  const d = heap.alloc(DOMAIN_HEADER + E + (<usize>(3 * n)) * E);
  store<i32>(d, power, 0);
  store<i32>(d, n, 4);
  // ω_{2n}: the primitive 2^28-th root squared down; then ω_n = ω_{2n}².
  const g = TMP_W;
  frCopy(g, ROOT_OF_UNITY_PTR);
  for (let k = TWO_ADICITY; k > power + 1; k--) mulMont(g, g, g);
  const w = TMP;
  mulMont(w, g, g);
  powers(roots(d), w, n >> 1);
  // ω^-j = ω^(n−j) = −ω^(n/2−j), since ω^(n/2) = −1: the forward table read backwards, negated.
  const inv = inverseRoots(d);
  frSetOne(inv);
  for (let j = 1; j < n >> 1; j++) {
    frNeg(inv + (<usize>j) * E, roots(d) + (<usize>((n >> 1) - j)) * E);
  }
  powers(cosetPowers(d), g, n);
  // n⁻¹: n is a small integer; Montgomery form of n is mulMont(n, R²).
  const nMont = TMP;
  memory.fill(nMont, 0, E);
  store<u32>(nMont, <u32>n);
  mulMont(nMont, nMont, R2_PTR);
  frInverse(nInverse(d), nMont);
  const scaled = scaledCosetPowers(d);
  const coset = cosetPowers(d);
  for (let i = 0; i < n; i++) mulMont(scaled + (<usize>i) * E, coset + (<usize>i) * E, nInverse(d));
  return d;
}

/** Swaps the elements at a and b (36 bytes each). */
@inline function swap(a: usize, b: usize): void {
  memory.copy(SWAP, a, E);
  memory.copy(a, b, E);
  memory.copy(b, SWAP, E);
}

function bitReverse(a: usize, n: i32, power: i32): void {
  const shift = 32 - power;
  for (let i = 1; i < n; i++) {
    const j = <i32>(reverseBits32(<u32>i) >> shift);
    if (i < j) swap(a + (<usize>i) * E, a + (<usize>j) * E);
  }
}

@inline function reverseBits32(x: u32): u32 {
  x = ((x >> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >> 16) | (x << 16);
}

/**
 * In-place radix-2 DIT over bit-reversed input with twiddles ω^j (j < n/2) at `table`.
 *
 * Butterflies do not reduce (Harvey's lazy butterflies): with t = ω^j·v < 2p from mulMont, u + t and
 * u − t + 2p grow the bound on every value by 2p per stage, from 4p after the multiplication-free
 * first stage to 2p·(power + 1) ≤ 54p at 2^26. mulMont(v, ω) stays exact while v·ω < p·2^261, i.e. for
 * v below ~84p, and 54p fits the 261 bits of the limbs. Outputs are therefore < 54p, not < 2p: every
 * caller ends with one multiplication per element (n⁻¹, the coset powers, or 1), which brings them back.
 */
function transform(a: usize, n: i32, power: i32, table: usize): void {
  bitReverse(a, n, power);
  const t = TMP;
  // Stage of length 2: the twiddle is 1, no multiplication.
  for (let i = 0; i < n; i += 2) {
    const u = a + (<usize>i) * E;
    const v = u + E;
    frAddLazy(t, u, v);
    frSubLazy(v, u, v);
    frCopy(u, t);
  }
  for (let half = 2; half < n; half <<= 1) {
    const len = half << 1;
    // The twiddle of butterfly j in a block of `len` is ω_len^j = ω_n^(j·n/len).
    const stride = (<usize>(n / len)) * E;
    for (let i = 0; i < n; i += len) {
      let u = a + (<usize>i) * E;
      let v = u + (<usize>half) * E;
      let w = table;
      for (let j = 0; j < half; j++) {
        mulMont(t, v, w);
        frSubLazy(v, u, t);
        frAddLazy(u, u, t);
        u += E;
        v += E;
        w += stride;
      }
    }
  }
}

/** a[i] = a[i]·k[i·step] (Montgomery), which also brings a lazily reduced value below 2p. */
function scale(a: usize, n: i32, k: usize, step: usize): void {
  for (let i = 0; i < n; i++) {
    const x = a + (<usize>i) * E;
    mulMont(x, x, k + (<usize>i) * step);
  }
}

/** In-place forward transform of the n = 2^power elements at `a` (natural order in and out). */
export function nttForward(domain: usize, a: usize): void {
  const n = domainN(domain);
  transform(a, n, domainPower(domain), roots(domain));
  scale(a, n, ONE_PTR, 0);
}

/** In-place inverse transform, including the division by n. */
export function nttInverse(domain: usize, a: usize): void {
  const n = domainN(domain);
  transform(a, n, domainPower(domain), inverseRoots(domain));
  scale(a, n, nInverse(domain), 0);
}

/** a[i] ·= g^i: moves a polynomial's coefficients to the odd coset (ffjavascript's batchApplyKey(1, g)). */
export function nttCosetShift(domain: usize, a: usize): void {
  scale(a, domainN(domain), cosetPowers(domain), E);
}

/**
 * nttInverse then nttCosetShift in one: the inverse transform's division by n and the coset powers are
 * one table (g^i / n), so one multiplication per element does both.
 */
export function nttInverseCoset(domain: usize, a: usize): void {
  const n = domainN(domain);
  transform(a, n, domainPower(domain), inverseRoots(domain));
  scale(a, n, scaledCosetPowers(domain), E);
}

/** out[i] = a[i]·b[i] − c[i] (qap_joinABC); out may alias any input. */
export function nttJoinAbc(out: usize, a: usize, b: usize, c: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) * E;
    mulMont(TMP, a + at, b + at);
    frSub(out + at, TMP, c + at);
  }
}

/** out[i] = a[i]·b[i]. */
export function nttMul(out: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = (<usize>i) * E;
    mulMont(out + at, a + at, b + at);
  }
}

/**
 * Reads n 32-byte little-endian integers at `src` into our form at `dst` (36-byte stride). `form` is
 * NTT_FORM_STANDARD or NTT_FORM_FFJS_MONTGOMERY. Returns 0, or 1 + the index of the first value ≥ p
 * (which is still converted, reduced mod p: the caller decides whether that is an error).
 */
export function nttLoad(dst: usize, src: usize, n: i32, form: i32): i32 {
  const k = form == NTT_FORM_FFJS_MONTGOMERY ? K_FROM_FFJS : R2_PTR;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const o = dst + (<usize>i) * E;
    limbsFromBytes(o, src + (<usize>i) * IO_BYTES);
    if (bad == 0 && limbsCompare(o, P_PTR) >= 0) bad = i + 1;
    mulMont(o, o, k);
  }
  return bad;
}

/** Writes n of our elements at `src` as canonical 32-byte little-endian integers in `form` at `dst`. */
export function nttStore(dst: usize, src: usize, n: i32, form: i32): void {
  for (let i = 0; i < n; i++) {
    const x = src + (<usize>i) * E;
    if (form == NTT_FORM_FFJS_MONTGOMERY) {
      mulMont(TMP, x, K_TO_FFJS);
      frCanonical(TMP, TMP);
    } else {
      frFromMont(TMP, x);
    }
    limbsToBytes(dst + (<usize>i) * IO_BYTES, TMP);
  }
}

/**
 * The witness (n standard-form 32-byte values at `src`) as w·2^10 at `dst`, the partner of the zkey's
 * coefficients in nttBuildAbc. Returns 0, or 1 + the index of the first value ≥ p.
 */
export function nttLoadWitness(dst: usize, src: usize, n: i32): i32 {
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const o = dst + (<usize>i) * E;
    limbsFromBytes(o, src + (<usize>i) * IO_BYTES);
    if (bad == 0 && limbsCompare(o, P_PTR) >= 0) bad = i + 1;
    mulMont(o, o, K_WITNESS);
  }
  return bad;
}

/** Bytes of one entry of the zkey's coefficient section: u32 matrix, u32 constraint, u32 signal, 32-byte value. */
const COEF_BYTES: usize = 12 + 32;

/**
 * A and B evaluations on the domain from the zkey's coefficient entries (section 4 after its u32 count)
 * and the witness from nttLoadWitness; then C = A ∘ B. `a`, `b`, `c` hold n elements each and are
 * overwritten. Every entry is checked before use: returns 0, or 1 + the index of the first entry whose
 * matrix is not 0 or 1, constraint is not below n or signal not below nVars (nothing is then written to c).
 */
export function nttBuildAbc(
  coefs: usize,
  nCoefs: i32,
  witness: usize,
  nVars: i32,
  a: usize,
  b: usize,
  c: usize,
  n: i32,
): i32 {
  memory.fill(a, 0, (<usize>n) * E);
  memory.fill(b, 0, (<usize>n) * E);
  const t = TMP;
  for (let i = 0; i < nCoefs; i++) {
    const entry = coefs + (<usize>i) * COEF_BYTES;
    const matrix = load<u32>(entry, 0);
    const constraint = load<u32>(entry, 4);
    const signal = load<u32>(entry, 8);
    if (matrix > 1 || constraint >= <u32>n || signal >= <u32>nVars) return i + 1;
    limbsFromBytes(t, entry + 12);
    mulMont(t, t, witness + (<usize>signal) * E);
    const o = (matrix == 0 ? a : b) + (<usize>constraint) * E;
    frAdd(o, o, t);
  }
  nttMul(c, a, b, n);
  return 0;
}
