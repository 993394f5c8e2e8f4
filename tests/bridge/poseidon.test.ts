import { buildPoseidon } from "circomlibjs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { FIELD_MODULUS, POSEIDON_MAX_INPUTS, poseidon, poseidonBatch } from "../../src/bridge/index.js";
import { isGhostError } from "../../src/protocol/errors.js";

const P = FIELD_MODULUS;
type CircomlibPoseidon = Awaited<ReturnType<typeof buildPoseidon>>;
let reference: CircomlibPoseidon;
const circomlib = (xs: bigint[]) => reference.F.toObject(reference(xs)) as bigint;

/** Field elements with the edges over-represented: 0, 1, p−1, p−2, small and full-width values. */
const field = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, P - 1n, P - 2n, (1n << 253n) - 1n) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 1000n }) },
  { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: P - 1n }) },
);

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (e) {
    expect(isGhostError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

beforeAll(async () => {
  reference = await buildPoseidon();
});

describe("poseidon (WASM core)", () => {
  it("matches circomlib's known vector poseidon([1, 2])", () => {
    expect(poseidon([1n, 2n])).toBe(
      7853200120776062878684798364095072458815029376092732009249414926327459813530n,
    );
  });

  it("matches circomlibjs on the all-zero and all-(p−1) inputs at every arity", () => {
    for (let n = 1; n <= POSEIDON_MAX_INPUTS; n++) {
      for (const v of [0n, P - 1n]) {
        const xs = Array<bigint>(n).fill(v);
        expect(poseidon(xs), `n=${n} v=${v}`).toBe(circomlib(xs));
      }
    }
  });

  for (let n = 1; n <= POSEIDON_MAX_INPUTS; n++) {
    it(`agrees with circomlibjs on random inputs of arity ${n}`, () => {
      fc.assert(
        fc.property(fc.array(field, { minLength: n, maxLength: n }), (xs) => {
          expect(poseidon(xs)).toBe(circomlib(xs));
        }),
        { numRuns: n <= 5 ? 40 : 12 },
      );
    });
  }

  it("hashes a batch exactly as one call per tuple", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: POSEIDON_MAX_INPUTS })
          .chain((n) =>
            fc.array(fc.array(field, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 20 }),
          ),
        (tuples) => {
          expect(poseidonBatch(tuples)).toEqual(tuples.map((t) => circomlib(t)));
        },
      ),
      { numRuns: 25 },
    );
    expect(poseidonBatch([])).toEqual([]);
  });

  // Batches are hashed two tuples per SIMD pass (lanes A and B), an odd last tuple by the scalar
  // permutation: every batch size and every lane must give circomlibjs' result.
  it("hashes batches of every size from 1 to 9 (odd ones end on the scalar path) as circomlibjs", () => {
    for (const n of [1, 2, 3, 5, 16]) {
      for (let size = 1; size <= 9; size++) {
        const tuples = Array.from({ length: size }, (_, k) =>
          Array.from({ length: n }, (_, i) => (BigInt(k * 31 + i) * 0x9e3779b97f4a7c15n + 7n) % P),
        );
        expect(poseidonBatch(tuples), `n=${n} size=${size}`).toEqual(tuples.map((t) => circomlib(t)));
      }
    }
  });

  it("hashes a one-tuple batch exactly as poseidon()", () => {
    for (let n = 1; n <= POSEIDON_MAX_INPUTS; n++) {
      const xs = Array.from({ length: n }, (_, i) => P - 1n - BigInt(i));
      expect(poseidonBatch([xs]), `n=${n}`).toEqual([poseidon(xs)]);
    }
  });

  it("keeps the two SIMD lanes independent on edge values (0, 1, p−1, p−2 against each other)", () => {
    const edges = [0n, 1n, P - 1n, P - 2n];
    for (const n of [1, 2, 4, 6, 16]) {
      const tuples: bigint[][] = [];
      for (const a of edges)
        for (const b of edges) tuples.push(Array<bigint>(n).fill(a), Array<bigint>(n).fill(b));
      // Mixed within a tuple too: p−1 and 0 alternating, in both phases.
      tuples.push(
        Array.from({ length: n }, (_, i) => (i % 2 === 0 ? P - 1n : 0n)),
        Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0n : P - 1n)),
      );
      expect(poseidonBatch(tuples), `n=${n}`).toEqual(tuples.map((t) => circomlib(t)));
    }
  });

  it("gives a tuple the same hash in either lane and on the scalar path", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: POSEIDON_MAX_INPUTS })
          .chain((n) =>
            fc.tuple(
              fc.array(field, { minLength: n, maxLength: n }),
              fc.array(field, { minLength: n, maxLength: n }),
            ),
          ),
        ([x, y]) => {
          const [hx, hy] = poseidonBatch([x, y]);
          expect(poseidonBatch([y, x])).toEqual([hy, hx]);
          expect(poseidonBatch([x, y, x])).toEqual([hx, hy, hx]);
          expect(hx).toBe(circomlib(x));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("rejects an out-of-range element in either lane of a pair, and in an odd last tuple", () => {
    for (const at of [0, 1, 2, 3, 4]) {
      const tuples = Array.from({ length: 5 }, (_, k) => [BigInt(k), 2n]);
      tuples[at]![1] = P;
      expectCode(() => poseidonBatch(tuples), "FIELD_OUT_OF_RANGE");
    }
  });

  it("rejects elements outside [0, p) with FIELD_OUT_OF_RANGE", () => {
    for (const bad of [P, P + 1n, -1n, 1n << 256n, (1n << 256n) - 1n]) {
      expectCode(() => poseidon([1n, bad]), "FIELD_OUT_OF_RANGE");
      expectCode(
        () =>
          poseidonBatch([
            [1n, 2n],
            [bad, 2n],
          ]),
        "FIELD_OUT_OF_RANGE",
      );
    }
    expectCode(() => poseidon([1 as unknown as bigint]), "FIELD_OUT_OF_RANGE");
  });

  it("rejects 0 or more than 16 inputs, and ragged batches, with POSEIDON_ARITY", () => {
    expectCode(() => poseidon([]), "POSEIDON_ARITY");
    expectCode(() => poseidon(Array<bigint>(17).fill(1n)), "POSEIDON_ARITY");
    expectCode(() => poseidonBatch([[1n, 2n], [1n]]), "POSEIDON_ARITY");
  });

  it("still hashes correctly after a rejected call", () => {
    expectCode(() => poseidon([P]), "FIELD_OUT_OF_RANGE");
    expect(poseidon([1n, 2n])).toBe(
      7853200120776062878684798364095072458815029376092732009249414926327459813530n,
    );
  });

  it("survives memory growth: a batch larger than the initial I/O area", () => {
    const tuples = Array.from({ length: 5000 }, (_, i) => [BigInt(i), BigInt(i + 1)]);
    const hashes = poseidonBatch(tuples);
    expect(hashes[0]).toBe(circomlib([0n, 1n]));
    expect(hashes[4999]).toBe(circomlib([4999n, 5000n]));
  });
});
