/**
 * groth16.wasm's field arithmetic (assembly/groth16/fq.ts, fq2.ts, batchInverse.ts through
 * src/prover/groth16/curveWasm.ts) against bigint arithmetic on random values: Fq and
 * Fq2 = Fq[u]/(u² + 1), including the boundaries 0, 1 and q − 1, and rejection of inputs ≥ q; and the
 * GLV scalar split (assembly/groth16/glv.ts) against its defining property.
 * The curve formulas are covered through the MSMs (msm.test.ts), which use every one of them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mod, modInverse } from "../../../src/protocol/modular/index.js";
import {
  FieldOp,
  fieldOpWasm,
  fqBatchInverseWasm,
  glvSplitWasm,
} from "../../../src/prover/groth16/curveWasm.js";

const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** A cube root of unity mod r: the eigenvalue of (x, y) ↦ (β·x, y) (scripts/build/gen/glv.ts). */
const LAMBDA = 21888242871839275217838484774961031246154997185409878258781734729429964517155n;

function le(values: bigint[]): Uint8Array {
  const out = new Uint8Array(32 * values.length);
  values.forEach((v, k) => {
    for (let i = 0; i < 32; i++) out[32 * k + i] = Number((v >> BigInt(8 * i)) & 0xffn);
  });
  return out;
}

function fromLe(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let k = 0; k < bytes.length / 32; k++) {
    let v = 0n;
    for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(bytes[32 * k + i]!);
    out.push(v);
  }
  return out;
}

const fq = fc.oneof(
  { weight: 8, arbitrary: fc.bigInt({ min: 0n, max: Q - 1n }) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 2n, Q - 1n, Q - 2n, (Q - 1n) / 2n) },
);
const fq2 = fc.tuple(fq, fq);

const fq1Op = (op: FieldOp, a: bigint, b = 0n) => fromLe(fieldOpWasm(1, op, le([a]), le([b])))[0]!;
const fq2Op = (op: FieldOp, a: [bigint, bigint], b: [bigint, bigint] = [0n, 0n]) =>
  fromLe(fieldOpWasm(2, op, le(a), le(b)));

/** Fq2 reference: (a0 + a1·u)(b0 + b1·u) with u² = −1. */
const mul2 = ([a0, a1]: [bigint, bigint], [b0, b1]: [bigint, bigint]) => [
  mod(a0 * b0 - a1 * b1, Q),
  mod(a0 * b1 + a1 * b0, Q),
];

describe("Fq", () => {
  it("adds, subtracts, multiplies, squares and negates like bigint arithmetic mod q", () => {
    fc.assert(
      fc.property(fq, fq, (a, b) => {
        expect(fq1Op(FieldOp.add, a, b)).toBe(mod(a + b, Q));
        expect(fq1Op(FieldOp.sub, a, b)).toBe(mod(a - b, Q));
        expect(fq1Op(FieldOp.mul, a, b)).toBe(mod(a * b, Q));
        expect(fq1Op(FieldOp.sqr, a)).toBe(mod(a * a, Q));
        expect(fq1Op(FieldOp.neg, a)).toBe(mod(-a, Q));
      }),
      { numRuns: 300 },
    );
  });

  it("inverts every non-zero element and refuses zero", () => {
    fc.assert(
      fc.property(fq, (a) => {
        if (a === 0n) expect(() => fq1Op(FieldOp.inv, a)).toThrow();
        else expect(fq1Op(FieldOp.inv, a)).toBe(modInverse(a, Q));
      }),
      { numRuns: 100 },
    );
  });

  it("rejects operands at or above q", () => {
    for (const bad of [Q, Q + 1n, (1n << 256n) - 1n]) {
      expect(() => fieldOpWasm(1, FieldOp.add, le([bad]), le([1n]))).toThrow();
      expect(() => fieldOpWasm(1, FieldOp.add, le([1n]), le([bad]))).toThrow();
    }
  });

  it("batch-inverts with one inversion, zeros staying zero", () => {
    fc.assert(
      fc.property(fc.array(fq, { minLength: 1, maxLength: 40 }), (xs) => {
        const got = fromLe(fqBatchInverseWasm(le(xs)));
        expect(got).toEqual(xs.map((x) => (x === 0n ? 0n : modInverse(x, Q))));
      }),
      { numRuns: 50 },
    );
  });
});

describe("Fq2 = Fq[u]/(u² + 1)", () => {
  it("adds, subtracts, multiplies (Karatsuba), squares and negates like the schoolbook formulas", () => {
    fc.assert(
      fc.property(fq2, fq2, (a, b) => {
        expect(fq2Op(FieldOp.add, a, b)).toEqual([mod(a[0] + b[0], Q), mod(a[1] + b[1], Q)]);
        expect(fq2Op(FieldOp.sub, a, b)).toEqual([mod(a[0] - b[0], Q), mod(a[1] - b[1], Q)]);
        expect(fq2Op(FieldOp.mul, a, b)).toEqual(mul2(a, b));
        expect(fq2Op(FieldOp.sqr, a)).toEqual(mul2(a, a));
        expect(fq2Op(FieldOp.neg, a)).toEqual([mod(-a[0], Q), mod(-a[1], Q)]);
      }),
      { numRuns: 200 },
    );
  });

  it("inverts: a · a⁻¹ = 1, and refuses zero", () => {
    fc.assert(
      fc.property(fq2, (a) => {
        if (a[0] === 0n && a[1] === 0n) {
          expect(() => fq2Op(FieldOp.inv, a)).toThrow();
          return;
        }
        const inv = fq2Op(FieldOp.inv, a) as [bigint, bigint];
        expect(mul2(a, inv)).toEqual([1n, 0n]);
      }),
      { numRuns: 100 },
    );
    expect(() => fq2Op(FieldOp.inv, [0n, 0n])).toThrow();
  });
});

describe("GLV split", () => {
  it("writes every k < r as k1 + k2·λ (mod r) with |k1|, |k2| < 2^127", () => {
    expect(mod(LAMBDA * LAMBDA + LAMBDA + 1n, R)).toBe(0n);
    const scalar = fc.oneof(
      { weight: 8, arbitrary: fc.bigInt({ min: 0n, max: R - 1n }) },
      { weight: 1, arbitrary: fc.constantFrom(0n, 1n, R - 1n, LAMBDA, R - LAMBDA, R / 2n, (R * 2n) / 3n) },
    );
    fc.assert(
      fc.property(scalar, (k) => {
        const [k1, k2] = glvSplitWasm(k);
        expect(mod(k1 + k2 * LAMBDA - k, R)).toBe(0n);
        for (const half of [k1, k2]) expect(half < 0n ? -half : half).toBeLessThan(1n << 127n);
      }),
      { numRuns: 500 },
    );
  });
});
