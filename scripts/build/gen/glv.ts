/**
 * The GLV endomorphism of BN254 (Gallant–Lambert–Vanstone, CRYPTO 2001), derived rather than copied:
 * λ is a cube root of unity mod r, and φ(x, y) = (β·x, y), β a cube root of unity in Fq, equals λ·P on
 * the prime-order subgroup for one of the two roots β. Which one is checked here on each group's
 * generator (G1 and the twist G2 can differ), by plain affine arithmetic on bigints.
 *
 * The decomposition k ≡ k1 + k2·λ (mod r) uses a short lattice basis from the extended Euclidean
 * algorithm on (r, λ) (GLV §4) and Babai rounding with precomputed multipliers gᵢ ≈ 2^256·(basis)/det,
 * so that the WASM code needs only multiplications, an addition and a shift (assembly/groth16/glv.ts). glvDecompose
 * is that same integer algorithm, and the bound GLV_BITS is checked against it.
 */
import { mod, modInverse, modSqrt } from "../../../src/protocol/modular/index.js";
import { BN254_BASE_MODULUS as Q, BN254_GROUP_ORDER as R } from "./bn254Curve.js";

/** The arithmetic an affine scalar multiplication needs, over Fq or Fq2. */
interface Field<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  inv(a: T): T;
  eq(a: T, b: T): boolean;
  fromInt(x: bigint): T;
}

const fq: Field<bigint> = {
  add: (a, b) => mod(a + b, Q),
  sub: (a, b) => mod(a - b, Q),
  mul: (a, b) => mod(a * b, Q),
  inv: (a) => modInverse(a, Q),
  eq: (a, b) => a === b,
  fromInt: (x) => mod(x, Q),
};

type F2 = readonly [bigint, bigint];
const fq2: Field<F2> = {
  add: (a, b) => [mod(a[0] + b[0], Q), mod(a[1] + b[1], Q)],
  sub: (a, b) => [mod(a[0] - b[0], Q), mod(a[1] - b[1], Q)],
  mul: (a, b) => [mod(a[0] * b[0] - a[1] * b[1], Q), mod(a[0] * b[1] + a[1] * b[0], Q)],
  inv: (a) => {
    const n = modInverse(mod(a[0] * a[0] + a[1] * a[1], Q), Q);
    return [mod(a[0] * n, Q), mod(-a[1] * n, Q)];
  },
  eq: (a, b) => a[0] === b[0] && a[1] === b[1],
  fromInt: (x) => [mod(x, Q), 0n],
};

type Affine<T> = { x: T; y: T } | null;

function add<T>(F: Field<T>, p: Affine<T>, q: Affine<T>): Affine<T> {
  if (p === null) return q;
  if (q === null) return p;
  let slope: T;
  if (F.eq(p.x, q.x)) {
    if (!F.eq(p.y, q.y)) return null;
    const x2 = F.mul(p.x, p.x);
    slope = F.mul(F.add(F.add(x2, x2), x2), F.inv(F.add(p.y, p.y)));
  } else {
    slope = F.mul(F.sub(q.y, p.y), F.inv(F.sub(q.x, p.x)));
  }
  const x = F.sub(F.sub(F.mul(slope, slope), p.x), q.x);
  return { x, y: F.sub(F.mul(slope, F.sub(p.x, x)), p.y) };
}

function times<T>(F: Field<T>, p: Affine<T>, k: bigint): Affine<T> {
  let acc: Affine<T> = null;
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    acc = add(F, acc, acc);
    if ((k >> i) & 1n) acc = add(F, acc, p);
  }
  return acc;
}

const G1_GENERATOR = { x: 1n, y: 2n };
/** EIP-197's G2 generator (also ffjavascript's). */
const G2_GENERATOR: { x: F2; y: F2 } = {
  x: [
    10857046999023057135944570762232829481370756359578518086990519993285655852781n,
    11559732032986387107991004021392285783925812861821192530917403151452391805634n,
  ],
  y: [
    8495653923123431417604973247489272438418190587263600148770280649306958101930n,
    4082367875863433681332203403145435568316851327593401208105741076214120093531n,
  ],
};

/** The two primitive cube roots of unity mod p: (−1 ± √−3) / 2. */
function cubeRoots(p: bigint): [bigint, bigint] {
  const s = modSqrt(p - 3n, p);
  const half = modInverse(2n, p);
  return [mod((s - 1n) * half, p), mod((-s - 1n) * half, p)];
}

/** β (of the two cube roots in Fq) with φ(G) = λ·G on the group of `G`. */
function betaFor<T>(F: Field<T>, G: { x: T; y: T }, lambda: bigint, scaleX: (b: bigint, x: T) => T): bigint {
  const expected = times(F, G, lambda);
  for (const beta of cubeRoots(Q)) {
    if (expected !== null && F.eq(expected.x, scaleX(beta, G.x)) && F.eq(expected.y, G.y)) return beta;
  }
  throw new Error("no cube root of unity in Fq acts as λ");
}

