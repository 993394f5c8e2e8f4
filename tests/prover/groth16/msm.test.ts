/**
 * groth16.wasm's MSMs (assembly/groth16/msm.ts through src/prover/groth16/msmWasm.ts) against
 * ffjavascript's multiExpAffine — what snarkjs' groth16.prove calls — on the same bytes: random inputs
 * of several sizes and window sizes, and the hostile cases of the batch-affine bucket additions: scalars
 * 0, 1, r − 1 and ≥ r, many equal points (P + P in a bucket), P beside −P (P + (−P)), and the point at
 * infinity among the bases. Every case runs with and without the GLV split of the scalars, whose
 * extremes (the halves' bound of 2^127) are covered by the random scalars, r − 1, λ and r − λ.
 */
import { randomBytes } from "node:crypto";
import { type BnCurve, buildBn128 } from "ffjavascript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msmG1, msmG2 } from "../../../src/prover/groth16/msmWasm.js";
import { AFFINE_BYTES, type Group, group, putScalar, randomBases } from "./ffjsPoints.js";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** The GLV eigenvalue (scripts/build/gen/glv.ts): k = λ splits into (0, 1). */
const LAMBDA = 21888242871839275217838484774961031246154997185409878258781734729429964517155n;

let curve: BnCurve;
/** A pool of random points per group, sliced and repeated by the tests (making points is slow). */
const pool: Record<Group, Uint8Array> = { G1: new Uint8Array(), G2: new Uint8Array() };
const POOL = { G1: 2048, G2: 512 };

beforeAll(async () => {
  curve = await buildBn128(true);
  pool.G1 = randomBases(curve, "G1", POOL.G1);
  pool.G2 = randomBases(curve, "G2", POOL.G2);
});

afterAll(async () => {
  await curve?.terminate();
});

function bases(g: Group, n: number, from = 0): Uint8Array {
  const size = AFFINE_BYTES[g];
  const out = new Uint8Array(n * size);
  for (let i = 0; i < n; i++) {
    const k = (from + i) % POOL[g];
    out.set(pool[g].subarray(k * size, (k + 1) * size), i * size);
  }
  return out;
}

function scalars(values: bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * 32);
  values.forEach((v, i) => {
    putScalar(out, i * 32, v);
  });
  return out;
}

function randomScalar(): bigint {
  let x = 0n;
  for (const b of randomBytes(40)) x = (x << 8n) | BigInt(b);
  return x % R;
}

const randomScalars = (n: number) => Array.from({ length: n }, randomScalar);

/** Ours with and without GLV against ffjavascript on the same bytes. */
async function expectSame(g: Group, b: Uint8Array, s: Uint8Array, n: number, windowBits?: number) {
  const G = group(curve, g);
  const expected = await G.multiExpAffine(b, s);
  for (const glv of [true, false]) {
    const got = (g === "G1" ? msmG1 : msmG2)(b, s, n, { windowBits, glv });
    expect(got.length).toBe(g === "G1" ? 96 : 192);
    expect(G.eq(got, expected), `${g} n=${n} windowBits=${windowBits ?? "auto"} glv=${glv}`).toBe(true);
  }
}

