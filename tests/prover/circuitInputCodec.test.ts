/** The stored circuit input's binary form: a round trip to snarkjs' decimal form, and refusals. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCircuitInput, encodeCircuitInput } from "../../src/prover/index.js";
import { thrownCode as codeOf } from "../thrownCode.js";

const value = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
const decimal = (v: unknown): unknown => (Array.isArray(v) ? v.map(decimal) : String(v));

describe("circuit input codec", () => {
  it("round-trips scalars, vectors and matrices of any size to their decimal form", () => {
    const entry = fc.oneof(
      value,
      fc.array(value, { maxLength: 6 }),
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 4 }))
        .chain(([r, c]) =>
          fc.array(fc.array(value, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
        ),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), entry, { maxKeys: 6 }),
        (input) => {
          const decoded = decodeCircuitInput(encodeCircuitInput(input));
          expect(decoded).toEqual(Object.fromEntries(Object.entries(input).map(([k, v]) => [k, decimal(v)])));
        },
      ),
      { numRuns: 300 },
    );
    expect(decodeCircuitInput(encodeCircuitInput({ n: 7, m: [1, 2] }))).toEqual({ n: "7", m: ["1", "2"] });
    // The decimal form encodes back to the same bytes (the distributed prover queue ships stored inputs).
    const bytes = encodeCircuitInput({ n: 7n, m: [[1n, 2n]] });
    expect(Buffer.from(encodeCircuitInput(decodeCircuitInput(bytes)))).toEqual(Buffer.from(bytes));
  });

  it("refuses what it cannot store and bytes it did not write, with WITNESS_FAILED", () => {
    expect(codeOf(() => encodeCircuitInput({ a: -1n }))).toBe("WITNESS_FAILED");
    expect(codeOf(() => encodeCircuitInput({ a: 1n << 256n }))).toBe("WITNESS_FAILED");
    expect(codeOf(() => encodeCircuitInput({ a: [[1n], [1n, 2n]] }))).toBe("WITNESS_FAILED");
    expect(codeOf(() => encodeCircuitInput({ a: "01" }))).toBe("WITNESS_FAILED");
    expect(codeOf(() => encodeCircuitInput({ a: "-1" }))).toBe("WITNESS_FAILED");
    expect(codeOf(() => encodeCircuitInput({ a: "0x1" }))).toBe("WITNESS_FAILED");
    expect(codeOf(() => encodeCircuitInput({ a: (1n << 256n).toString() }))).toBe("WITNESS_FAILED");
    const good = encodeCircuitInput({ a: [1n, 2n, 3n] });
    expect(codeOf(() => decodeCircuitInput(good.subarray(0, good.length - 1)))).toBe("WITNESS_FAILED");
    expect(codeOf(() => decodeCircuitInput(Uint8Array.of(1, 2)))).toBe("WITNESS_FAILED");
    const lying = Buffer.from(good);
    lying.write('[["a",[9]]]', 4); // same header length, more values than the bytes hold
    expect(codeOf(() => decodeCircuitInput(lying))).toBe("WITNESS_FAILED");
    expect(codeOf(() => decodeCircuitInput(Buffer.concat([good, Buffer.alloc(32)])))).toBe("WITNESS_FAILED");
  });
});