/** A short basis of {(a, b) : a + b·λ ≡ 0 (mod r)} (GLV §4: the extended Euclidean algorithm). */
function shortBasis(lambda: bigint): [bigint, bigint, bigint, bigint] {
  // Invariant: r_i = s_i·r + t_i·λ, so (r_i, −t_i) lies in the lattice.
  const rs = [R, lambda];
  const ts = [0n, 1n];
  const sqrtR = BigInt(Math.ceil(Math.sqrt(Number(R))));
  while (rs[rs.length - 1]! >= sqrtR) {
    const i = rs.length - 1;
    const qt = rs[i - 1]! / rs[i]!;
    rs.push(rs[i - 1]! - qt * rs[i]!);
    ts.push(ts[i - 1]! - qt * ts[i]!);
  }
  // rs[m] is the last remainder ≥ √r: v1 = (r_{m+1}, −t_{m+1}), v2 the shorter of the neighbours.
  const m = rs.length - 2;
  const qt = rs[m]! / rs[m + 1]!;
  const rNext = rs[m]! - qt * rs[m + 1]!;
  const tNext = ts[m]! - qt * ts[m + 1]!;
  const [a1, b1] = [rs[m + 1]!, -ts[m + 1]!];
  const norm = (a: bigint, b: bigint) => a * a + b * b;
  const [a2, b2] = norm(rs[m]!, -ts[m]!) <= norm(rNext, -tNext) ? [rs[m]!, -ts[m]!] : [rNext, -tNext];
  return [a1, b1, a2, b2];
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

export interface GlvParams {
  lambda: bigint;
  betaG1: bigint;
  betaG2: bigint;
  a1: bigint;
  b1: bigint;
  a2: bigint;
  b2: bigint;
  /** round(2^256·b2 / det), round(−2^256·b1 / det), det = a1·b2 − a2·b1 = ±r. */
  g1: bigint;
  g2: bigint;
  /** |k1|, |k2| < 2^bits for every k < r. */
  bits: number;
}

let cached: GlvParams | undefined;

export function glvParams(): GlvParams {
  if (cached !== undefined) return cached;
  const lambda = cubeRoots(R)[0];
  const betaG1 = betaFor(fq, G1_GENERATOR, lambda, (b, x) => fq.mul(b, x));
  const betaG2 = betaFor(fq2, G2_GENERATOR, lambda, (b, x) => fq2.mul([b, 0n], x));
  const [a1, b1, a2, b2] = shortBasis(lambda);
  const det = a1 * b2 - a2 * b1;
  if (mod(a1 + b1 * lambda, R) !== 0n || mod(a2 + b2 * lambda, R) !== 0n || (det !== R && det !== -R)) {
    throw new Error("bad GLV basis");
  }
  const round = (num: bigint) => floorDiv(2n * num + det, 2n * det);
  const g1 = round(b2 << 256n);
  const g2 = round(-b1 << 256n);
  // cᵢ = round(k·gᵢ / 2^256) is within 1/2 + k/2^257 < 5/8 of k·(basis)/det, so |k1| ≤ 5/8·(|a1| + |a2|)
  // and |k2| ≤ 5/8·(|b1| + |b2|).
  const bound = [a1, a2, b1, b2].map((x) => (x < 0n ? -x : x));
  let max = bound[0]! + bound[1]!;
  if (bound[2]! + bound[3]! > max) max = bound[2]! + bound[3]!;
  cached = {
    lambda,
    betaG1,
    betaG2,
    a1,
    b1,
    a2,
    b2,
    g1,
    g2,
    bits: ((max * 5n) / 8n + 1n).toString(2).length,
  };
  for (const k of [0n, 1n, R - 1n, R / 2n, lambda, R - lambda]) glvDecompose(k);
  return cached;
}

/** The WASM decomposition on bigints (k < r): [k1, k2] with k ≡ k1 + k2·λ (mod r); throws past the bound. */
export function glvDecompose(k: bigint): [bigint, bigint] {
  const g = glvParams();
  const c = (gi: bigint) => {
    const abs = (k * (gi < 0n ? -gi : gi) + (1n << 255n)) >> 256n;
    return gi < 0n ? -abs : abs;
  };
  const c1 = c(g.g1);
  const c2 = c(g.g2);
  const k1 = k - c1 * g.a1 - c2 * g.a2;
  const k2 = -c1 * g.b1 - c2 * g.b2;
  const limit = 1n << BigInt(g.bits);
  if (mod(k1 + k2 * g.lambda - k, R) !== 0n || k1 >= limit || -k1 >= limit || k2 >= limit || -k2 >= limit) {
    throw new Error(`GLV decomposition of ${k} out of bounds`);
  }
  return [k1, k2];
}