describe.each(["G1", "G2"] as const)("%s MSM equals ffjavascript's multiExpAffine", (g) => {
  it("on random bases and scalars of several sizes", async () => {
    const sizes = g === "G1" ? [1, 2, 3, 17, 100, 1000, 4096] : [1, 2, 5, 64, 700];
    for (const n of sizes) await expectSame(g, bases(g, n), scalars(randomScalars(n)), n);
  });

  it("with every window size from 2 to 16 bits", async () => {
    const n = g === "G1" ? 300 : 60;
    const b = bases(g, n, 7);
    const s = scalars(randomScalars(n));
    for (let c = 2; c <= 16; c++) await expectSame(g, b, s, n, c);
  });

  it("with scalars 0, 1, r − 1 and at or above r", async () => {
    const n = 64;
    const b = bases(g, n, 11);
    await expectSame(g, b, scalars(Array(n).fill(0n)), n);
    await expectSame(g, b, scalars(Array(n).fill(1n)), n);
    await expectSame(g, b, scalars(Array(n).fill(R - 1n)), n);
    const mixed = Array.from(
      { length: n },
      (_, i) => [0n, 1n, R - 1n, R, R + 1n, (1n << 256n) - 1n, LAMBDA, R - LAMBDA, randomScalar()][i % 9]!,
    );
    await expectSame(g, b, scalars(mixed), n);
  });

  it("with many equal points (doublings inside buckets)", async () => {
    const n = 500;
    const b = bases(g, n).map((_, i) => pool[g][i % AFFINE_BYTES[g]]!);
    // Same point, same scalar: every pair in every bucket is P + P.
    await expectSame(g, b, scalars(Array(n).fill(randomScalar())), n);
    await expectSame(g, b, scalars(Array.from({ length: n }, (_, i) => BigInt(i % 3) + 1n)), n);
    await expectSame(g, b, scalars(randomScalars(n)), n);
  });

  it("with P beside −P under the same scalar (cancellations inside buckets)", async () => {
    const G = group(curve, g);
    const size = AFFINE_BYTES[g];
    const n = 200;
    const b = new Uint8Array(n * size);
    for (let i = 0; i < n; i += 2) {
      const p = pool[g].subarray((i % 16) * size, ((i % 16) + 1) * size);
      b.set(p, i * size);
      G.toRprLEM(b, (i + 1) * size, G.toAffine(G.neg(fromAffine(g, p))));
    }
    const k = randomScalar();
    await expectSame(g, b, scalars(Array(n).fill(k)), n);
    await expectSame(g, b, scalars(Array.from({ length: n }, (_, i) => (i % 4 < 2 ? k : randomScalar()))), n);
  });

  it("with the point at infinity among the bases", async () => {
    const n = 100;
    const b = bases(g, n, 3);
    for (let i = 0; i < n; i += 3) b.fill(0, i * AFFINE_BYTES[g], (i + 1) * AFFINE_BYTES[g]);
    await expectSame(g, b, scalars(randomScalars(n)), n);
    // Only infinities: ours is the infinity; ffjavascript returns (0, 0, 1), not a point, so no comparison.
    const none = (g === "G1" ? msmG1 : msmG2)(
      new Uint8Array(n * AFFINE_BYTES[g]),
      scalars(randomScalars(n)),
      n,
    );
    expect(group(curve, g).isZero(none)).toBe(true);
  });

  it("rejects a negative or oversized n and too short buffers with WASM_BAD_ARGUMENT", () => {
    const msm = g === "G1" ? msmG1 : msmG2;
    const size = AFFINE_BYTES[g];
    expect(() => msm(new Uint8Array(size), new Uint8Array(32), -1)).toThrow(/"n"/);
    expect(() => msm(new Uint8Array(size), new Uint8Array(32), 2 ** 21)).toThrow(/"n"/);
    expect(() => msm(new Uint8Array(size), new Uint8Array(32), 2)).toThrow(/bases/);
    expect(() => msm(new Uint8Array(2 * size), new Uint8Array(32), 2)).toThrow(/scalars/);
  });

  it("returns the infinity for n = 0", () => {
    const got = (g === "G1" ? msmG1 : msmG2)(new Uint8Array(), new Uint8Array(), 0);
    expect(group(curve, g).isZero(got)).toBe(true);
  });
});

/** ffjavascript's projective form (X, Y, 1) of an affine point in its byte form. */
function fromAffine(g: Group, p: Uint8Array): Uint8Array {
  const G = group(curve, g);
  const half = AFFINE_BYTES[g] / 2;
  const out = new Uint8Array(3 * half);
  out.set(p, 0);
  // Z = 1 in Montgomery form: the Y of the zero point (0, 1, 0).
  out.set(G.zero.subarray(half, 2 * half), 2 * half);
  return out;
}
