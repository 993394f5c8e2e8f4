/**
 * ML-DSA-65: liboqs (what ghostd signs and verifies with) against @noble/post-quantum (the reference),
 * verdict for verdict, on valid signatures from either side and on hostile ones: flipped bits across
 * every section of the signature, wrong lengths and types, malformed hint encodings, out-of-range z,
 * another key, another message, a corrupted public key. Then the mempool's verify pool.
 *
 * Signature layout (FIPS 204 sigEncode, ML-DSA-65: λ = 192, l = 5, k = 6, γ1 = 2^19, ω = 55):
 *   c̃ (48 bytes) ‖ z (5 × 640 bytes, 20-bit coefficients) ‖ h (55 index bytes ‖ 6 cumulative counts)
 */

import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { createMLDSA65 } from "@oqs/liboqs-js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMlDsa,
  createMlDsaVerifyPool,
  LIBOQS_MAX_MESSAGE_BYTES,
  ML_DSA65_PUBLIC_KEY_BYTES,
  ML_DSA65_SECRET_KEY_BYTES,
  ML_DSA65_SIGNATURE_BYTES,
  type MlDsa,
  type MlDsaVerifyItem,
  type MlDsaVerifyPool,
  mlDsaKeygen,
  nobleSign,
  nobleVerify,
} from "../../src/l1/crypto/index.js";
import { poolWorkers } from "../../src/l1/crypto/mlDsaVerifyPool.js";
import { type ErrorCode, isGhostError } from "../../src/protocol/errors.js";
import { l1AddressOf } from "../../src/protocol/keys/l1Address.js";

const SEED = 0x6d6c6473;
const C_TILDE_BYTES = 48;
const Z_AT = C_TILDE_BYTES;
const HINT_AT = Z_AT + 5 * 640; // 3248
const OMEGA = 55;
const K = 6;
const COUNTS_AT = HINT_AT + OMEGA; // 3303

let mlDsa: MlDsa;

interface Fixture {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
  message: Uint8Array;
  /** One signature by liboqs, one by noble. */
  signatures: [Uint8Array, Uint8Array];
}

const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const messageArb = fc.uint8Array({ maxLength: 256 });
let fixtures: Fixture[];

/** Both verdicts, which must agree; returns the common verdict. */
function agreed(publicKey: unknown, message: unknown, signature: unknown): boolean {
  const fast = mlDsa.verify(publicKey as Uint8Array, message as Uint8Array, signature as Uint8Array);
  const reference = nobleVerify(publicKey as Uint8Array, message as Uint8Array, signature as Uint8Array);
  expect(fast, "liboqs and noble disagree").toBe(reference);
  return fast;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

function expectThrows(fn: () => unknown, code: ErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isGhostError(caught, code), String(caught)).toBe(true);
}

beforeAll(async () => {
  mlDsa = await createMlDsa();
  fixtures = fc.sample(fc.tuple(seedArb, messageArb), { seed: SEED, numRuns: 3 }).map(([seed, message]) => {
    const { publicKey, secretKey } = mlDsaKeygen(seed);
    return {
      publicKey,
      secretKey,
      message,
      signatures: [mlDsa.sign(secretKey, message), nobleSign(secretKey, message)],
    };
  });
});

afterAll(() => {
  mlDsa.destroy();
});

describe("ML-DSA-65 keys", () => {
  it("derives noble's key pair from a 32-byte seed, with FIPS 204 sizes and the protocol's L1 address", () => {
    const [seed] = fc.sample(seedArb, { seed: SEED, numRuns: 1 });
    const ours = mlDsaKeygen(seed!);
    const noble = ml_dsa65.keygen(seed!);
    expect(ours.publicKey).toEqual(noble.publicKey);
    expect(ours.secretKey).toEqual(noble.secretKey);
    expect(ours.publicKey.length).toBe(ML_DSA65_PUBLIC_KEY_BYTES);
    expect(ours.secretKey.length).toBe(ML_DSA65_SECRET_KEY_BYTES);
    expect(mlDsaKeygen(seed!).publicKey).toEqual(ours.publicKey);
    const address = l1AddressOf(ours.publicKey);
    expect(address).toBeGreaterThan(0n);
    expect(address < 1n << 160n).toBe(true);
  });

  it("rejects a seed that is not 32 bytes with L1_KEY_MALFORMED", () => {
    for (const seed of [new Uint8Array(31), new Uint8Array(33), "seed", null]) {
      expectThrows(() => mlDsaKeygen(seed as Uint8Array), "L1_KEY_MALFORMED");
    }
  });
});

