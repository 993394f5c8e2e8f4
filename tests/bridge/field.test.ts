import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FIELD_MODULUS,
  frAdd,
  frEq,
  frInverse,
  frMul,
  frNeg,
  frPow,
  frSqrt,
  frSquare,
  frSub,
} from "../../src/bridge/index.js";
import { type ErrorCode, isGhostError } from "../../src/protocol/errors.js";
import { isQuadraticResidue, modPow, modSqrt } from "../../src/protocol/modular/index.js";

const P = FIELD_MODULUS;
const mod = (x: bigint) => ((x % P) + P) % P;
const field = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 2n, P - 1n, P - 2n, (P - 1n) / 2n) },
  { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: P - 1n }) },
);
const nonZero = field.filter((x) => x !== 0n);

/** True when `call` throws the GhostError `code`. */
function rejects(call: () => unknown, code: ErrorCode): boolean {
  try {
    call();
    return false;
  } catch (e) {
    return isGhostError(e, code);
  }
}

describe("BN254 Fr (WASM core) against a bigint model", () => {
  it("add, sub, mul, square and neg equal modular bigint arithmetic", () => {
    fc.assert(
      fc.property(field, field, (a, b) => {
        expect(frAdd(a, b)).toBe(mod(a + b));
        expect(frSub(a, b)).toBe(mod(a - b));
        expect(frMul(a, b)).toBe(mod(a * b));
        expect(frSquare(a)).toBe(mod(a * a));
        expect(frNeg(a)).toBe(mod(-a));
      }),
      { numRuns: 300 },
    );
  });

  it("is associative, commutative and distributive", () => {
    fc.assert(
      fc.property(field, field, field, (a, b, c) => {
        expect(frMul(frMul(a, b), c)).toBe(frMul(a, frMul(b, c)));
        expect(frAdd(frAdd(a, b), c)).toBe(frAdd(a, frAdd(b, c)));
        expect(frMul(a, b)).toBe(frMul(b, a));
        expect(frMul(a, frAdd(b, c))).toBe(frAdd(frMul(a, b), frMul(a, c)));
      }),
      { numRuns: 200 },
    );
  });

  it("inverts every non-zero element and refuses zero", () => {
    fc.assert(
      fc.property(nonZero, (a) => {
        const inv = frInverse(a);
        expect(frMul(a, inv)).toBe(1n);
        expect(inv).toBe(modPow(a, P - 2n, P));
      }),
      { numRuns: 50 },
    );
    expect(() => frInverse(0n)).toThrow();
  });

  it("raises to any 256-bit power", () => {
    fc.assert(
      fc.property(field, fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (a, e) => {
        expect(frPow(a, e)).toBe(modPow(a, e, P));
      }),
      { numRuns: 30 },
    );
    expect(frPow(5n, 0n)).toBe(1n);
    expect(frPow(0n, 0n)).toBe(1n);
  });

  it("takes square roots as ffjavascript does (the root ≤ (p − 1)/2) and refuses non-squares", () => {
    // g generates the 2^28-order subgroup, where the root's digit lookups do their work.
    let t = P - 1n;
    while ((t & 1n) === 0n) t >>= 1n;
    let z = 2n;
    while (isQuadraticResidue(z, P)) z++;
    const g = modPow(z, t, P);
    const exponent = fc.bigInt({ min: 0n, max: (1n << 28n) - 1n });
    const candidate = fc.oneof(
      field,
      field.map((x) => mod(x * x)),
      exponent.map((e) => modPow(g, e, P)),
      fc.tuple(field, exponent).map(([x, e]) => mod(x * x * modPow(g, e, P))),
    );
    fc.assert(
      fc.property(candidate, (a) => {
        if (a === 0n || isQuadraticResidue(a, P)) {
          const r = modSqrt(a, P);
          expect(frSqrt(a)).toBe(r > (P - 1n) / 2n ? P - r : r);
        } else {
          expect(rejects(() => frSqrt(a), "WASM_BAD_ARGUMENT")).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    expect(frSqrt(1n)).toBe(1n);
    expect(rejects(() => frSqrt(g), "WASM_BAD_ARGUMENT")).toBe(true);
    expect(frSqrt(mod(g * g))).toBe(g > (P - 1n) / 2n ? P - g : g);
  });

  it("compares canonically", () => {
    fc.assert(
      fc.property(field, field, (a, b) => {
        expect(frEq(a, b)).toBe(a === b);
        expect(frEq(a, a)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("rejects non-canonical inputs with FIELD_OUT_OF_RANGE", () => {
    for (const bad of [P, P + 5n, -1n, 1n << 255n]) {
      for (const call of [() => frAdd(bad, 1n), () => frMul(1n, bad), () => frInverse(bad)]) {
        try {
          call();
          expect.fail("accepted a non-canonical element");
        } catch (e) {
          expect(isGhostError(e, "FIELD_OUT_OF_RANGE")).toBe(true);
        }
      }
    }
  });
});
