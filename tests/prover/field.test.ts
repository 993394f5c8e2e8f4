/**
 * The Fr helpers and scalar recipes behind the development setup, against their definitions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchInvert, inv, mul, pow, R, rootOfUnity } from "../../src/prover/setup/field.js";
import { computeScalars } from "../../src/prover/setup/scalars.js";

const fr = fc.bigInt({ min: 1n, max: R - 1n });
/** τ off every domain up to 2^6 (the Lagrange formula divides by τ - ω^k; the sampler excludes these too). */
const tauOffDomain = fr.filter((t) => pow(t, 64n) !== 1n);
const readScalars = (bytes: Uint8Array): bigint[] => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: bigint[] = [];
  for (let o = 0; o < bytes.length; o += 32) {
    let v = 0n;
    for (let k = 3; k >= 0; k--) v = (v << 64n) | view.getBigUint64(o + 8 * k, true);
    out.push(v);
  }
  return out;
};

describe("Fr helpers", () => {
  it("roots of unity have exactly the order 2^k", () => {
    for (const k of [1, 5, 17, 28]) {
      const w = rootOfUnity(k);
      expect(pow(w, 1n << BigInt(k))).toBe(1n);
      expect(pow(w, 1n << BigInt(k - 1))).toBe(R - 1n);
    }
  });

  it("batch inversion with a scale equals scale/v elementwise", () => {
    fc.assert(
      fc.property(fc.array(fr, { minLength: 1, maxLength: 20 }), fr, (values, scale) => {
        const got = [...values];
        batchInvert(got, scale);
        expect(got).toEqual(values.map((v) => mul(scale, inv(v))));
      }),
      { numRuns: 50 },
    );
  });
});

describe("scalar recipes", () => {
  it("a Lagrange basis sums to one and interpolates τ", () => {
    fc.assert(
      fc.property(tauOffDomain, fc.integer({ min: 0, max: 6 }), (tau, log) => {
        const n = 2 ** log;
        const L = readScalars(
          computeScalars(
            { kind: "lagrange", log, factor: 1n, tau, offset: 0, stride: 1, truncate: false },
            0,
            n,
          ),
        );
        expect(L.reduce((a, b) => (a + b) % R, 0n)).toBe(1n);
        // Σ L_k(τ)·ω^k = τ for n ≥ 2: the basis interpolates the identity polynomial
        if (n >= 2) {
          const w = rootOfUnity(log);
          expect(L.reduce((a, l, k) => (a + l * pow(w, BigInt(k))) % R, 0n)).toBe(tau);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("chunks of a recipe agree with the whole", () => {
    const tau = 123456789n;
    const recipe = {
      kind: "lagrange",
      log: 5,
      factor: 7n,
      tau,
      offset: 1,
      stride: 2,
      truncate: false,
    } as const;
    const whole = readScalars(computeScalars(recipe, 0, 16));
    expect(readScalars(computeScalars(recipe, 5, 7))).toEqual(whole.slice(5, 12));
    const powers = readScalars(computeScalars({ kind: "powers", factor: 3n, x: tau }, 4, 3));
    expect(powers).toEqual([4n, 5n, 6n].map((i) => mul(3n, pow(tau, i))));
  });
});