describe("ML-DSA-65 sign and verify: liboqs against noble", () => {
  it("signatures by either implementation verify under both, and under no other key or message", () => {
    fc.assert(
      fc.property(seedArb, seedArb, messageArb, messageArb, (seed, otherSeed, message, otherMessage) => {
        fc.pre(!Buffer.from(message).equals(otherMessage) && !Buffer.from(seed).equals(otherSeed));
        const { publicKey, secretKey } = mlDsaKeygen(seed);
        const other = mlDsaKeygen(otherSeed);
        const byLiboqs = mlDsa.sign(secretKey, message);
        const byNoble = nobleSign(secretKey, message);
        expect(byLiboqs.length).toBe(ML_DSA65_SIGNATURE_BYTES);
        expect(byNoble.length).toBe(ML_DSA65_SIGNATURE_BYTES);
        for (const signature of [byLiboqs, byNoble]) {
          expect(agreed(publicKey, message, signature)).toBe(true);
          expect(agreed(other.publicKey, message, signature)).toBe(false);
          expect(agreed(publicKey, otherMessage, signature)).toBe(false);
        }
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it("agrees on every flipped bit at the edges of c̃, z, the hint indices and every hint count byte", () => {
    const edges = [
      0,
      C_TILDE_BYTES - 1,
      Z_AT,
      Z_AT + 639,
      Z_AT + 640,
      HINT_AT - 1,
      HINT_AT,
      HINT_AT + 1,
      COUNTS_AT - 1,
      ...Array.from({ length: K }, (_, i) => COUNTS_AT + i),
    ];
    const bits = edges.flatMap((byte) => Array.from({ length: 8 }, (_, b) => byte * 8 + b));
    for (const { publicKey, message, signatures } of fixtures.slice(0, 2)) {
      for (const signature of signatures) {
        for (const bit of bits) expect(agreed(publicKey, message, flipBit(signature, bit))).toBe(false);
      }
    }
  });

  it("agrees on flipped bits sampled across the whole signature (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 0, max: ML_DSA65_SIGNATURE_BYTES * 8 - 1 }),
        ({ publicKey, message, signatures }, which, bit) => {
          expect(agreed(publicKey, message, flipBit(signatures[which as 0 | 1], bit))).toBe(false);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("agrees on a public key with a flipped bit (ρ, t1, last byte)", () => {
    const { publicKey, message, signatures } = fixtures[0]!;
    for (const bit of [0, 7, 31 * 8 + 5, 32 * 8, 1000 * 8 + 3, ML_DSA65_PUBLIC_KEY_BYTES * 8 - 1]) {
      for (const signature of signatures)
        expect(agreed(flipBit(publicKey, bit), message, signature)).toBe(false);
    }
  });

  it("agrees on malformed hint encodings and out-of-range z", () => {
    for (const { publicKey, message, signatures } of fixtures) {
      for (const signature of signatures) {
        const counts = Array.from(signature.subarray(COUNTS_AT, COUNTS_AT + K));
        const total = counts[K - 1]!;
        // The original is a well-formed hint: cumulative counts within ω, strictly increasing indices.
        expect(counts.every((c, i) => c <= OMEGA && (i === 0 || c >= counts[i - 1]!))).toBe(true);
        const starts = [0, ...counts.slice(0, -1)];
        const crowded = starts.findIndex((s, i) => counts[i]! - s >= 2);
        const mutated: Record<string, Uint8Array> = {};
        const mutate = (name: string, fn: (s: Uint8Array) => void) => {
          const s = signature.slice();
          fn(s);
          mutated[name] = s;
        };
        mutate("a hint count above ω", (s) => {
          s[COUNTS_AT + K - 1] = OMEGA + 1;
        });
        mutate("a hint count of 255", (s) => {
          s[COUNTS_AT] = 255;
        });
        mutate("all hint counts zero with indices present", (s) => {
          s.fill(0, COUNTS_AT, COUNTS_AT + K);
        });
        mutate("a non-zero byte in the unused index area", (s) => {
          s[HINT_AT + OMEGA - 1] = 1;
        });
        mutate("z coefficients at the norm bound (all ones)", (s) => {
          s.fill(0xff, Z_AT, Z_AT + 640);
        });
        mutate("z all zero", (s) => {
          s.fill(0, Z_AT, HINT_AT);
        });
        mutate("c̃ all zero", (s) => {
          s.fill(0, 0, C_TILDE_BYTES);
        });
        if (total >= 1) {
          const j = counts.findIndex((c) => c >= 1);
          if (j < K - 1) {
            mutate("hint counts decreasing", (s) => {
              s[COUNTS_AT + j + 1] = counts[j]! - 1;
            });
          }
        }
        if (crowded >= 0) {
          const at = HINT_AT + starts[crowded]!;
          mutate("hint indices not increasing", (s) => {
            [s[at], s[at + 1]] = [s[at + 1]!, s[at]!];
          });
          mutate("a repeated hint index", (s) => {
            s[at + 1] = s[at]!;
          });
        }
        expect(total < OMEGA, "the unused-index case needs a hint with fewer than ω ones").toBe(true);
        expect(crowded >= 0, "the ordering cases need a polynomial with two hints").toBe(true);
        for (const [name, s] of Object.entries(mutated)) {
          expect(agreed(publicKey, message, s), name).toBe(false);
        }
      }
    }
  });

  it("returns false from both for wrong lengths and types, without throwing", () => {
    const { publicKey, message, signatures } = fixtures[0]!;
    const signature = signatures[0];
    const badSignatures: unknown[] = [
      new Uint8Array(0),
      signature.subarray(0, 1),
      signature.subarray(0, ML_DSA65_SIGNATURE_BYTES - 1),
      Uint8Array.from([...signature, 0]),
      new Uint8Array(2 * ML_DSA65_SIGNATURE_BYTES),
      Array.from(signature),
      signature.buffer,
      new DataView(signature.buffer),
      Buffer.from(signature).toString("hex"),
      null,
      undefined,
      42,
    ];
    for (const bad of badSignatures) expect(agreed(publicKey, message, bad)).toBe(false);
    const badKeys: unknown[] = [
      new Uint8Array(0),
      publicKey.subarray(1),
      Uint8Array.from([...publicKey, 0]),
      Array.from(publicKey),
      null,
    ];
    for (const bad of badKeys) expect(agreed(bad, message, signature)).toBe(false);
    for (const bad of [Array.from(message), "message", null, undefined]) {
      expect(agreed(publicKey, bad, signature)).toBe(false);
    }
    // Buffers are Uint8Arrays: accepted as such.
    expect(agreed(Buffer.from(publicKey), Buffer.from(message), Buffer.from(signature))).toBe(true);
  });

  it("gives the boundary's verdict on short signatures in raw liboqs and raw noble too", async () => {
    const { publicKey, message, signatures } = fixtures[0]!;
    const raw = await createMLDSA65();
    try {
      for (const length of [1, 48, ML_DSA65_SIGNATURE_BYTES - 1]) {
        const short = signatures[0].slice(0, length);
        expect(raw.verify(message, short, publicKey)).toBe(false);
        expect(ml_dsa65.verify(short, message, publicKey)).toBe(false);
      }
    } finally {
      raw.destroy();
    }
  });

  it("signs and verifies messages above the liboqs cap through noble, interoperably", async () => {
    const { publicKey, secretKey } = fixtures[0]!;
    const big = new Uint8Array(LIBOQS_MAX_MESSAGE_BYTES + 1).fill(0x5a);
    const signature = mlDsa.sign(secretKey, big);
    expect(agreed(publicKey, big, signature)).toBe(true);
    const raw = await createMLDSA65();
    try {
      expect(raw.verify(big, signature, publicKey)).toBe(true);
      expect(agreed(publicKey, big, raw.sign(big, secretKey))).toBe(true);
    } finally {
      raw.destroy();
    }
  });

  it("rejects a misused sign with a typed error: L1_KEY_MALFORMED for the key, WASM_BAD_ARGUMENT for the message", () => {
    const { secretKey, publicKey, message } = fixtures[0]!;
    for (const bad of [secretKey.subarray(1), new Uint8Array(0), publicKey, "key", null]) {
      expectThrows(() => mlDsa.sign(bad as Uint8Array, message), "L1_KEY_MALFORMED");
      expectThrows(() => nobleSign(bad as Uint8Array, message), "L1_KEY_MALFORMED");
    }
    for (const bad of ["message", [1, 2], null] as unknown[]) {
      expectThrows(() => mlDsa.sign(secretKey, bad as Uint8Array), "WASM_BAD_ARGUMENT");
      expectThrows(() => nobleSign(secretKey, bad as Uint8Array), "WASM_BAD_ARGUMENT");
    }
  });

  it("destroy is idempotent; a destroyed instance refuses work with WASM_ABORT", async () => {
    const { secretKey, publicKey, message, signatures } = fixtures[0]!;
    const own = await createMlDsa();
    expect(own.verify(publicKey, message, signatures[1])).toBe(true);
    own.destroy();
    own.destroy();
    expectThrows(() => own.verify(publicKey, message, signatures[1]), "WASM_ABORT");
    expectThrows(() => own.sign(secretKey, message), "WASM_ABORT");
  });
});

describe("ML-DSA-65 verify pool (worker threads)", () => {
  let pool: MlDsaVerifyPool;

  beforeAll(async () => {
    pool = await createMlDsaVerifyPool({ size: 2 });
  });

  afterAll(async () => {
    await pool.close();
  });

  function batch(count: number): MlDsaVerifyItem[] {
    // One slab, many small views: the pool must send each item's bytes, not the slab.
    const slab = Buffer.alloc(1 << 16, 0x11);
    return Array.from({ length: count }, (_, i) => {
      const { publicKey, message, signatures } = fixtures[i % fixtures.length]!;
      const signature = signatures[i % 2]!;
      switch (i % 5) {
        case 1:
          return {
            publicKey,
            message,
            signature: flipBit(signature, (i * 977) % (ML_DSA65_SIGNATURE_BYTES * 8)),
          };
        case 2:
          return { publicKey, message: slab.subarray(i, i + 3), signature };
        case 3:
          return { publicKey, message, signature: signature.subarray(1) };
        default:
          return { publicKey: Buffer.from(publicKey), message, signature };
      }
    });
  }

  it("gives the serial verdicts in input order, malformed items false", async () => {
    const items = batch(60);
    const hostile = [
      null,
      7,
      {},
      { publicKey: "x", message: new Uint8Array(1), signature: new Uint8Array(1) },
    ];
    const all = [...items, ...hostile] as MlDsaVerifyItem[];
    const serial = all.map((item) => agreed(item?.publicKey, item?.message, item?.signature));
    expect(serial.filter(Boolean).length).toBe(24);
    expect(await pool.verifyBatch(all)).toEqual(serial);
    expect(await pool.verifyBatch([])).toEqual([]);
    const [a, b] = await Promise.all([
      pool.verifyBatch(items.slice(0, 5)),
      pool.verifyBatch(items.slice(5, 9)),
    ]);
    expect([...a, ...b]).toEqual(serial.slice(0, 9));
  });

  it("fails a worker's pending items with L1_VERIFY_POOL_FAILED when it dies mid-batch, then replaces it", async () => {
    const items = Array.from({ length: 400 }, (_, i) => {
      const { publicKey, message, signatures } = fixtures[i % fixtures.length]!;
      return { publicKey, message, signature: signatures[0] };
    });
    const before = poolWorkers(pool).map((w) => w.threadId);
    const pending = pool.verifyBatch(items);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await poolWorkers(pool)[0]!.terminate();
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGhostError(error, "L1_VERIFY_POOL_FAILED"), String(error)).toBe(true);
    const after = poolWorkers(pool).map((w) => w.threadId);
    expect(after).toHaveLength(2);
    expect(after[0]).not.toBe(before[0]);
    expect(await pool.verifyBatch(items.slice(0, 10))).toEqual(Array(10).fill(true));
  });

  it("close finishes batches in flight, is idempotent, and later batches fail with L1_VERIFY_POOL_FAILED", async () => {
    const items = batch(20);
    const inFlight = pool.verifyBatch(items);
    const first = pool.close();
    expect(pool.close()).toBe(first);
    expect(await inFlight).toEqual(items.map((item) => agreed(item.publicKey, item.message, item.signature)));
    await first;
    await pool.close();
    const error = await pool.verifyBatch(items).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isGhostError(error, "L1_VERIFY_POOL_FAILED")).toBe(true);
    expect(poolWorkers(pool).every((w) => w.threadId === -1)).toBe(true);
  });
});
